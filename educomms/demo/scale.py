"""Benchmark data at province scale (1,300 units, 50,000 people) or national scale (54,000 units,
1.7 million people): a ministry, its departments (one per province), their divisions, communes and
schools, and a membership for every person, written by bulk inserts.

Only for empty benchmark databases: `generate` refuses a database that already has units or people
unless `force=True`.

    from educomms.demo.scale import SCALES, generate
    result = generate(**SCALES["national"].as_kwargs(), seed=2026)
"""

import random
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import asdict, dataclass

from django.db import transaction

from educomms.demo import names
from educomms.demo.bulk import Writer
from educomms.demo.staffing import UNIT_FIELDS, K, L, PlannedUnit, Staffer, now, unit_rows
from educomms.org.models import Membership, Person, Unit


@dataclass(frozen=True)
class Scale:
    units: int
    people: int
    provinces: int

    def as_kwargs(self) -> dict[str, int]:
        return asdict(self)


SCALES = {
    "province": Scale(units=1_300, people=50_000, provinces=1),
    "national": Scale(units=54_000, people=1_700_000, provinces=34),
}

# Shares of a province's units (after its department and divisions): communes, then schools.
COMMUNE_SHARE = 0.062
# Of the schools: those under the department (upper secondary, multi-level, continuing education)...
DEPARTMENT_SCHOOLS: list[tuple[str, float]] = [(L.UPPER_SECONDARY, 0.055), (L.MULTI_LEVEL, 0.012), (L.CONTINUING, 0.01)]
# ...and those under communes (since 1 July 2025: preschool, primary, lower secondary).
COMMUNE_SCHOOLS: list[tuple[str, float]] = [(L.PRESCHOOL, 0.37), (L.PRIMARY, 0.33), (L.LOWER_SECONDARY, 0.27), (L.MULTI_LEVEL, 0.03)]

# Relative staff size of a unit, and the fewest people its roles need.
WEIGHT: dict[str, float] = {K.MINISTRY: 40, K.DEPARTMENT: 8, K.DIVISION: 8, K.COMMUNE: 4, K.CENTRE: 20}
LEVEL_WEIGHT: dict[str, float] = {L.PRESCHOOL: 20, L.PRIMARY: 28, L.LOWER_SECONDARY: 32, L.UPPER_SECONDARY: 62, L.MULTI_LEVEL: 40,
                L.CONTINUING: 28}
MINIMUM: dict[str, int] = {K.MINISTRY: 2, K.DEPARTMENT: 6, K.DIVISION: 2, K.COMMUNE: 2, K.SCHOOL: 4, K.CENTRE: 4}

SCHOOL_WORDS: dict[str, tuple[str, str, list[str]]] = {
    L.PRESCHOOL: ("Trường Mầm non", "MN", names.PRESCHOOL_NAMES),
    L.PRIMARY: ("Trường Tiểu học", "TH", names.PRIMARY_NAMES),
    L.LOWER_SECONDARY: ("Trường THCS", "THCS", names.LOWER_SECONDARY_NAMES),
    L.UPPER_SECONDARY: ("Trường THPT", "THPT", names.UPPER_SECONDARY_NAMES),
    L.CONTINUING: ("Trung tâm GDNN-GDTX", "TT GDNN-GDTX", names.COMMUNE_NAMES),
}
EMAIL_DOMAIN = "scale.example"


class DatabaseNotEmpty(Exception):
    pass


@dataclass
class Result:
    units: int
    people: int
    memberships: int
    seconds: float
    first_unit_id: int


