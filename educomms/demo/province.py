"""The demo province, "tỉnh Bình Sơn": fictional, realistic, reproducible.

    Bộ Giáo dục và Đào tạo (BGDDT)
      └── Sở Giáo dục và Đào tạo tỉnh Bình Sơn (SGDBS)
            ├── 8 divisions (Văn phòng Sở, Phòng Giáo dục Trung học, ..., Thanh tra Sở)
            ├── upper-secondary schools (THPT, THPT Chuyên, TH-THCS-THPT), GDNN-GDTX centres,
            │   and the centre for inclusive education
            └── about 60 wards and communes (phường/xã)
                  └── their preschools, primary, lower-secondary (and TH&THCS) schools

Since 1 July 2025 communes manage preschools, primary and lower-secondary schools, so those sit
under communes. About 400 schools, about 12,000 people. Every unit has a head; schools have deputies,
a communications officer, usually a spokesperson (most often the principal, who then holds both
roles), a union representative and staff sized by level.

`load()` is idempotent: it does nothing when the ministry (code BGDDT) is already there. Six people get
a known password (DEMO_PASSWORD) to sign in with; everyone else has an unusable password.
"""

import datetime as dt
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from educomms.audit.services import record
from educomms.demo import names
from educomms.demo.bulk import Writer
from educomms.demo.staffing import UNIT_FIELDS, K, L, PlannedUnit, Staffer, now, unit_rows
from educomms.newsroom.seeds import SEEDED_SCHOOL_YEARS, seed_key_dates, seed_themes
from educomms.notifications.services import notify
from educomms.org.models import Membership, Person, Unit
from educomms.org.roles import Role

ROOT_CODE = "BGDDT"
DEPARTMENT_CODE = "SGDBS"
DEMO_PASSWORD = "educomms-demo"  # noqa: S105 - a demo: everyone may know it, and the command says so
DEFAULT_SCHOOLS = 400
DEFAULT_SEED = 2025
PROVINCE_CODE = "99"  # not a real province code (those stop at 96)
WHERE = f"tỉnh {names.PROVINCE}"
DOMAIN = names.EMAIL_DOMAIN

# Schools per 400, by type: (key, level, share). Rounded with largest remainders for other sizes.
SCHOOL_MIX: list[tuple[str, str, int]] = [
    ("mn", L.PRESCHOOL, 125), ("th", L.PRIMARY, 118), ("thcs", L.LOWER_SECONDARY, 102),
    ("th_thcs", L.MULTI_LEVEL, 8), ("thpt", L.UPPER_SECONDARY, 32), ("chuyen", L.UPPER_SECONDARY, 2),
    ("lien_cap", L.MULTI_LEVEL, 4), ("gdtx", L.CONTINUING, 9),
]
COMMUNES_PER_400_SCHOOLS = 60
STAFF_RANGE = {
    "mn": (15, 25), "th": (22, 34), "thcs": (26, 38), "th_thcs": (24, 34), "thpt": (50, 70), "chuyen": (75, 90),
    "lien_cap": (50, 62), "gdtx": (22, 34),
}
CHUYEN_NAMES = ["Bình Sơn", "Nguyễn Tất Thành", "Hùng Vương"]
# Communes took over preschools, primary and lower-secondary schools on this day.
COMMUNE_HANDOVER = dt.date(2025, 7, 1)


@dataclass(frozen=True)
class SignIn:
    key: str
    label: str
    email: str
    password: str = DEMO_PASSWORD


# The demo sign-ins: memorable addresses (the rest of the province has name-based ones).
def sign_in_accounts() -> list[SignIn]:
    return [
        SignIn("director", _("Giám đốc Sở"), f"giamdoc@{DOMAIN}"),
        SignIn("spokesperson", _("Người phát ngôn của Sở"), f"phatngon@{DOMAIN}"),
        SignIn("dept_officer", _("Cán bộ truyền thông của Sở"), f"truyenthong@{DOMAIN}"),
        SignIn("principal", _("Hiệu trưởng Trường THCS Nguyễn Du"), f"hieutruong.thcsnguyendu@{DOMAIN}"),
        SignIn("school_officer", _("Cán bộ truyền thông Trường THCS Nguyễn Du"),
               f"truyenthong.thcsnguyendu@{DOMAIN}"),
        SignIn("teacher", _("Giáo viên Trường THCS Nguyễn Du"), f"giaovien.thcsnguyendu@{DOMAIN}"),
    ]


