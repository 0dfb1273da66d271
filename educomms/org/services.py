"""Writes to the network: units, people, memberships. Each is atomic and records an audit event."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from educomms.audit.services import record, snapshot
from educomms.core.text import fold, normalize, normalize_phone
from educomms.org import access
from educomms.org.models import Membership, Person, Unit, subtree_q

UNIT_FIELDS = ["parent", "path", "kind", "school_level", "code", "name", "short_name", "address", "phone",
               "email", "website", "active", "require_leader_2fa"]
PERSON_FIELDS = ["email", "phone", "full_name", "title", "zalo_phone", "is_active"]


def _clean_unit_fields(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    if "name" in out:
        out["name"] = normalize(out["name"])
        if not out["name"]:
            raise ValidationError({"name": _("Tên đơn vị không được để trống.")})
    if "short_name" in out:
        out["short_name"] = normalize(out["short_name"] or "")
    if "code" in out:
        out["code"] = (out["code"] or "").strip() or None
    if "phone" in out and out["phone"]:
        try:
            out["phone"] = normalize_phone(out["phone"])
        except ValueError:
            raise ValidationError({"phone": _("Số điện thoại không hợp lệ.")}) from None
    if out.get("kind") and out["kind"] != Unit.Kind.SCHOOL:
        out["school_level"] = ""
    return out


@transaction.atomic
def create_unit(*, actor: Any, parent: Unit | None, kind: str, name: str, **fields: Any) -> Unit:
    """Create a unit under `parent` (None for a root; only system administrators create roots)."""
    data = _clean_unit_fields({"kind": kind, "name": name, **fields})
    if data.get("code") and Unit.objects.filter(code=data["code"]).exists():
        raise ValidationError({"code": _("Mã đơn vị %(code)s đã được dùng.") % {"code": data["code"]}})
    unit = Unit(parent=parent, path=f"/new-{timezone.now().timestamp()}/", name_folded=fold(data["name"]), **data)
    unit.save()
    # The path is built from the id, so it needs a second write inside the same transaction.
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = (parent.depth + 1) if parent else 0
    unit.save(update_fields=["path", "depth"])
    record(actor=actor, verb="unit.created", obj=unit, unit=unit, after=snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def update_unit(*, actor: Any, unit: Unit, **fields: Any) -> Unit:
    data = _clean_unit_fields(fields)
    if data.get("code") and Unit.objects.filter(code=data["code"]).exclude(pk=unit.pk).exists():
        raise ValidationError({"code": _("Mã đơn vị %(code)s đã được dùng.") % {"code": data["code"]}})
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit, list(data))
    for name, value in data.items():
        setattr(unit, name, value)
    if "name" in data:
        unit.name_folded = fold(unit.name)
    unit.full_clean(exclude=["parent", "path"])
    unit.save(update_fields=[*data, "name_folded", "updated_at"] if "name" in data else [*data, "updated_at"])
    record(actor=actor, verb="unit.updated", obj=unit, unit=unit, before=before, after=snapshot(unit, list(data)))
    return unit


@transaction.atomic
def move_unit(*, actor: Any, unit: Unit, new_parent: Unit) -> Unit:
    """Move `unit` and its whole subtree under `new_parent`. Memberships and history stay with the units;
    the audit event keeps the old parent and path."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    new_parent = Unit.objects.get(pk=new_parent.pk)
    if new_parent.path.startswith(unit.path):
        raise ValidationError(_("Không thể chuyển một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó."))
    if unit.parent_id == new_parent.pk:
        return unit
    before = {"parent": unit.parent_id, "path": unit.path}
    old_path, new_path = unit.path, f"{new_parent.path}{unit.pk}/"
    depth_shift = new_parent.depth + 1 - unit.depth
    Unit.objects.filter(subtree_q(old_path)).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path"))),
        depth=F("depth") + depth_shift,
    )
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    record(actor=actor, verb="unit.moved", obj=unit, unit=unit, before=before,
           after={"parent": new_parent.pk, "path": unit.path})
    return unit