def apportion(weights: list[float], total: int, minimum: list[int], rng: random.Random) -> list[int]:
    """Split `total` people over units in proportion to `weights` (jittered ±25 %), each unit getting at
    least its minimum; the sum is exactly `total`."""
    floor = sum(minimum)
    if total < floor:
        raise ValueError(f"{total} người là quá ít cho các đơn vị này (cần ít nhất {floor}).")
    jittered = [w * rng.uniform(0.75, 1.25) for w in weights]
    spare = total - floor
    scale = spare / sum(jittered)
    counts = [m + int(w * scale) for w, m in zip(jittered, minimum, strict=True)]
    short = total - sum(counts)
    for i in rng.sample(range(len(counts)), short) if short <= len(counts) else []:
        counts[i] += 1
    while sum(counts) < total:  # only when there are fewer units than leftover people (tiny sizes)
        counts[rng.randrange(len(counts))] += 1
    return counts


def _split(n: int, shares: list[tuple[str, float]]) -> list[str]:
    """`n` labels in the proportions of `shares` (largest remainders)."""
    total = sum(s for _, s in shares)
    exact = [(label, n * s / total) for label, s in shares]
    counts = {label: int(x) for label, x in exact}
    rest = n - sum(counts.values())
    for label, _x in sorted(exact, key=lambda e: e[1] - int(e[1]), reverse=True)[:rest]:
        counts[label] += 1
    return [label for label, _ in shares for _ in range(counts[label])]


