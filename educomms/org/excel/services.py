"""Excel import of units and of people with memberships: check every row, then write all or nothing.

How an import runs
------------------
1. The file is read once (openpyxl read-only) into plain rows, reporting progress.
2. Every row is checked; the checks that need the database load what they need in bulk (codes,
   e-mails, phones, open memberships: a few queries per 900 rows, never one per row).
3. If any row is wrong, nothing is written and every error is returned with its Excel row number.
4. Otherwise, inside one transaction, the database checks run again (someone may have written in the
   meantime) and everything is written, with audit events.

Units go through `org.services.create_unit` one by one (a province has about 1,300 units). People and
memberships are written with `bulk_create` (a province has about 50,000 people), with the same
normalisation as `org.services.create_person`/`add_membership`, one audit event per person and per
membership written in bulk, and one `org.import` summary event.

People already in the system
----------------------------
A row whose e-mail or phone number belongs to a person already in the system is that person: the row
adds a membership to them and does not create anybody. Their own details (name, title, contacts) are not
changed by an import; they are edited on the person's page. Because a typo in an e-mail would otherwise
hand a role to a stranger, the name in the file must match the name in the system (compared without
diacritics, case or extra spaces); if it does not, the row is an error. A membership the person already
holds (same unit and role, still open) is left as it is and counted as "already present": importing the
same file twice, or re-importing an export, changes nothing.

Within one file, rows sharing an e-mail or phone are one person (several roles or units). That is an
error only when the names differ, when the rows give that person two different e-mails or phones, when
their contacts match two different people in the system, or when two rows give the same person the same
role at the same unit.
"""

import datetime as dt
import io
import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from educomms.audit.services import EventRow, record, record_many
from educomms.core.files import SPREADSHEETS, validate_upload
from educomms.core.text import fold, normalize_phone
from educomms.org import access
from educomms.org import services as org_services
from educomms.org.excel.columns import (
    PEOPLE_COLUMNS,
    PEOPLE_SHEET,
    UNIT_COLUMNS,
    UNITS_SHEET,
    kind_labels,
    label_of,
    level_labels,
    parse_choice,
    role_labels,
)
from educomms.org.excel.reader import FileError, Row, RowError, cell_date, count_rows, read_rows
from educomms.org.models import ImportJob, Membership, Person, Unit
from educomms.org.roles import Capability, Role

logger = logging.getLogger(__name__)

# Files with more data rows than this are imported by a task, with progress shown; smaller ones at once.
INLINE_MAX_ROWS = 500
# Values per IN (...) list: well under SQLite's and PostgreSQL's parameter limits.
CHUNK = 900
BATCH = 1000

# progress(state, processed_rows, total_rows)
Progress = Callable[[str, int, int], None]
Source = IO[bytes] | str | Path


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    units_created: int = 0
    people_created: int = 0
    people_existing: int = 0
    memberships_created: int = 0
    memberships_existing: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> dict[str, int | str]:
        return {"kind": self.kind, "rows": self.rows, "units_created": self.units_created,
                "people_created": self.people_created, "people_existing": self.people_existing,
                "memberships_created": self.memberships_created,
                "memberships_existing": self.memberships_existing}


