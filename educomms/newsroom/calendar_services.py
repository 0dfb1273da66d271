"""Writes for themes, key dates and the content plan. Each checks the actor's capability, runs in one
transaction and records an audit event."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from educomms.audit.services import record, snapshot
from educomms.newsroom import calendar_selectors as selectors
from educomms.newsroom.models import KeyDate, PlannedStory, Theme
from educomms.newsroom.seeds import theme_slug
from educomms.org import access
from educomms.org.models import Unit
from educomms.org.roles import Capability

THEME_FIELDS = ["name", "description", "order", "active"]
KEY_DATE_FIELDS = ["unit", "kind", "title", "starts_on", "ends_on", "recurring", "description"]
PLAN_FIELDS = ["unit", "title", "owner", "due_on", "theme", "key_date", "format", "status", "notes"]


def _require_manage(actor: Any, unit: Unit) -> None:
    access.require(actor, unit, Capability.MANAGE_NEWSROOM)


# Themes ---------------------------------------------------------------------------------------------

def _unique_slug(unit: Unit, name: str, exclude: int | None = None) -> str:
    base = theme_slug(name)
    others = Theme.objects.filter(unit=unit)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    taken = set(others.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug = f"{base[:110]}-{n}"
        n += 1
    return slug


def _check_theme_name(unit: Unit, name: str, exclude: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Hãy nhập tên chủ đề.")})
    same = Theme.objects.filter(unit=unit, name__iexact=name)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise ValidationError({"name": _("Đơn vị đã có chủ đề này.")})
    return name


@transaction.atomic
def create_theme(*, actor: Any, unit: Unit, name: str, description: str = "") -> Theme:
    _require_manage(actor, unit)
    name = _check_theme_name(unit, name)
    last = Theme.objects.filter(unit=unit).order_by("-order").values_list("order", flat=True).first() or 0
    theme = Theme.objects.create(unit=unit, name=name, slug=_unique_slug(unit, name), description=description,
                                 order=last + 10)
    record(actor=actor, verb="newsroom.theme.create", obj=theme, unit=unit, after=snapshot(theme, THEME_FIELDS))
    return theme


@transaction.atomic
def update_theme(*, actor: Any, theme: Theme, name: str, description: str) -> Theme:
    _require_manage(actor, theme.unit)
    before = snapshot(theme, THEME_FIELDS)
    theme.name = _check_theme_name(theme.unit, name, exclude=theme.pk)
    theme.description = description
    theme.save(update_fields=["name", "description", "updated_at"])
    record(actor=actor, verb="newsroom.theme.update", obj=theme, unit=theme.unit, before=before,
           after=snapshot(theme, THEME_FIELDS))
    return theme


@transaction.atomic
def move_theme(*, actor: Any, theme: Theme, up: bool) -> Theme:
    """Swap the theme with its neighbour above (`up`) or below; the list is renumbered 10, 20, …"""
    _require_manage(actor, theme.unit)
    themes = list(Theme.objects.select_for_update().filter(unit=theme.unit).order_by("order", "name"))
    index = next(i for i, t in enumerate(themes) if t.pk == theme.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(themes):
        themes[index], themes[other] = themes[other], themes[index]
    for position, item in enumerate(themes, start=1):
        if item.order != position * 10:
            item.order = position * 10
            item.save(update_fields=["order", "updated_at"])
    moved = next(t for t in themes if t.pk == theme.pk)
    record(actor=actor, verb="newsroom.theme.move", obj=moved, unit=theme.unit,
           before={"order": theme.order}, after={"order": moved.order})
    return moved


@transaction.atomic
def set_theme_active(*, actor: Any, theme: Theme, active: bool) -> Theme:
    _require_manage(actor, theme.unit)
    if theme.active != active:
        theme.active = active
        theme.save(update_fields=["active", "updated_at"])
        record(actor=actor, verb="newsroom.theme.activate" if active else "newsroom.theme.deactivate", obj=theme,
               unit=theme.unit, before={"active": not active}, after={"active": active})
    return theme


# Key dates ------------------------------------------------------------------------------------------

def _check_key_date(*, title: str, starts_on: dt.date, ends_on: dt.date | None) -> str:
    title = " ".join((title or "").split())
    errors = {}
    if not title:
        errors["title"] = _("Hãy nhập tên sự kiện.")
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
    if errors:
        raise ValidationError(errors)
    return title


@transaction.atomic
def create_key_date(*, actor: Any, unit: Unit | None, title: str, starts_on: dt.date, ends_on: dt.date | None = None,
                    kind: str = KeyDate.Kind.UNIT, recurring: bool = False, description: str = "") -> KeyDate:
    """A key date of `unit`; `unit` None makes a national date (system administrators only)."""
    countrywide = (KeyDate.Kind.NATIONAL, KeyDate.Kind.SECTOR)
    if unit is None:
        if not getattr(actor, "is_superuser", False):
            raise PermissionDenied
        if kind not in countrywide:
            kind = KeyDate.Kind.NATIONAL
    else:
        _require_manage(actor, unit)
        if kind in countrywide:
            kind = KeyDate.Kind.UNIT
    title = _check_key_date(title=title, starts_on=starts_on, ends_on=ends_on)
    key_date = KeyDate.objects.create(unit=unit, kind=kind, title=title, starts_on=starts_on,
                                      ends_on=ends_on if ends_on != starts_on else None, recurring=recurring,
                                      description=description)
    record(actor=actor, verb="newsroom.keydate.create", obj=key_date, unit=unit,
           after=snapshot(key_date, KEY_DATE_FIELDS))
    return key_date


@transaction.atomic
def update_key_date(*, actor: Any, key_date: KeyDate, title: str, starts_on: dt.date, ends_on: dt.date | None,
                    recurring: bool, description: str) -> KeyDate:
    if not selectors.may_edit_key_date(actor, key_date):
        raise PermissionDenied
    before = snapshot(key_date, KEY_DATE_FIELDS)
    key_date.title = _check_key_date(title=title, starts_on=starts_on, ends_on=ends_on)
    key_date.starts_on = starts_on
    key_date.ends_on = ends_on if ends_on != starts_on else None
    key_date.recurring = recurring
    key_date.description = description
    key_date.save(update_fields=["title", "starts_on", "ends_on", "recurring", "description", "updated_at"])
    record(actor=actor, verb="newsroom.keydate.update", obj=key_date, unit=key_date.unit, before=before,
           after=snapshot(key_date, KEY_DATE_FIELDS))
    return key_date


@transaction.atomic
def delete_key_date(*, actor: Any, key_date: KeyDate) -> None:
    """Delete a key date; plan items tied to it keep their due date and lose the link."""
    if not selectors.may_edit_key_date(actor, key_date):
        raise PermissionDenied
    record(actor=actor, verb="newsroom.keydate.delete", obj=key_date, unit=key_date.unit,
           before=snapshot(key_date, KEY_DATE_FIELDS))
    key_date.delete()


# Content plan ---------------------------------------------------------------------------------------

def _check_plan(*, unit: Unit, title: str, owner: Any, theme: Theme | None, key_date: KeyDate | None) -> str:
    title = " ".join((title or "").split())
    errors = {}
    if not title:
        errors["title"] = _("Hãy nhập tiêu đề dự kiến.")
    if owner is None or not selectors.plan_owners(unit).filter(pk=owner.pk).exists():
        errors["owner"] = _("Người phụ trách phải là thành viên của đơn vị hoặc đơn vị trực thuộc.")
    if theme is not None and not selectors.themes_for(unit).filter(pk=theme.pk).exists():
        errors["theme"] = _("Chủ đề này không áp dụng cho đơn vị.")
    if key_date is not None and key_date.unit_id is not None and key_date.unit_id not in unit.ancestor_ids:
        errors["key_date"] = _("Ngày trọng điểm này không thuộc đơn vị.")
    if errors:
        raise ValidationError(errors)
    return title


@transaction.atomic
def create_planned_story(*, actor: Any, unit: Unit, title: str, owner: Any, due_on: dt.date,
                         theme: Theme | None = None, key_date: KeyDate | None = None, format: str = "",  # noqa: A002
                         status: str = PlannedStory.Status.PLANNED, notes: str = "") -> PlannedStory:
    _require_manage(actor, unit)
    title = _check_plan(unit=unit, title=title, owner=owner, theme=theme, key_date=key_date)
    item = PlannedStory.objects.create(unit=unit, title=title, owner=owner, due_on=due_on, theme=theme,
                                       key_date=key_date, format=format, status=status, notes=notes)
    record(actor=actor, verb="newsroom.plan.create", obj=item, unit=unit, after=snapshot(item, PLAN_FIELDS))
    return item


@transaction.atomic
def update_planned_story(*, actor: Any, item: PlannedStory, title: str, owner: Any, due_on: dt.date,
                         theme: Theme | None, key_date: KeyDate | None, format: str,  # noqa: A002
                         status: str, notes: str) -> PlannedStory:
    _require_manage(actor, item.unit)
    before = snapshot(item, PLAN_FIELDS)
    item.title = _check_plan(unit=item.unit, title=title, owner=owner, theme=theme, key_date=key_date)
    item.owner, item.due_on, item.theme, item.key_date = owner, due_on, theme, key_date
    item.format, item.status, item.notes = format, status, notes
    item.save(update_fields=["title", "owner", "due_on", "theme", "key_date", "format", "status", "notes",
                             "updated_at"])
    record(actor=actor, verb="newsroom.plan.update", obj=item, unit=item.unit, before=before,
           after=snapshot(item, PLAN_FIELDS))
    return item