def plan_units(*, units: int, provinces: int, rng: random.Random, first_id: int,
               code_prefix: str = "") -> list[PlannedUnit]:
    """The unit tree, ids and paths decided in memory. Exactly `units` units; every code starts with
    `code_prefix` (used when a tree is added to a database that has one already)."""
    fixed = 1 + provinces * (1 + len(names.DIVISIONS))
    if units < fixed + provinces * 3:
        raise ValueError(f"{units} đơn vị là quá ít cho {provinces} tỉnh (cần ít nhất {fixed + provinces * 3}).")
    if provinces > len(names.PROVINCES):
        raise ValueError(f"Tối đa {len(names.PROVINCES)} tỉnh.")
    next_id = iter(range(first_id, first_id + units))
    planned: list[PlannedUnit] = []

    def add(**kwargs) -> PlannedUnit:
        kwargs["code"] = code_prefix + kwargs["code"]
        unit = PlannedUnit(id=next(next_id), **kwargs)
        planned.append(unit)
        return unit

    ministry = add(parent=None, kind=K.MINISTRY, name="Bộ Giáo dục và Đào tạo", short_name="Bộ GD&ĐT", code="BGDDT",
                   spokesperson="deputy")
    rest = units - fixed
    per_province = [rest // provinces + (1 if p < rest % provinces else 0) for p in range(provinces)]
    school_seq = 0
    for p, share in enumerate(per_province, start=1):
        province = names.PROVINCES[p - 1]
        where = f"tỉnh {province}"
        dept = add(parent=ministry, kind=K.DEPARTMENT, name=f"Sở Giáo dục và Đào tạo {where}",
                   short_name=f"Sở GD&ĐT {province}", code=f"S{p:02d}", spokesperson="deputy",
                   address=f"{rng.randrange(1, 200)} {rng.choice(names.STREETS)}, {where}")
        for name, abbr, style in names.DIVISIONS:
            add(parent=dept, kind=K.DIVISION, name=name, code=f"S{p:02d}-{abbr}", title_style=style, spokesperson="")
        n_communes = max(1, round(share * COMMUNE_SHARE))
        n_schools = share - n_communes
        n_dept_schools = max(1, round(n_schools * sum(s for _, s in DEPARTMENT_SCHOOLS)))
        communes = []
        for c in range(1, n_communes + 1):
            word = "Phường" if c <= max(1, n_communes // 6) else "Xã"
            place = rng.choice(names.COMMUNE_NAMES)
            communes.append(add(parent=dept, kind=K.COMMUNE, name=f"{word} {place}", code=f"{p:02d}{c:03d}",
                                spokesperson="head" if rng.random() < 0.7 else "",
                                address=f"{word} {place}, {where}"))
        # Urban wards have more schools than rural communes.
        commune_weights = [3.0 if u.name.startswith("Phường") else rng.uniform(0.6, 1.6) for u in communes]
        levels = _split(n_dept_schools, DEPARTMENT_SCHOOLS) + _split(n_schools - n_dept_schools, COMMUNE_SCHOOLS)
        for i, level in enumerate(levels):
            school_seq += 1
            under_department = i < n_dept_schools
            parent = dept if under_department else rng.choices(communes, weights=commune_weights)[0]
            if level == L.MULTI_LEVEL:
                if under_department:
                    prefix, short, pool = "Trường TH-THCS-THPT", "TH-THCS-THPT", names.MULTI_LEVEL_NAMES
                else:
                    prefix, short, pool = "Trường TH&THCS", "TH&THCS", names.COMMUNE_NAMES
            else:
                prefix, short, pool = SCHOOL_WORDS[level]
            label = rng.choice(pool)
            roll = rng.random()
            spokes = "head" if roll < 0.85 else "deputy" if roll < 0.9 else ""
            add(parent=parent, kind=K.SCHOOL, school_level=level, name=f"{prefix} {label}",
                short_name=f"{short} {label}", code=f"{p:02d}{school_seq:06d}", spokesperson=spokes,
                address=f"{parent.name if not under_department else where}, {where}"[:300])
    assert len(planned) == units, (len(planned), units)
    return planned


def _weight(unit: PlannedUnit) -> float:
    return LEVEL_WEIGHT[unit.school_level] if unit.kind == K.SCHOOL else WEIGHT[unit.kind]


def database_has_data(using: str = "default") -> bool:
    return Unit.objects.using(using).exists() or Person.objects.using(using).exists()


def generate(*, units: int, people: int, provinces: int = 1, seed: int = 2026, using: str = "default",
             force: bool = False, progress: Callable[[str, int], None] | None = None) -> Result:
    """Write `units` units and `people` people (each with at least one membership) into `using`.

    Raises DatabaseNotEmpty when units or people exist already, unless `force`: then the new tree is a
    second root whose unit codes start with "G<its first id>-" so that they cannot clash."""
    has_data = database_has_data(using)
    if has_data and not force:
        raise DatabaseNotEmpty("The database already has units or people; use a fresh benchmark database "
                               "(or force=True / --force).")
    started = time.perf_counter()
    rng = random.Random(seed)
    writer = Writer(using)
    report = progress or (lambda stage, n: None)
    with writer.loading(), transaction.atomic(using=using):
        first_unit = writer.next_id(Unit)
        prefix = f"G{first_unit}-" if Unit.objects.using(using).exists() else ""
        planned = plan_units(units=units, provinces=provinces, rng=rng, first_id=first_unit, code_prefix=prefix)
        counts = apportion([_weight(u) for u in planned], people, [MINIMUM[u.kind] for u in planned], rng)
        for unit, count in zip(planned, counts, strict=True):
            unit.staff = count
        stamp = now()
        first_person, first_membership = writer.next_id(Person), writer.next_id(Membership)
        # Into empty tables, PostgreSQL loads faster with indexes and constraints built afterwards.
        with nullcontext() if has_data else writer.without_indexes([Unit, Person, Membership]):
            writer.insert(Unit, UNIT_FIELDS, unit_rows(writer, planned, stamp))
            report("units", len(planned))
            staffer = Staffer(
                writer, rng, now=stamp,
                email_for=lambda name, pid: f"{name.given_folded}{name.initials}.{pid}@{EMAIL_DOMAIN}",
                phone_for=names.sequential_phone,
            )
            staffed = staffer.write(planned, first_person_id=first_person, first_membership_id=first_membership,
                                    progress=lambda n: report("people", n))
        writer.reset_sequences([Unit, Person, Membership])
    writer.analyze([Unit, Person, Membership])
    return Result(units=len(planned), people=staffed.people, memberships=staffed.memberships,
                  seconds=time.perf_counter() - started, first_unit_id=first_unit)