@dataclass
class LoadResult:
    created: bool
    units: int = 0
    schools: int = 0
    people: int = 0
    memberships: int = 0
    seconds: float = 0.0
    people_by_key: dict[str, Person] = field(default_factory=dict)


def is_loaded(using: str = "default") -> bool:
    return Unit.objects.using(using).filter(code=ROOT_CODE).exists()


def _apportion(total: int, mix: list[tuple[str, str, int]]) -> dict[str, int]:
    base = sum(share for *_, share in mix)
    exact = {key: total * share / base for key, _, share in mix}
    counts = {key: int(x) for key, x in exact.items()}
    for key in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[: total - sum(counts.values())]:
        counts[key] += 1
    # The demo's sign-in school is a lower-secondary school: keep at least one.
    if counts["thcs"] == 0:
        biggest = max(counts, key=lambda k: counts[k])
        counts[biggest] -= 1
        counts["thcs"] = 1
    return counts


class _Namer:
    """Unique school names per type: historical figures and flowers first, then place names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: dict[str, set[str]] = {}

    def take(self, family: str, pool: list[str], place: str, prefer_pool: float) -> str:
        used = self.used.setdefault(family, set())
        free = [n for n in pool if n not in used]
        if free and (self.rng.random() < prefer_pool or place in used):
            label = self.rng.choice(free)
        else:
            label = place
            n = 2
            while label in used:  # "Trường Tiểu học số 2 An Phú", as schools sharing a place are named
                label = f"số {n} {place}"
                n += 1
        used.add(label)
        return label


def plan_province(rng: random.Random, *, schools: int, first_id: int) -> tuple[list[PlannedUnit], dict[str, PlannedUnit]]:
    """The demo tree with ids and paths, and a few units the sign-ins are attached to."""
    ids = iter(range(first_id, first_id + 100_000))
    planned: list[PlannedUnit] = []
    phones: set[str] = set()

    def landline() -> str:
        while True:
            number = f"{names.LANDLINE_AREA}3{rng.randrange(1_000_000):06d}"
            if number not in phones:
                phones.add(number)
                return number

    def add(**kwargs) -> PlannedUnit:
        unit = PlannedUnit(id=next(ids), **kwargs)
        planned.append(unit)
        return unit

    ministry = add(parent=None, kind=K.MINISTRY, name="Bộ Giáo dục và Đào tạo", short_name="Bộ GD&ĐT",
                   code=ROOT_CODE, staff=2, spokesperson="")
    department = add(parent=ministry, kind=K.DEPARTMENT, name=f"Sở Giáo dục và Đào tạo {WHERE}",
                     short_name=f"Sở GD&ĐT {names.PROVINCE}", code=DEPARTMENT_CODE, spokesperson="deputy", staff=9,
                     address=f"12 Lê Lợi, phường {names.PROVINCE}, {WHERE}", phone=landline(),
                     email=f"vanphong.sgd@{DOMAIN}")
    for name, abbr, style in names.DIVISIONS:
        size = 12 if style == "office" else rng.randint(6, 9)
        add(parent=department, kind=K.DIVISION, name=name, code=f"{DEPARTMENT_CODE}-{abbr}", title_style=style,
            spokesperson="", staff=size, phone=landline())

    counts = _apportion(schools, SCHOOL_MIX)
    n_communes = max(2, round(COMMUNES_PER_400_SCHOOLS * schools / DEFAULT_SCHOOLS))
    n_wards = max(1, n_communes // 5)
    wards = names.WARD_NAMES[:n_wards]
    rural = rng.sample(names.COMMUNE_NAMES, n_communes - len(wards))
    communes: list[PlannedUnit] = []
    places: dict[int, str] = {}
    for i, (word, place) in enumerate([("Phường", w) for w in wards] + [("Xã", c) for c in rural], start=1):
        unit = add(parent=department, kind=K.COMMUNE, name=f"{word} {place}", short_name=f"{word} {place}",
                   code=f"{PROVINCE_CODE}{i:03d}", spokesperson="head" if rng.random() < 0.8 else "",
                   staff=rng.randint(3, 5), since_floor=COMMUNE_HANDOVER, phone=landline(),
                   email=f"ubnd.{names.slug(word + place)}@{DOMAIN}", address=f"{word} {place}, {WHERE}")
        communes.append(unit)
        places[unit.id] = place

    namer = _Namer(rng)
    seq: dict[int, int] = {}

    def school(kind_key: str, *, parent: PlannedUnit, located: PlannedUnit, prefix: str, short: str, label: str,
               level: str, spokesperson: str | None = None) -> PlannedUnit:
        n = seq[parent.id] = seq.get(parent.id, 0) + 1
        commune_no = 0 if parent is department else communes.index(parent) + 1
        word = located.name.split(" ", 1)[0].lower()
        if word == "phường":
            address = f"{rng.randrange(1, 300)} {rng.choice(names.STREETS)}, phường {places[located.id]}, {WHERE}"
        else:
            address = f"{rng.choice(names.HAMLET_WORDS)} {rng.randrange(1, 12)}, xã {places[located.id]}, {WHERE}"
        roll = rng.random()
        spokes = spokesperson or ("head" if roll < 0.85 else "deputy" if roll < 0.92 else "")
        low, high = STAFF_RANGE[kind_key]
        return add(parent=parent, kind=K.SCHOOL, school_level=level, name=f"{prefix} {label}",
                   short_name=f"{short} {label}", code=f"{PROVINCE_CODE}{commune_no:03d}{n:03d}",
                   spokesperson=spokes, staff=rng.randint(low, high), address=address, phone=landline(),
                   email=f"{names.slug(short + label)}@{DOMAIN}")

    # Under the communes: preschool, primary, lower secondary. Each commune gets one of each while there
    # are enough; the rest go mostly to the wards (towns have more schools).
    weights = [2.5 if u.name.startswith("Phường") else rng.uniform(0.6, 1.4) for u in communes]

    def spread(n: int) -> list[PlannedUnit]:
        chosen = communes[:n] if n <= len(communes) else list(communes)
        chosen += rng.choices(communes, weights=weights, k=max(0, n - len(communes)))
        return sorted(chosen, key=communes.index)

    handles: dict[str, PlannedUnit] = {"ministry": ministry, "department": department}
    for key, level, prefix, short, pool, prefer in [
        ("mn", L.PRESCHOOL, "Trường Mầm non", "MN", names.PRESCHOOL_NAMES, 0.45),
        ("th", L.PRIMARY, "Trường Tiểu học", "TH", names.PRIMARY_NAMES, 0.4),
        ("thcs", L.LOWER_SECONDARY, "Trường THCS", "THCS", names.LOWER_SECONDARY_NAMES, 0.5),
    ]:
        for i, commune in enumerate(spread(counts[key])):
            if key == "thcs" and i == 0:
                # The sign-in school: Trường THCS Nguyễn Du in the provincial capital, its principal
                # also the spokesperson.
                namer.used.setdefault(key, set()).add("Nguyễn Du")
                handles["school"] = school(key, parent=commune, located=commune, prefix=prefix, short=short,
                                           label="Nguyễn Du", level=level, spokesperson="head")
                continue
            label = namer.take(key, pool, places[commune.id], prefer)
            school(key, parent=commune, located=commune, prefix=prefix, short=short, label=label, level=level)
    rural_communes = [c for c in communes if c.name.startswith("Xã")] or communes
    for commune in rng.sample(rural_communes, min(counts["th_thcs"], len(rural_communes))):
        label = namer.take("th_thcs", [], places[commune.id], 0)
        school("th_thcs", parent=commune, located=commune, prefix="Trường TH&THCS", short="TH&THCS", label=label,
               level=L.MULTI_LEVEL)

    # Directly under the department: upper secondary, multi-level, continuing education.
    for i in range(counts["chuyen"]):
        label = CHUYEN_NAMES[i % len(CHUYEN_NAMES)]
        namer.used.setdefault("thpt", set()).add(label)
        school("chuyen", parent=department, located=communes[0], prefix="Trường THPT Chuyên", short="THPT Chuyên",
               label=label, level=L.UPPER_SECONDARY, spokesperson="head")
    for _i in range(counts["thpt"]):
        located = rng.choices(communes, weights=weights)[0]
        label = namer.take("thpt", names.UPPER_SECONDARY_NAMES, places[located.id], 0.7)
        school("thpt", parent=department, located=located, prefix="Trường THPT", short="THPT", label=label,
               level=L.UPPER_SECONDARY)
    for _i in range(counts["lien_cap"]):
        located = rng.choices(communes, weights=weights)[0]
        label = namer.take("lien_cap", names.MULTI_LEVEL_NAMES, places[located.id], 1)
        school("lien_cap", parent=department, located=located, prefix="Trường TH-THCS-THPT", short="TH-THCS-THPT",
               label=label, level=L.MULTI_LEVEL)
    for i in range(counts["gdtx"]):
        located = communes[i % len(communes)]
        label = namer.take("gdtx", [], places[located.id], 0)
        school("gdtx", parent=department, located=located, prefix="Trung tâm GDNN-GDTX", short="TT GDNN-GDTX",
               label=label, level=L.CONTINUING)
    add(parent=department, kind=K.CENTRE, name=f"Trung tâm Hỗ trợ phát triển giáo dục hòa nhập {WHERE}",
        short_name="TT Hỗ trợ GD hòa nhập", code=f"{DEPARTMENT_CODE}-TTHN", staff=rng.randint(12, 18),
        spokesperson="head", address=f"45 Nguyễn Du, phường {names.PROVINCE}, {WHERE}", phone=landline(),
        email=f"tthoanhap@{DOMAIN}")
    return planned, handles


def _emails(rng: random.Random):
    picker = names.EmailPicker(rng, DOMAIN)
    for account in sign_in_accounts():
        picker.reserve(account.email)
    return lambda name, pid: picker.pick(name)


def load(*, schools: int = DEFAULT_SCHOOLS, seed: int = DEFAULT_SEED, using: str = "default") -> LoadResult:
    """Load the demo province unless it is there already. One transaction: all or nothing."""
    if is_loaded(using):
        return LoadResult(created=False, people_by_key=sign_in_people(using))
    if schools < 1:
        raise ValueError(_("Số trường phải từ 1 trở lên."))
    started = time.perf_counter()
    rng = random.Random(seed)
    writer = Writer(using)
    phones = names.PhonePicker(rng)
    with writer.loading(), transaction.atomic(using=using):
        # Taken contacts elsewhere in the database (the demo may join an existing installation).
        for phone in Person.objects.using(using).exclude(phone=None).values_list("phone", flat=True).iterator():
            phones.reserve(phone or "")
        email_for = _emails(rng)
        planned, handles = plan_province(rng, schools=schools, first_id=writer.next_id(Unit))
        stamp = now()
        writer.insert(Unit, UNIT_FIELDS, unit_rows(writer, planned, stamp))
        staffer = Staffer(writer, rng, now=stamp, email_for=email_for, phone_for=lambda pid: phones.pick(),
                          history_share=0.04)
        staffed = staffer.write(planned, first_person_id=writer.next_id(Person),
                                first_membership_id=writer.next_id(Membership))
        writer.reset_sequences([Unit, Person, Membership])
        people = _set_up_sign_ins(handles, using)
        department = Unit.objects.using(using).get(pk=handles["department"].id)
        school = Unit.objects.using(using).get(pk=handles["school"].id)
        n_schools = sum(1 for u in planned if u.kind == K.SCHOOL)
        summary = {"units": len(planned), "schools": n_schools, "people": staffed.people,
                   "memberships": staffed.memberships, "schools_requested": schools, "seed": seed}
        record(actor=None, verb="demo.loaded", obj=department, unit=department, after=summary)
        _seed_notifications(people, department, school, summary)
        seed_themes(department, using=using)
        for school_year in SEEDED_SCHOOL_YEARS:
            seed_key_dates(department, school_year, using=using)
    writer.analyze([Unit, Person, Membership])
    return LoadResult(created=True, units=len(planned), schools=n_schools, people=staffed.people,
                      memberships=staffed.memberships, seconds=time.perf_counter() - started,
                      people_by_key=people)


def _first_holder(unit_id: int, role: str, using: str) -> Person:
    person = (Person.objects.using(using)
              .filter(memberships__unit_id=unit_id, memberships__role=role, memberships__until__isnull=True)
              .order_by("pk").first())
    assert person is not None, (unit_id, role)  # the staffing layout always fills these roles
    return person


def _set_up_sign_ins(handles: dict[str, PlannedUnit], using: str) -> dict[str, Person]:
    """Give the six demo people their memorable e-mail and the demo password."""
    dept, school = handles["department"].id, handles["school"].id
    people: dict[str, Person] = {
        "director": _first_holder(dept, Role.HEAD, using),
        "spokesperson": _first_holder(dept, Role.SPOKESPERSON, using),
        "dept_officer": _first_holder(dept, Role.COMMS_OFFICER, using),
        "principal": _first_holder(school, Role.HEAD, using),
        "school_officer": _first_holder(school, Role.COMMS_OFFICER, using),
    }
    # A teacher with no other role (not the communications officer or the union representative).
    teacher = (Person.objects.using(using)
               .filter(memberships__unit_id=school, memberships__role=Role.STAFF, title__startswith="Giáo viên")
               .exclude(memberships__role__in=[r for r in Role.values if r != Role.STAFF])
               .order_by("pk").first())
    assert teacher is not None
    people["teacher"] = teacher
    password = make_password(DEMO_PASSWORD)
    for account in sign_in_accounts():
        person = people[account.key]
        Person.objects.using(using).filter(pk=person.pk).update(email=account.email, password=password)
        person.email, person.password = account.email, password
    return people


def sign_in_people(using: str = "default") -> dict[str, Person]:
    """The demo sign-ins as they are in the database now (after the demo was loaded)."""
    by_email = {p.email: p for p in Person.objects.using(using).filter(
        email__in=[a.email for a in sign_in_accounts()])}
    return {a.key: by_email[a.email] for a in sign_in_accounts() if a.email in by_email}


def _seed_notifications(people: dict[str, Person], department: Unit, school: Unit, summary: dict) -> None:
    everyone = list(people.values())
    notify(recipients=everyone, kind="demo.welcome",
           title=_("Chào mừng bạn đến với educomms: bản trình diễn tỉnh Bình Sơn"),
           body=_("Mọi đơn vị, con người và số liệu ở đây đều là hư cấu, chỉ để dùng thử. Mật khẩu của các "
                  "tài khoản trình diễn là “%(password)s”.") % {"password": DEMO_PASSWORD},
           url=reverse("core:home"))
    notify(recipients=[people["director"], people["spokesperson"], people["dept_officer"]], kind="demo.network",
           title=_("Mạng lưới truyền thông của Sở đã sẵn sàng: %(schools)s trường, %(people)s nhân sự") % {
               "schools": _vn_number(summary["schools"]), "people": _vn_number(summary["people"])},
           body=_("Xem cây đơn vị, người đứng đầu và người phát ngôn của từng đơn vị."),
           url=reverse("org:unit", args=[department.pk]), unit=department)
    notify(recipients=[people["dept_officer"]], kind="demo.people",
           title=_("Danh bạ nhân sự toàn ngành đã được nạp"),
           body=_("Lọc theo đơn vị, vai trò và tìm theo tên, có dấu hoặc không dấu."),
           url=reverse("org:people"), unit=department)
    notify(recipients=[people["principal"], people["school_officer"]], kind="demo.spokespersons",
           title=_("Kiểm tra danh sách người phát ngôn của %(school)s") % {"school": school.name},
           body=_("Nghị định 09/2017/NĐ-CP yêu cầu công khai họ tên, chức vụ, số điện thoại và thư điện tử của "
                  "người phát ngôn."),
           url=reverse("org:spokespersons", args=[school.pk]), unit=school)
    notify(recipients=[people["teacher"]], kind="demo.school",
           title=_("%(school)s đã có trên educomms") % {"school": school.name},
           body=_("Mỗi giáo viên là một người truyền thông: xem đơn vị và đồng nghiệp của bạn."),
           url=reverse("org:unit", args=[school.pk]), unit=school)


def _vn_number(n: int) -> str:
    return f"{n:,}".replace(",", ".")
