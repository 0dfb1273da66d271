"""The engine shared by the demo province and the benchmark generator: a list of planned units in, units,
people and memberships written out in bulk.

A planned unit (`PlannedUnit`) knows its id, parent and path before anything is written, and how many
people work there. `staff_layout` decides who holds which roles: the first person is the head, then the
deputies, the spokesperson (often the head too: then both memberships), the communications officer and
the union representative (teachers who also hold STAFF), then everyone else as STAFF.
"""

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.utils import timezone

from educomms.core.text import fold
from educomms.demo import names
from educomms.demo.bulk import Writer
from educomms.org.models import Membership, Person, Unit
from educomms.org.roles import Role

K = Unit.Kind
L = Unit.SchoolLevel
SCHOOL_KINDS = {K.SCHOOL, K.CENTRE}


@dataclass(slots=True)
class PlannedUnit:
    id: int
    parent: "PlannedUnit | None"
    kind: str
    name: str
    code: str
    short_name: str = ""
    school_level: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    staff: int = 0                   # people working here (each gets at least one membership)
    spokesperson: str = "head"       # "head", "deputy" or "" (none)
    title_style: str = ""            # division flavour: "office", "inspectorate", "" (a Phòng)
    since_floor: dt.date | None = None  # memberships start no earlier (communes: 1 July 2025)
    path: str = field(init=False)
    depth: int = field(init=False)

    def __post_init__(self) -> None:
        self.path = f"{self.parent.path if self.parent else '/'}{self.id}/"
        self.depth = self.parent.depth + 1 if self.parent else 0


# --- roles ---------------------------------------------------------------------------------------------

def deputies_for(unit: PlannedUnit) -> int:
    n = unit.staff
    if unit.kind in (K.MINISTRY, K.DEPARTMENT):
        return min(3, max(n - 3, 0))
    if unit.kind in SCHOOL_KINDS:
        want = 1 if n < 25 else 2 if n < 60 else 3
        return max(0, min(want, n - 3))
    if unit.kind == K.DIVISION:
        return 1 if n >= 4 else 0
    return 1 if n >= 4 else 0  # commune


def staff_layout(unit: PlannedUnit) -> list[tuple[str, ...]]:
    """Roles of the first people of `unit`, in order; everyone after them is STAFF only."""
    n = unit.staff
    school = unit.kind in SCHOOL_KINDS
    layout: list[list[str]] = [[Role.HEAD.value]]
    if unit.spokesperson == "head" and unit.kind not in (K.MINISTRY, K.DEPARTMENT):
        layout[0].append(Role.SPOKESPERSON)
    for i in range(deputies_for(unit)):
        roles: list[str] = [Role.DEPUTY_HEAD]
        if i == 0 and (unit.spokesperson == "deputy" or (unit.spokesperson and unit.kind in (K.MINISTRY, K.DEPARTMENT))):
            roles.append(Role.SPOKESPERSON)
        layout.append(roles)
    if unit.kind != K.DIVISION:
        layout.append([Role.COMMS_OFFICER, Role.STAFF] if school else [Role.COMMS_OFFICER])
    if school or unit.kind == K.DEPARTMENT:
        layout.append([Role.UNION_REP, Role.STAFF] if school else [Role.UNION_REP])
    return [tuple(r) for r in layout[:n]]


# --- titles ---------------------------------------------------------------------------------------------

def _teacher_title(unit: PlannedUnit, rng: random.Random) -> str:
    level = unit.school_level
    if level == L.PRESCHOOL:
        return "Giáo viên mầm non"
    if level == L.PRIMARY:
        # Most primary teachers teach a class; some teach one subject across classes.
        return f"Giáo viên {rng.choice(names.SUBJECTS_PRIMARY)}" if rng.random() < 0.3 else "Giáo viên Tiểu học"
    if level in (L.UPPER_SECONDARY, L.CONTINUING):
        return f"Giáo viên {rng.choices(names.SUBJECTS_UPPER, weights=names.SUBJECT_WEIGHTS_UPPER)[0]}"
    if level == L.MULTI_LEVEL and rng.random() < 0.4:
        return f"Giáo viên {rng.choices(names.SUBJECTS_UPPER, weights=names.SUBJECT_WEIGHTS_UPPER)[0]}"
    return f"Giáo viên {rng.choices(names.SUBJECTS_LOWER, weights=names.SUBJECT_WEIGHTS_LOWER)[0]}"


def _unit_word(unit: PlannedUnit) -> str:
    return "phường" if unit.name.startswith("Phường") else "xã"