@transaction.atomic
def set_unit_active(*, actor: Any, unit: Unit, active: bool) -> Unit:
    """Deactivate (or reactivate) a unit. Nothing is deleted: its people, memberships and history stay,
    and its roles stop granting access while it is inactive. A unit with active sub-units cannot be
    deactivated."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.active == active:
        return unit
    if not active and Unit.objects.filter(parent=unit, active=True).exists():
        raise ValidationError(_("Hãy ngừng hoạt động hoặc chuyển các đơn vị trực thuộc trước."))
    if active and unit.parent_id and not Unit.objects.filter(pk=unit.parent_id, active=True).exists():
        raise ValidationError(_("Đơn vị cấp trên đang ngừng hoạt động."))
    before = snapshot(unit, ["active"])
    unit.active = active
    unit.deactivated_at = None if active else timezone.now()
    unit.save(update_fields=["active", "deactivated_at", "updated_at"])
    record(actor=actor, verb="unit.reactivated" if active else "unit.deactivated", obj=unit, unit=unit,
           before=before, after=snapshot(unit, ["active"]))
    return unit


def _clean_person_fields(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    errors: dict[str, str] = {}
    if "full_name" in out:
        out["full_name"] = normalize(out["full_name"] or "")
        if not out["full_name"]:
            errors["full_name"] = _("Họ và tên không được để trống.")
    if "email" in out:
        out["email"] = (out["email"] or "").strip().lower() or None
    for name in ("phone", "zalo_phone"):
        if name in out:
            try:
                out[name] = normalize_phone(out[name] or "") or (None if name == "phone" else "")
            except ValueError:
                errors[name] = _("Số điện thoại “%(value)s” không hợp lệ (cần 10 chữ số, bắt đầu bằng 0).") % {
                    "value": out[name]}
    if "title" in out:
        out["title"] = normalize(out["title"] or "")
    if errors:
        raise ValidationError(errors)
    return out


def _check_unique_contacts(data: dict[str, Any], exclude_pk: int | None = None) -> None:
    errors = {}
    others = Person.objects.exclude(pk=exclude_pk) if exclude_pk else Person.objects.all()
    if data.get("email") and others.filter(email=data["email"]).exists():
        errors["email"] = _("Thư điện tử %(v)s đã thuộc về người khác.") % {"v": data["email"]}
    if data.get("phone") and others.filter(phone=data["phone"]).exists():
        errors["phone"] = _("Số điện thoại %(v)s đã thuộc về người khác.") % {"v": data["phone"]}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_person(*, actor: Any, full_name: str, email: str | None = None, phone: str | None = None,
                  password: str | None = None, unit: Unit | None = None, role: str | None = None,
                  **fields: Any) -> Person:
    """Create a person, optionally with a first membership. E-mail or phone is required."""
    data = _clean_person_fields({"full_name": full_name, "email": email, "phone": phone, **fields})
    if not data.get("email") and not data.get("phone"):
        raise ValidationError(_("Cần có thư điện tử hoặc số điện thoại để đăng nhập."))
    _check_unique_contacts(data)
    person = Person(full_name_folded=fold(data["full_name"]), **data)
    person.set_password(password) if password else person.set_unusable_password()
    person.save()
    record(actor=actor, verb="person.created", obj=person, unit=unit, after=snapshot(person, PERSON_FIELDS))
    if unit is not None and role:
        add_membership(actor=actor, person=person, unit=unit, role=role)
    return person


@transaction.atomic
def update_person(*, actor: Any, person: Person, **fields: Any) -> Person:
    data = _clean_person_fields(fields)
    merged_email = data.get("email", person.email) if "email" in data else person.email
    merged_phone = data.get("phone", person.phone) if "phone" in data else person.phone
    if not merged_email and not merged_phone:
        raise ValidationError(_("Cần có thư điện tử hoặc số điện thoại để đăng nhập."))
    _check_unique_contacts(data, exclude_pk=person.pk)
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = snapshot(person, list(data))
    for name, value in data.items():
        setattr(person, name, value)
    person.full_name_folded = fold(person.full_name)
    person.save(update_fields=[*data, "full_name_folded"])
    # One event per unit where the person holds a role, so that each unit's audit page shows the change.
    units = Unit.objects.filter(pk__in=Membership.objects.active().filter(person=person).values("unit_id"))
    after = snapshot(person, list(data))
    targets: list[Unit | None] = [*units] or [None]
    for unit in targets:
        record(actor=actor, verb="person.updated", obj=person, unit=unit, before=before, after=after)
    return person


ROLE_TOO_HIGH = gettext_lazy("Bạn không thể giao hoặc kết thúc vai trò này: vai trò có những quyền mà chính bạn không có "
                  "tại đơn vị.")


def _check_may_grant(actor: Any, unit: Unit, role: str) -> None:
    """Raise PermissionDenied when `actor` would hand out more than they hold (see access.may_grant_role).
    `actor=None` is the system itself (demo data, data migrations)."""
    if actor is not None and not access.may_grant_role(actor, unit, role):
        raise PermissionDenied(ROLE_TOO_HIGH)


@transaction.atomic
def add_membership(*, actor: Any, person: Person, unit: Unit, role: str, since: dt.date | None = None,
                   until: dt.date | None = None) -> Membership:
    """Give `person` the `role` at `unit`. Raises PermissionDenied when the role carries capabilities the
    actor does not hold there, ValidationError for bad input."""
    _check_may_grant(actor, unit, role)
    if not unit.active:
        raise ValidationError(_("Đơn vị đang ngừng hoạt động."))
    since = since or timezone.localdate()
    if until is not None and until < since:
        raise ValidationError({"until": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    if Membership.objects.filter(person=person, unit=unit, role=role, until__isnull=True).exists():
        raise ValidationError(_("Người này đã giữ vai trò này tại đơn vị."))
    try:
        with transaction.atomic():
            membership = Membership.objects.create(person=person, unit=unit, role=role, since=since, until=until)
    except IntegrityError:
        raise ValidationError(_("Người này đã giữ vai trò này tại đơn vị.")) from None
    record(actor=actor, verb="membership.added", obj=membership, unit=unit,
           after=snapshot(membership, ["person", "unit", "role", "since", "until"]))
    access.forget(person)
    return membership


@transaction.atomic
def end_membership(*, actor: Any, membership: Membership, until: dt.date | None = None) -> Membership:
    """End a role on `until` (default today, effective at once). The row stays: who held which role
    when is history."""
    membership = Membership.objects.select_for_update().select_related("unit").get(pk=membership.pk)
    _check_may_grant(actor, membership.unit, membership.role)
    until = until or timezone.localdate()
    if membership.until is not None and membership.until <= until:
        return membership
    if until < membership.since:
        raise ValidationError({"until": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    before = snapshot(membership, ["until"])
    membership.until = until
    membership.save(update_fields=["until", "updated_at"])
    record(actor=actor, verb="membership.ended", obj=membership, unit=membership.unit, before=before,
           after=snapshot(membership, ["until"]))
    access.forget(membership.person)
    return membership
