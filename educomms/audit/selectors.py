"""Reads of the audit log for pages: a unit's events, their labels in Vietnamese, and before → after."""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from educomms.audit.models import Event
from educomms.core.text import fold

# Verb → label. Modules that record other verbs add theirs from their AppConfig.ready()
# (`VERB_LABELS.update({...})`); an unknown verb is shown as recorded.
VERB_LABELS: dict[str, Any] = {
    "unit.created": gettext_lazy("Tạo đơn vị"),
    "unit.updated": gettext_lazy("Sửa thông tin đơn vị"),
    "unit.moved": gettext_lazy("Chuyển đơn vị"),
    "unit.deactivated": gettext_lazy("Ngừng hoạt động đơn vị"),
    "unit.reactivated": gettext_lazy("Cho đơn vị hoạt động trở lại"),
    "person.created": gettext_lazy("Thêm nhân sự"),
    "person.updated": gettext_lazy("Sửa thông tin nhân sự"),
    "membership.added": gettext_lazy("Giao nhiệm vụ"),
    "membership.ended": gettext_lazy("Kết thúc nhiệm vụ"),
    "org.import": gettext_lazy("Nhập dữ liệu từ Excel"),
    "person.password_reset": gettext_lazy("Đặt lại mật khẩu qua thư điện tử"),
    "person.password_changed": gettext_lazy("Đổi mật khẩu"),
    "person.2fa_enabled": gettext_lazy("Bật xác thực hai lớp"),
    "person.2fa_disabled": gettext_lazy("Tắt xác thực hai lớp"),
    "person.2fa_backup_code_used": gettext_lazy("Dùng mã dự phòng để đăng nhập"),
    "person.2fa_backup_codes_renewed": gettext_lazy("Tạo mã dự phòng mới"),
    "api_token.created": gettext_lazy("Tạo mã truy cập API"),
    "api_token.revoked": gettext_lazy("Thu hồi mã truy cập API"),
    "demo.loaded": gettext_lazy("Nạp dữ liệu trình diễn"),
    # newsroom: stories and their workflow
    "story.created": gettext_lazy("Viết tin bài"),
    "story.updated": gettext_lazy("Sửa tin bài"),
    "story.asset_added": gettext_lazy("Thêm ảnh, tệp vào tin bài"),
    "story.asset_updated": gettext_lazy("Sửa mô tả ảnh, tệp của tin bài"),
    "story.asset_removed": gettext_lazy("Xóa ảnh, tệp khỏi tin bài"),
    "story.consent_recorded": gettext_lazy("Ghi nhận văn bản đồng ý"),
    "story.commented": gettext_lazy("Góp ý tin bài"),
    "story.draft": gettext_lazy("Đưa tin bài về bản nháp"),
    "story.in_review": gettext_lazy("Gửi duyệt tin bài"),
    "story.changes_requested": gettext_lazy("Yêu cầu sửa tin bài"),
    "story.approved": gettext_lazy("Duyệt tin bài"),
    "story.scheduled": gettext_lazy("Hẹn giờ đăng tin bài"),
    "story.published": gettext_lazy("Đăng tin bài"),
    "story.retracted": gettext_lazy("Gỡ tin bài"),
    "story.archived": gettext_lazy("Lưu trữ tin bài"),
    "delegation.created": gettext_lazy("Ủy quyền duyệt tin bài"),
    "delegation.revoked": gettext_lazy("Thu hồi ủy quyền duyệt tin bài"),
    "proposal.created": gettext_lazy("Đề xuất tin bài lên cấp trên"),
    "proposal.accepted": gettext_lazy("Nhận đăng lại tin bài đề xuất"),
    "proposal.declined": gettext_lazy("Không nhận tin bài đề xuất"),
    "review_term.added": gettext_lazy("Thêm cụm từ cần xem lại"),
    "review_term.removed": gettext_lazy("Xóa cụm từ cần xem lại"),
}