def title_for(unit: PlannedUnit, roles: tuple[str, ...], rng: random.Random) -> str:
    role = roles[0]
    kind = unit.kind
    centre = kind == K.CENTRE or unit.school_level == L.CONTINUING
    if kind == K.MINISTRY:
        ministry: dict[str, str] = {Role.HEAD: "Lãnh đạo Bộ", Role.DEPUTY_HEAD: "Lãnh đạo Bộ",
                                    Role.COMMS_OFFICER: "Chuyên viên phụ trách truyền thông"}
        return ministry.get(role, "Chuyên viên")
    if kind == K.DEPARTMENT:
        if role == Role.HEAD:
            return "Giám đốc Sở"
        if role == Role.DEPUTY_HEAD:
            return "Phó Giám đốc Sở, người phát ngôn" if Role.SPOKESPERSON in roles else "Phó Giám đốc Sở"
        if role == Role.COMMS_OFFICER:
            return "Chuyên viên Văn phòng Sở, phụ trách truyền thông"
        if role == Role.UNION_REP:
            return "Chủ tịch Công đoàn cơ quan Sở"
        return "Chuyên viên"
    if kind == K.DIVISION:
        boss = {"office": "Chánh Văn phòng", "inspectorate": "Chánh Thanh tra"}.get(unit.title_style, "Trưởng phòng")
        if role == Role.HEAD:
            return boss
        if role == Role.DEPUTY_HEAD:
            return f"Phó {boss}"
        if unit.title_style == "inspectorate":
            return rng.choice(["Thanh tra viên", "Thanh tra viên chính", "Thanh tra viên"])
        if unit.title_style == "office":
            return rng.choice(["Chuyên viên", "Chuyên viên", "Văn thư", "Kế toán viên", "Chuyên viên chính"])
        return rng.choice(["Chuyên viên", "Chuyên viên", "Chuyên viên chính"])
    if kind == K.COMMUNE:
        word = _unit_word(unit)
        if role == Role.HEAD:
            return f"Chủ tịch UBND {word}"
        if role == Role.DEPUTY_HEAD:
            return f"Phó Chủ tịch UBND {word}"
        if role == Role.COMMS_OFFICER:
            return "Công chức Văn hóa - Xã hội, phụ trách giáo dục"
        return "Chuyên viên Phòng Văn hóa - Xã hội"
    # Schools and centres.
    if role == Role.HEAD:
        return "Giám đốc Trung tâm" if centre else "Hiệu trưởng"
    if role == Role.DEPUTY_HEAD:
        return "Phó Giám đốc Trung tâm" if centre else "Phó Hiệu trưởng"
    if role == Role.COMMS_OFFICER:
        if unit.school_level == L.PRESCHOOL:
            return "Giáo viên mầm non, phụ trách truyền thông"
        if kind == K.CENTRE:
            return "Chuyên viên, phụ trách truyền thông"
        subject = rng.choice(["Tin học", "Ngữ văn", "Tin học", "Tiếng Anh"])
        return f"Giáo viên {subject}, phụ trách truyền thông"
    if role == Role.UNION_REP:
        teacher = "Giáo viên giáo dục hòa nhập" if kind == K.CENTRE else _teacher_title(unit, rng)
        return f"{teacher}, Chủ tịch Công đoàn"
    if kind == K.CENTRE:
        return rng.choice(["Giáo viên giáo dục hòa nhập", "Giáo viên giáo dục hòa nhập", "Chuyên viên can thiệp sớm",
                           "Nhân viên hỗ trợ giáo dục người khuyết tật", "Nhân viên kế toán"])
    if unit.school_level == L.PRESCHOOL:
        return rng.choice(names.PRESCHOOL_EMPLOYEES) if rng.random() < 0.18 else "Giáo viên mầm non"
    if rng.random() < 0.1:
        return rng.choice(names.SCHOOL_EMPLOYEES)
    if centre and rng.random() < 0.3:
        return "Giáo viên dạy nghề"
    if unit.school_level in (L.PRIMARY, L.LOWER_SECONDARY, L.MULTI_LEVEL) and rng.random() < 0.02:
        return "Giáo viên, Tổng phụ trách Đội"
    return _teacher_title(unit, rng)


def female_share(unit: PlannedUnit, leader: bool) -> float:
    level = unit.school_level
    if level == L.PRESCHOOL:
        return 0.97 if not leader else 0.95
    if level == L.PRIMARY:
        return 0.8 if not leader else 0.6
    if level in (L.LOWER_SECONDARY, L.MULTI_LEVEL):
        return 0.7 if not leader else 0.45
    if level in (L.UPPER_SECONDARY, L.CONTINUING):
        return 0.62 if not leader else 0.35
    return 0.5 if not leader else 0.3


# --- writing ---------------------------------------------------------------------------------------------

UNIT_FIELDS = ["id", "created_at", "updated_at", "parent", "path", "depth", "kind", "school_level", "code", "name",
               "short_name", "name_folded", "address", "phone", "email", "website", "active", "deactivated_at",
               "require_leader_2fa"]
PERSON_FIELDS = ["id", "password", "last_login", "is_superuser", "email", "phone", "full_name", "full_name_folded",
                 "title", "zalo_phone", "is_active", "is_staff", "date_joined"]
