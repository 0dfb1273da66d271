"""Writing audit events. Services call `record` inside their transaction."""

import contextvars
import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models

from educomms.audit.models import Event

# The request's client address, set by middleware so that services need not pass it around.
current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("current_ip", default=None)


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of `obj` as JSON-ready values (foreign keys as ids)."""
    out = {}
    for name in fields:
        field = obj._meta.get_field(name)
        out[name] = _plain(getattr(obj, getattr(field, "attname", name)))
    return out


def record(
    *,
    actor: Any,
    verb: str,
    obj: models.Model,
    unit: Any = None,
    before: dict | None = None,
    after: dict | None = None,
) -> Event:
    """Append one event. `unit` is the org unit the change belongs to (for scoping the audit page)."""
    actor_id = getattr(actor, "pk", None) if actor is not None and getattr(actor, "is_authenticated", False) else None
    return Event.objects.create(
        actor_id=actor_id,
        verb=verb,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        unit=unit,
        unit_path=getattr(unit, "path", "") or "",
        before=_plain(before or {}),
        after=_plain(after or {}),
        ip=current_ip.get(),
    )