# Keys whose values are ids of these models: shown by name.
_REFERENCES = {"parent": "org.unit", "unit": "org.unit", "person": "org.person", "actor": "org.person"}
# Internal bookkeeping, not shown (a move shows the parent; the path follows from it).
_HIDDEN = {"path"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def verb_label(verb: str) -> str:
    return str(VERB_LABELS.get(verb, verb))


def verb_choices() -> list[tuple[str, str]]:
    return sorted(((verb, str(label)) for verb, label in VERB_LABELS.items()), key=lambda c: c[1])


def object_type_label(object_type: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return object_type


def unit_events(unit: Any, *, verb: str = "", actor: str = "", object_type: str = "",
                date_from: dt.date | None = None, date_to: dt.date | None = None) -> QuerySet[Event]:
    """Events recorded in `unit`'s subtree (by the unit path as it was when the event happened),
    newest first, filtered; `date_to` is inclusive and dates are Vietnamese calendar days."""
    from educomms.org.models import subtree_q

    qs = Event.objects.filter(subtree_q(unit.path, "unit_path")).select_related("actor")
    if verb:
        qs = qs.filter(verb=verb)
    if object_type:
        qs = qs.filter(object_type=object_type)
    for word in fold(actor).split():
        qs = qs.filter(actor__full_name_folded__contains=word)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return qs.order_by("-at", "-id")


def object_types(unit: Any) -> list[tuple[str, str]]:
    """The object types that occur in `unit`'s events, with their labels (for the filter)."""
    from educomms.org.models import subtree_q

    found = (Event.objects.filter(subtree_q(unit.path, "unit_path")).order_by()
             .values_list("object_type", flat=True).distinct())
    return sorted(((t, object_type_label(t)) for t in found), key=lambda c: c[1])


def unit_history(unit: Any, *, limit: int = 8) -> list[Event]:
    """The latest events about `unit` itself (moves, deactivation, its members), newest first."""
    return list(Event.objects.filter(unit=unit).select_related("actor").order_by("-at", "-id")[:limit])


@dataclass(frozen=True)
class Change:
    key: str
    label: str
    before: str
    after: str


def _field_label(object_type: str, key: str) -> str:
    try:
        field = apps.get_model(object_type)._meta.get_field(key)
    except (LookupError, ValueError, FieldDoesNotExist):
        return key
    return str(getattr(field, "verbose_name", key)).capitalize()


def _choice_label(object_type: str, key: str, value: Any) -> str | None:
    try:
        field = apps.get_model(object_type)._meta.get_field(key)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None
    choices = dict(getattr(field, "flatchoices", None) or [])
    return str(choices[value]) if value in choices else None


def _show(object_type: str, key: str, value: Any, names: dict[tuple[str, str], str]) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if key in _REFERENCES:
        return names.get((_REFERENCES[key], str(value)), f"#{value}")
    label = _choice_label(object_type, key, value)
    if label is not None:
        return label
    if isinstance(value, str) and _ISO_DATE.match(value):
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%H:%M %d/%m/%Y")
    return str(value)


def with_changes(events: list[Event]) -> list[Event]:
    """Attach `changes` (the keys whose value differs between before and after, labelled and shown in
    Vietnamese) and `verb_label` to each event. Referenced units and people are named with one query
    per model for the whole list."""
    wanted: dict[str, set[str]] = {}
    for event in events:
        for side in (event.before or {}, event.after or {}):
            for key, value in side.items():
                if key in _REFERENCES and value not in (None, ""):
                    wanted.setdefault(_REFERENCES[key], set()).add(str(value))
    names: dict[tuple[str, str], str] = {}
    for label, ids in wanted.items():
        model = apps.get_model(label)
        numeric = [int(i) for i in ids if i.isdigit()]
        for pk, obj in model._default_manager.in_bulk(numeric).items():
            names[(label, str(pk))] = str(obj)
    for event in events:
        before, after = event.before or {}, event.after or {}
        keys = list(dict.fromkeys([*before, *after]))
        event.changes = [  # type: ignore[attr-defined]
            Change(key, _field_label(event.object_type, key),
                   _show(event.object_type, key, before.get(key), names),
                   _show(event.object_type, key, after.get(key), names))
            for key in keys
            if key not in _HIDDEN and before.get(key) != after.get(key)
            and (before or after.get(key) not in (None, "", False))
        ]
        event.verb_label = verb_label(event.verb)  # type: ignore[attr-defined]
    return events