MEMBERSHIP_FIELDS = ["id", "created_at", "updated_at", "person", "unit", "role", "since", "until"]


def unit_rows(writer: Writer, units: list[PlannedUnit], now: dt.datetime) -> Iterator[tuple]:
    stamp = writer.datetime(now)
    for u in units:
        yield (u.id, stamp, stamp, u.parent.id if u.parent else None, u.path, u.depth, u.kind, u.school_level,
               u.code, u.name, u.short_name, fold(u.name), u.address, u.phone, u.email, u.website, True, None, False)


@dataclass
class StaffResult:
    people: int = 0
    memberships: int = 0
    # unit id → id of its first person (the head; the layout's order follows), for the demo's sign-ins.
    first_person_id: dict[int, int] = field(default_factory=dict)


class Staffer:
    """Writes the people and memberships of planned units.

    `email_for(name, person_id)` and `phone_for(person_id)` decide contacts (the demo draws realistic
    unique ones; the benchmark generator derives them from the id to avoid remembering 1.7 million)."""

    def __init__(self, writer: Writer, rng: random.Random, *, now: dt.datetime,
                 email_for: Callable[[names.Name, int], str], phone_for: Callable[[int], str],
                 history_share: float = 0.0) -> None:
        self.writer = writer
        self.rng = rng
        self.now = now
        self.email_for = email_for
        self.phone_for = phone_for
        self.history_share = history_share
        self.picker = names.NamePicker(rng)
        start, end = dt.date(2003, 8, 15), dt.date(2025, 8, 31)
        span = (end - start).days
        # A pool of start dates, adapted once (faster than adapting a date per row).
        self._dates = [start + dt.timedelta(days=rng.randrange(span)) for _ in range(2000)]
        self._adapted: dict[dt.date, object] = {}

    def _date(self, value: dt.date) -> object:
        adapted = self._adapted.get(value)
        if adapted is None:
            adapted = self._adapted[value] = self.writer.date(value)
        return adapted

    def _since(self, unit: PlannedUnit) -> dt.date:
        day = self.rng.choice(self._dates)
        if unit.since_floor and day < unit.since_floor:
            # Communes took over schools on 1 July 2025: their roles start then or later.
            day = unit.since_floor + dt.timedelta(days=self.rng.randrange(60))
        return day

    def write(self, units: list[PlannedUnit], *, first_person_id: int, first_membership_id: int,
              progress: Callable[[int], None] | None = None) -> StaffResult:
        """Write people and memberships for `units`, in chunks (people, then their memberships) so that
        memory stays bounded at any scale. Returns counts and the first person id of each unit."""
        result = StaffResult()
        rng = self.rng
        writer = self.writer
        stamp = writer.datetime(self.now)
        pid, mid = first_person_id, first_membership_id
        people: list[tuple] = []
        memberships: list[tuple] = []
        schools_by_level: dict[str, list[int]] = {}
        for u in units:
            if u.kind == K.SCHOOL:
                schools_by_level.setdefault(u.school_level, []).append(u.id)

        def flush() -> None:
            writer.insert(Person, PERSON_FIELDS, people)
            writer.insert(Membership, MEMBERSHIP_FIELDS, memberships)
            result.people += len(people)
            result.memberships += len(memberships)
            people.clear()
            memberships.clear()
            if progress:
                progress(result.people)

        for unit in units:
            if unit.staff <= 0:
                continue
            result.first_person_id[unit.id] = pid
            layout = staff_layout(unit)
            for index in range(unit.staff):
                roles = layout[index] if index < len(layout) else (Role.STAFF,)
                leader = index < len(layout) and roles[0] in (Role.HEAD, Role.DEPUTY_HEAD)
                name = self.picker.pick(female=rng.random() < female_share(unit, leader))
                phone = self.phone_for(pid)
                people.append((pid, f"!{rng.getrandbits(128):032x}", None, False, self.email_for(name, pid), phone,
                               name.full, name.folded, title_for(unit, roles, rng),
                               phone if rng.random() < 0.8 else "", True, False, stamp))
                since = self._since(unit)
                for role in roles:
                    memberships.append((mid, stamp, stamp, pid, unit.id, role, self._date(since), None))
                    mid += 1
                if self.history_share and roles == (Role.STAFF,) and unit.kind == K.SCHOOL \
                        and rng.random() < self.history_share:
                    # An earlier post at another school of the same level, ended the day this one began.
                    before = rng.choice(schools_by_level[unit.school_level])
                    if before != unit.id:
                        began = since - dt.timedelta(days=rng.randrange(365 * 2, 365 * 8))
                        memberships.append((mid, stamp, stamp, pid, before, Role.STAFF, self._date(began),
                                            self._date(since)))
                        mid += 1
                pid += 1
            if len(people) >= 50_000:
                flush()
        flush()
        return result


def now() -> dt.datetime:
    return timezone.now().replace(microsecond=0)
