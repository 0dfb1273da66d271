from typing import Any

from django.db.models import QuerySet

from educomms.notifications.models import Notification


def unread_count(person: Any) -> int:
    if not getattr(person, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=person, read_at__isnull=True).count()


def inbox(person: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=person).select_related("unit")
    return qs.filter(read_at__isnull=True) if unread_only else qs
