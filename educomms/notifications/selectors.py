from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from educomms.notifications.models import Notification, Preference


def unread_count(person: Any) -> int:
    if not getattr(person, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=person, read_at__isnull=True).count()


def inbox(person: Any, *, unread_only: bool = False, unread_first: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=person).select_related("unit")
    if unread_first:
        unread = Case(When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField())
        qs = qs.order_by(unread, "-created_at", "-id")
    return qs.filter(read_at__isnull=True) if unread_only else qs


def preferences(person: Any) -> dict[tuple[str, str], bool]:
    """The person's stored choices: {(kind, channel): enabled}; kind "*" is every kind."""
    return {(kind, channel): enabled for kind, channel, enabled in
            Preference.objects.filter(person=person).values_list("kind", "channel", "enabled")}


def received_kinds(person: Any) -> list[str]:
    """The kinds of notification the person has received, for the preferences page."""
    return list(Notification.objects.filter(recipient=person).order_by().values_list("kind", flat=True).distinct())