def _chunks(values: Iterable[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _open(source: Source) -> IO[bytes]:
    if isinstance(source, str | Path):
        return io.BytesIO(Path(source).read_bytes())
    return source


def _in_scope(path: str, root: Unit) -> bool:
    return path.startswith(root.path)


class _Errors:
    """Collects row errors, naming columns by their header."""

    def __init__(self, columns: tuple) -> None:
        self.headers = {c.key: c.header for c in columns}
        self.items: list[RowError] = []

    def add(self, row: int | None, key: str, message: str) -> None:
        self.items.append(RowError(row, self.headers.get(key, ""), message))

    def sorted(self) -> list[RowError]:
        return sorted(self.items, key=lambda e: (e.row or 0, list(self.headers.values()).index(e.column)
                                                 if e.column in self.headers.values() else 99))


def _check_text(errors: _Errors, row: Row, key: str, *, max_length: int, required_message: str = "") -> str:
    value = row.text(key)
    if not value and required_message:
        errors.add(row.number, key, required_message)
    elif len(value) > max_length:
        errors.add(row.number, key, _("Quá dài (tối đa %(n)s ký tự).") % {"n": max_length})
    return value


def _check_email(errors: _Errors, row: Row, key: str) -> str:
    value = row.text(key).lower()
    if value:
        try:
            validate_email(value)
        except ValidationError:
            errors.add(row.number, key, _("Thư điện tử “%(value)s” không hợp lệ.") % {"value": value})
            return ""
    return value


def _check_phone(errors: _Errors, row: Row, key: str) -> str:
    value = row.text(key)
    try:
        return normalize_phone(value)
    except ValueError:
        errors.add(row.number, key, _("Số điện thoại “%(value)s” không hợp lệ (cần 10 chữ số, bắt đầu bằng 0, "
                                      "hoặc số cố định 11 chữ số).") % {"value": value})
        return ""


def _check_choice(errors: _Errors, row: Row, key: str, name: str, labels: Callable[[], list[str]], *,
                  required_message: str = "") -> str | None:
    text = row.text(key)
    if not text:
        if required_message:
            errors.add(row.number, key, required_message)
        return None
    value = parse_choice(name, text)
    if value is None:
        errors.add(row.number, key, _("“%(value)s” không có trong danh mục. Chọn một trong: %(choices)s.")
                   % {"value": text, "choices": "; ".join(labels())})
    return value


def _units_by_code(codes: Iterable[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(sorted(set(codes))):
        for row in Unit.objects.filter(code__in=chunk).values("id", "code", "path", "active", "name"):
            out[str(row["code"])] = dict(row)
    return out


# --- Units ---------------------------------------------------------------------------------------------

@dataclass
class _UnitPlan:
    row: int
    code: str
    parent_code: str
    fields: dict[str, Any]
    depth: int = 0


def _check_unit_rows(rows: list[Row], root: Unit) -> tuple[list[_UnitPlan], list[RowError]]:
    errors = _Errors(UNIT_COLUMNS)
    plans: list[_UnitPlan] = []
    row_of_code: dict[str, int] = {}
    url = URLValidator()
    for row in rows:
        n = row.number
        code = _check_text(errors, row, "code", max_length=40, required_message=_("Thiếu mã đơn vị."))
        if code in row_of_code:
            errors.add(n, "code", _("Mã đơn vị “%(code)s” trùng với dòng %(row)s.")
                       % {"code": code, "row": row_of_code[code]})
        elif code and len(code) <= 40:
            row_of_code[code] = n
        name = _check_text(errors, row, "name", max_length=255, required_message=_("Thiếu tên đơn vị."))
        short_name = _check_text(errors, row, "short_name", max_length=80)
        kind = _check_choice(errors, row, "kind", "kind", kind_labels,
                             required_message=_("Thiếu loại đơn vị."))
        level = _check_choice(errors, row, "school_level", "level", level_labels)
        if level and kind and kind != Unit.Kind.SCHOOL:
            errors.add(n, "school_level", _("Chỉ ghi cấp học cho đơn vị loại “Trường học”."))
        address = _check_text(errors, row, "address", max_length=300)
        phone = _check_phone(errors, row, "phone")
        email = _check_email(errors, row, "email")
        website = row.text("website")
        if website:
            if "://" not in website:
                website = "https://" + website
            try:
                url(website)
                if len(website) > 200:
                    raise ValidationError("too long")
            except ValidationError:
                errors.add(n, "website", _("Địa chỉ trang thông tin “%(value)s” không hợp lệ.")
                           % {"value": row.text("website")})
        plans.append(_UnitPlan(row=n, code=code, parent_code=row.text("parent_code"), fields={
            "kind": kind, "name": name, "short_name": short_name, "school_level": level or "",
            "address": address, "phone": phone, "email": email, "website": website}))

    existing = _units_by_code({p.code for p in plans if p.code} | {p.parent_code for p in plans if p.parent_code})
    for plan in plans:
        if plan.code and plan.code in existing and row_of_code.get(plan.code) == plan.row:
            errors.add(plan.row, "code", _("Mã đơn vị “%(code)s” đã có trong hệ thống.") % {"code": plan.code})
        parent = plan.parent_code
        if not parent or parent in row_of_code:
            continue
        found = existing.get(parent)
        if found is None:
            errors.add(plan.row, "parent_code", _(
                "Không tìm thấy đơn vị cấp trên có mã “%(code)s” (trong hệ thống hoặc trong tệp).") % {"code": parent})
        elif not _in_scope(found["path"], root):
            errors.add(plan.row, "parent_code", _(
                "Đơn vị cấp trên “%(code)s” nằm ngoài phạm vi nhập (chỉ được nhập vào %(unit)s và các đơn vị "
                "trực thuộc).") % {"code": parent, "unit": root.name})
        elif not found["active"]:
            errors.add(plan.row, "parent_code", _("Đơn vị cấp trên “%(code)s” đang ngừng hoạt động.")
                       % {"code": parent})

    # Parents defined in the file may come before or after their children; walk each chain to order
    # the writes and to catch loops (A under B, B under A).
    by_code = {p.code: p for p in plans if p.code and row_of_code.get(p.code) == p.row}
    depth: dict[str, int] = {}
    for plan in plans:
        chain: list[str] = []
        code = plan.code
        while code in by_code and code not in depth and code not in chain:
            chain.append(code)
            code = by_code[code].parent_code
        if code in chain:
            loop = chain[chain.index(code):]
            for member in loop:
                if member not in depth:
                    errors.add(by_code[member].row, "parent_code", _(
                        "Mã đơn vị cấp trên tạo thành vòng lặp (%(codes)s).") % {"codes": " → ".join([*loop, code])})
                    depth[member] = 0
            chain = chain[:chain.index(code)]
            code = ""
        base = depth.get(code, -1) if code in by_code else -1
        for offset, member in enumerate(reversed(chain), start=1):
            depth[member] = base + offset
        plan.depth = depth.get(plan.code, 0)
    return plans, errors.sorted()


def _write_units(plans: list[_UnitPlan], *, actor: Any, root: Unit) -> int:
    created: dict[str, Unit] = {}
    parents = {u.code: u for u in Unit.objects.filter(
        code__in=[p.parent_code for p in plans if p.parent_code and p.parent_code not in {q.code for q in plans}])}
    for plan in sorted(plans, key=lambda p: (p.depth, p.row)):
        parent = root if not plan.parent_code else created.get(plan.parent_code) or parents[plan.parent_code]
        created[plan.code] = org_services.create_unit(actor=actor, parent=parent, code=plan.code, **plan.fields)
    return len(created)


def import_units(*, actor: Any, unit: Unit, file: Source, progress: Progress | None = None) -> ImportResult:
    """Import the units of an Excel file (our template's layout) under `unit`, all or nothing.

    A row's parent is the unit with its "Mã đơn vị cấp trên" (in the system, inside `unit`'s subtree,
    or defined in the file), or `unit` itself when that cell is empty. The caller has checked that
    `actor` holds Capability.IMPORT_EXPORT on `unit`. Do not call inside a transaction when progress
    must be visible to other connections.
    """
    result = ImportResult(kind=ImportJob.Kind.UNITS)
    report = progress or (lambda *args: None)
    try:
        rows = read_rows(_open(file), UNIT_COLUMNS, sheet=UNITS_SHEET,
                         progress=lambda done, total: report(ImportJob.State.READING, done, total))
    except FileError as exc:
        result.errors = exc.errors
        return result
    result.rows = len(rows)
    if not unit.active:
        result.errors = [RowError(None, "", _("Đơn vị nhận dữ liệu đang ngừng hoạt động."))]
        return result
    plans, result.errors = _check_unit_rows(rows, unit)
    if result.errors:
        return result
    report(ImportJob.State.WRITING, rows[-1].number - 1, rows[-1].number - 1)
    with transaction.atomic():
        plans, result.errors = _check_unit_rows(rows, unit)
        if result.errors:
            return result
        result.units_created = _write_units(plans, actor=actor, root=unit)
        record(actor=actor, verb="org.import", obj=unit, unit=unit, after=result.summary())
    return result


# --- People --------------------------------------------------------------------------------------------

@dataclass
class _PersonRow:
    row: int
    full_name: str
    folded: str
    email: str
    phone: str
    zalo_phone: str
    title: str
    unit_code: str
    role: str | None
    since: dt.date | None
    unit: dict[str, Any] | None = None


@dataclass
class _PeoplePlan:
    new_people: list[dict[str, Any]] = field(default_factory=list)  # one per new person
    # (person: ("db", id) | ("new", index in new_people), unit row, role, since)
    memberships: list[tuple[tuple[str, int], dict[str, Any], str, dt.date]] = field(default_factory=list)
    people_existing: int = 0
    memberships_existing: int = 0


class _Groups:
    """Union-find over row indices: rows sharing an e-mail or phone are one person."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _parse_people(rows: list[Row], today: dt.date, errors: _Errors) -> list[_PersonRow]:
    """The checks of each row on its own (no database)."""
    people: list[_PersonRow] = []
    for row in rows:
        n = row.number
        full_name = _check_text(errors, row, "full_name", max_length=150, required_message=_("Thiếu họ và tên."))
        email = _check_email(errors, row, "email")
        if len(email) > 254:
            errors.add(n, "email", _("Quá dài (tối đa %(n)s ký tự).") % {"n": 254})
        phone = _check_phone(errors, row, "phone")
        if not row.text("email") and not row.text("phone"):
            errors.add(n, "email", _("Cần có thư điện tử hoặc số điện thoại (để đăng nhập)."))
        zalo = _check_phone(errors, row, "zalo_phone")
        title = _check_text(errors, row, "title", max_length=150)
        unit_code = _check_text(errors, row, "unit_code", max_length=40, required_message=_("Thiếu mã đơn vị."))
        role = _check_choice(errors, row, "role", "role", role_labels, required_message=_("Thiếu vai trò."))
        try:
            since = cell_date(row.values.get("since")) or today
        except ValueError:
            errors.add(n, "since", _("Ngày “%(value)s” không hợp lệ (ghi theo dạng ngày/tháng/năm, ví dụ 05/09/2025).")
                       % {"value": row.text("since")})
            since = None
        people.append(_PersonRow(n, full_name, fold(full_name), email, phone, zalo, title, unit_code, role, since))
    return people


def _plan_people(people: list[_PersonRow], root: Unit, errors: _Errors, actor: Any) -> _PeoplePlan:
    """The checks against the database and across rows, and what to write. Loads what it needs in bulk."""
    units = _units_by_code(p.unit_code for p in people if p.unit_code)
    for person in people:
        person.unit = None
        code = person.unit_code
        if not code or len(code) > 40:
            continue
        found = units.get(code)
        if found is None:
            errors.add(person.row, "unit_code", _("Không tìm thấy đơn vị có mã “%(code)s”.") % {"code": code})
        elif not _in_scope(found["path"], root):
            errors.add(person.row, "unit_code", _(
                "Đơn vị “%(code)s” nằm ngoài phạm vi nhập (chỉ được nhập vào %(unit)s và các đơn vị trực thuộc).")
                % {"code": code, "unit": root.name})
        elif not found["active"]:
            errors.add(person.row, "unit_code", _("Đơn vị “%(code)s” đang ngừng hoạt động.") % {"code": code})
        else:
            person.unit = found

    # People already in the system, in bulk.
    by_email: dict[str, tuple[int, str]] = {}
    by_phone: dict[str, tuple[int, str]] = {}
    for chunk in _chunks({p.email for p in people if p.email}):
        for pk, email, folded in Person.objects.filter(email__in=chunk).values_list("id", "email", "full_name_folded"):
            by_email[str(email)] = (pk, folded)
    for chunk in _chunks({p.phone for p in people if p.phone}):
        for pk, phone, folded in Person.objects.filter(phone__in=chunk).values_list("id", "phone", "full_name_folded"):
            by_phone[str(phone)] = (pk, folded)

    # Rows sharing a contact are one person, provided the names agree.
    groups = _Groups(len(people))
    first_seen: dict[tuple[str, str], int] = {}
    for i, person in enumerate(people):
        for kind, value in (("email", person.email), ("phone", person.phone)):
            if not value:
                continue
            j = first_seen.setdefault((kind, value), i)
            if j == i:
                continue
            if people[j].folded != person.folded:
                what = _("Thư điện tử") if kind == "email" else _("Số điện thoại")
                errors.add(person.row, kind, _("%(what)s “%(value)s” đã có ở dòng %(row)s với họ tên khác (“%(name)s”).")
                           % {"what": what, "value": value, "row": people[j].row, "name": people[j].full_name})
            else:
                groups.union(i, j)
    members: dict[int, list[int]] = {}
    for i in range(len(people)):
        members.setdefault(groups.find(i), []).append(i)

    plan = _PeoplePlan()
    existing_people: set[int] = set()
    person_ref: dict[int, tuple[str, int]] = {}
    for indexes in members.values():
        group = [people[i] for i in indexes]
        first = group[0]
        bad = False
        for kind in ("email", "phone"):
            values = [(p, getattr(p, kind)) for p in group if getattr(p, kind)]
            distinct = dict.fromkeys(v for _p, v in values)
            if len(distinct) > 1:
                bad = True
                known = next(iter(distinct))
                for p, v in values:
                    if v != known:
                        errors.add(p.row, kind, _(
                            "Cùng một người với dòng %(row)s (trùng liên hệ) nhưng %(what)s khác (“%(other)s”).")
                            % {"row": first.row, "other": known,
                               "what": _("thư điện tử") if kind == "email" else _("số điện thoại")})
        # Which rows' own contacts belong to people already in the system.
        matched: dict[int, str] = {}
        own: list[tuple[_PersonRow, list[tuple[str, str, int]]]] = []
        for p in group:
            hits = []
            for kind, value, match in (("email", p.email, by_email.get(p.email)),
                                       ("phone", p.phone, by_phone.get(p.phone))):
                if match is not None:
                    hits.append((kind, value, match[0]))
                    matched[match[0]] = match[1]
            if hits:
                own.append((p, hits))
        if len(matched) > 1:
            bad = True
            rows_text = ", ".join(str(p.row) for p in group)
            for p, hits in own:
                if len({pk for _k, _v, pk in hits}) > 1:
                    message = _("Thư điện tử “%(email)s” và số điện thoại “%(phone)s” thuộc về hai người khác "
                                "nhau trong hệ thống.") % {"email": p.email, "phone": p.phone}
                else:
                    message = _("Các dòng %(rows)s là cùng một người (trùng liên hệ) nhưng khớp với hai người "
                                "khác nhau trong hệ thống.") % {"rows": rows_text}
                errors.add(p.row, hits[0][0], message)
        elif matched:
            pk, folded = next(iter(matched.items()))
            if folded != first.folded:
                bad = True
                for p, hits in own:
                    kind, value, _pk = hits[0]
                    errors.add(p.row, kind, _(
                        "%(what)s “%(value)s” đã thuộc về một người khác trong hệ thống (họ tên không khớp). "
                        "Hãy ghi đúng họ tên người đó, hoặc dùng liên hệ khác.")
                        % {"what": _("Thư điện tử") if kind == "email" else _("Số điện thoại"), "value": value})
            ref = ("db", pk)
            existing_people.add(pk)
        else:
            ref = ("new", len(plan.new_people))
            plan.new_people.append({
                "full_name": first.full_name, "full_name_folded": first.folded,
                "email": next((p.email for p in group if p.email), None),
                "phone": next((p.phone for p in group if p.phone), None),
                "zalo_phone": next((p.zalo_phone for p in group if p.zalo_phone), ""),
                "title": next((p.title for p in group if p.title), ""),
            })
        if not bad:
            for i in indexes:
                person_ref[i] = ref

    plan.people_existing = len(existing_people)

    # Memberships: no duplicates in the file; those already held are left alone.
    db_people = {ref[1] for ref in person_ref.values() if ref[0] == "db"}
    held: set[tuple[int, int, str]] = set()
    for chunk in _chunks(db_people):
        held.update(Membership.objects.filter(person_id__in=chunk, until__isnull=True)
                    .values_list("person_id", "unit_id", "role"))
    seen: dict[tuple[tuple[str, int], int, str], int] = {}
    for i, person in enumerate(people):
        who = person_ref.get(i)
        if who is None or person.unit is None or person.role is None or person.since is None:
            continue
        key = (who, person.unit["id"], person.role)
        if key in seen:
            errors.add(person.row, "role", _("Trùng với dòng %(row)s: cùng người, cùng đơn vị và vai trò.")
                       % {"row": seen[key]})
            continue
        seen[key] = person.row
        if who[0] == "db" and (who[1], person.unit["id"], person.role) in held:
            plan.memberships_existing += 1
            continue
        if not access.may_grant_role(actor, person.unit["path"], person.role):
            # Nobody hands out more than they hold: a communications officer imports teachers, not heads.
            errors.add(person.row, "role", str(org_services.ROLE_TOO_HIGH))
            continue
        plan.memberships.append((who, person.unit, person.role, person.since))
    return plan


def _write_people(plan: _PeoplePlan, *, actor: Any) -> tuple[int, int]:
    """Write the planned people and memberships (inside the caller's transaction), with audit events."""
    now = timezone.now()
    # No usable password (as create_person does): new people set theirs by the password-reset e-mail.
    # Same form as make_password(None), "!" and random characters, without its per-character cost.
    people = [Person(password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30), date_joined=now,
                     is_active=True, **data) for data in plan.new_people]
    Person.objects.bulk_create(people, batch_size=BATCH)
    memberships = [
        Membership(person_id=ref[1] if ref[0] == "db" else people[ref[1]].pk, unit_id=unit["id"], role=role,
                   since=since, until=None)
        for ref, unit, role, since in plan.memberships
    ]
    Membership.objects.bulk_create(memberships, batch_size=BATCH)

    # The same events org.services.create_person/add_membership record, written in bulk.
    first_unit: dict[int, dict[str, Any]] = {}
    for (ref, unit, _role, _since) in plan.memberships:
        if ref[0] == "new":
            first_unit.setdefault(ref[1], unit)
    names = {p.pk: p.full_name for p in people}
    for chunk in _chunks({m.person_id for m in memberships if m.person_id not in names}):
        names.update(Person.objects.filter(pk__in=chunk).values_list("id", "full_name"))
    role_label = {value: label_of(Role, value) for value in Role.values}
    events: list[EventRow] = []
    for index, person in enumerate(people):
        where = first_unit.get(index)
        events.append(EventRow("person.created", "org.person", person.pk, person.full_name,
                               where["id"] if where else None, where["path"] if where else "",
                               {f: getattr(person, f) for f in org_services.PERSON_FIELDS}))
    for membership, (_ref, unit, role, _since) in zip(memberships, plan.memberships, strict=True):
        events.append(EventRow("membership.added", "org.membership", membership.pk,
                               f"{names.get(membership.person_id, '')} — {role_label[role]} — {unit['name']}",
                               unit["id"], unit["path"],
                               {"person": membership.person_id, "unit": unit["id"], "role": role,
                                "since": membership.since.isoformat(), "until": None}))
    record_many(actor=actor, events=events)
    return len(people), len(memberships)


def import_people(*, actor: Any, unit: Unit, file: Source, progress: Progress | None = None,
                  today: dt.date | None = None) -> ImportResult:
    """Import people and their memberships from an Excel file (our template's layout), all or nothing.

    `file` is a binary stream or a path to an .xlsx file. Every membership's unit must lie in `unit`'s
    subtree. The caller has checked that `actor` holds Capability.IMPORT_EXPORT on `unit`. Returns the
    counts written, or every row error (then nothing was written). Progress, when given, is reported as
    progress(state, processed_rows, total_rows); do not call inside a transaction when that progress
    must be visible to other connections. This is also the entry point of the 50,000-people benchmark.
    """
    result = ImportResult(kind=ImportJob.Kind.PEOPLE)
    report = progress or (lambda *args: None)
    today = today or timezone.localdate()
    try:
        rows = read_rows(_open(file), PEOPLE_COLUMNS, sheet=PEOPLE_SHEET,
                         progress=lambda done, total: report(ImportJob.State.READING, done, total))
    except FileError as exc:
        result.errors = exc.errors
        return result
    result.rows = len(rows)
    errors = _Errors(PEOPLE_COLUMNS)
    people = _parse_people(rows, today, errors)
    plan = _plan_people(people, unit, errors, actor)
    if errors.items:
        result.errors = errors.sorted()
        return result
    report(ImportJob.State.WRITING, rows[-1].number - 1, rows[-1].number - 1)
    with transaction.atomic():
        # Someone may have written since the first check: the database checks run again, in the transaction.
        errors = _Errors(PEOPLE_COLUMNS)
        plan = _plan_people(people, unit, errors, actor)
        if errors.items:
            result.errors = errors.sorted()
            return result
        result.people_created, result.memberships_created = _write_people(plan, actor=actor)
        result.people_existing = plan.people_existing
        result.memberships_existing = plan.memberships_existing
        record(actor=actor, verb="org.import", obj=unit, unit=unit, after=result.summary())
    return result


IMPORTERS = {ImportJob.Kind.UNITS: (import_units, UNITS_SHEET), ImportJob.Kind.PEOPLE: (import_people, PEOPLE_SHEET)}


# --- Jobs ----------------------------------------------------------------------------------------------

def start_import(*, actor: Any, unit: Unit, kind: str, upload: UploadedFile) -> ImportJob:
    """Store an uploaded file as an ImportJob and run it: at once when small, by a task when large.

    Raises ValidationError (Vietnamese message) when the upload is not an .xlsx file. Call outside any
    transaction: the task is enqueued when the job row is committed.
    """
    importer, sheet = IMPORTERS[ImportJob.Kind(kind)]
    checked = validate_upload(upload, allowed=SPREADSHEETS)
    rows = count_rows(cast(IO[bytes], upload), sheet=sheet)
    upload.seek(0)
    with transaction.atomic():
        job = ImportJob(kind=kind, unit=unit, created_by=actor, original_name=(upload.name or "")[:255],
                        total=rows or 0)
        job.file.save(checked.safe_name, upload, save=False)
        job.save()
        if rows is None or rows > INLINE_MAX_ROWS:
            from educomms.org.excel.tasks import run_import

            transaction.on_commit(lambda: run_import.enqueue(job_id=job.pk))
    if rows is not None and rows <= INLINE_MAX_ROWS:
        run_import_job(job_id=job.pk)
    job.refresh_from_db()
    return job


def _save_progress(job_id: int, state: str, processed: int, total: int) -> None:
    ImportJob.objects.filter(pk=job_id).update(state=state, processed=processed, total=total,
                                               updated_at=timezone.now())


def run_import_job(*, job_id: int) -> ImportJob | None:
    """Run a pending import job. Idempotent: a job that is already running or finished is left alone,
    so a task delivered twice imports once. Call outside any transaction (progress is committed as it
    goes; the import itself is one transaction)."""
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.PENDING).update(
        state=ImportJob.State.READING, updated_at=timezone.now())
    job = ImportJob.objects.select_related("unit", "created_by").filter(pk=job_id).first()
    if not claimed or job is None:
        return job
    importer, _sheet = IMPORTERS[ImportJob.Kind(job.kind)]
    try:
        if not access.has_capability(job.created_by, job.unit, Capability.IMPORT_EXPORT):
            result = ImportResult(kind=job.kind, errors=[
                RowError(None, "", _("Người nhập không còn quyền nhập dữ liệu cho đơn vị này."))])
        else:
            with job.file.open("rb") as stored:
                data = io.BytesIO(stored.read())
            result = importer(actor=job.created_by, unit=job.unit, file=data,
                              progress=lambda state, done, total: _save_progress(job_id, state, done, total))
        state = ImportJob.State.DONE if result.ok else ImportJob.State.REJECTED
        errors = [e.as_dict() for e in result.errors]
        summary = result.summary()
    except Exception:
        logger.exception("Import job %s failed", job_id)
        state, summary = ImportJob.State.FAILED, {}
        errors = [RowError(None, "", _("Lỗi hệ thống khi nhập tệp; chưa có dữ liệu nào được ghi. "
                                       "Hãy thử lại hoặc báo quản trị hệ thống.")).as_dict()]
    finished = {"state": state, "errors": errors, "result": summary, "finished_at": timezone.now(),
                "updated_at": timezone.now()}
    if summary.get("rows"):
        finished["processed"] = finished["total"] = summary["rows"]
    ImportJob.objects.filter(pk=job_id).update(**finished)
    job.refresh_from_db()
    return job


STALLED_AFTER = dt.timedelta(minutes=15)


def requeue_stalled_jobs(*, older_than: dt.timedelta = STALLED_AFTER) -> list[int]:
    """Put back in the queue the jobs whose worker died (reading or writing, no progress for
    `older_than`) or whose task was lost (still pending). Safe because an import writes in a single
    transaction (a dead worker wrote nothing) and `run_import_job` claims a job only once per attempt.
    Returns the ids requeued."""
    from educomms.org.excel.tasks import run_import

    cutoff = timezone.now() - older_than
    stalled = ImportJob.State.PENDING, ImportJob.State.READING, ImportJob.State.WRITING
    requeued = []
    for job_id in ImportJob.objects.filter(state__in=stalled, updated_at__lt=cutoff).values_list("id", flat=True):
        # Conditional update: a worker that makes progress meanwhile keeps its job.
        if ImportJob.objects.filter(pk=job_id, state__in=stalled, updated_at__lt=cutoff).update(
                state=ImportJob.State.PENDING, processed=0, updated_at=timezone.now()):
            requeued.append(job_id)
            logger.warning("Import job %s had stalled; queued again", job_id)
            run_import.enqueue(job_id=job_id)
    return requeued
