"""The one way any module tells people something."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from educomms.notifications.models import Delivery, Notification, Preference
from educomms.notifications.registry import CHANNELS


def _enabled_channels(person_ids: list[int], kind: str) -> dict[int, set[str]]:
    """For each person, the channels they receive `kind` on: an exact-kind preference beats "*",
    which beats the channel's default."""
    chosen = {pid: {name for name, ch in CHANNELS.items() if ch.default_on} for pid in person_ids}
    prefs = Preference.objects.filter(person_id__in=person_ids, kind__in=["*", kind]).order_by("kind")
    # "*" sorts before any kind name, so the specific preference is applied last and wins.
    for pref in prefs:
        if pref.channel not in CHANNELS:
            continue
        (chosen[pref.person_id].add if pref.enabled else chosen[pref.person_id].discard)(pref.channel)
    return chosen


@transaction.atomic
def notify(*, recipients: Iterable[Any], kind: str, title: str, body: str = "", url: str = "",
           unit: Any = None) -> list[Notification]:
    """Tell `recipients` something: an in-app notification each, plus a delivery per channel they
    have on. Deliveries are sent by a task after the surrounding transaction commits."""
    people = {p.pk: p for p in recipients if p is not None and getattr(p, "is_active", True)}
    if not people:
        return []
    notifications = Notification.objects.bulk_create(
        [Notification(recipient_id=pid, kind=kind, title=title[:300], body=body, url=url, unit=unit) for pid in people]
    )
    if not notifications[0].pk:  # backends that do not return ids from bulk inserts
        notifications = list(Notification.objects.filter(recipient_id__in=people, kind=kind, title=title[:300])
                             .order_by("-id")[: len(people)])
    channels = _enabled_channels(list(people), kind)
    deliveries = [
        Delivery(notification=n, channel=name) for n in notifications for name in sorted(channels[n.recipient_id])
    ]
    Delivery.objects.bulk_create(deliveries)
    ids = list(Delivery.objects.filter(notification__in=notifications).values_list("id", flat=True))
    if ids:
        from educomms.notifications.tasks import send_deliveries

        transaction.on_commit(lambda: send_deliveries.enqueue(delivery_ids=ids))
    return notifications


MAX_ATTEMPTS = 5


def send_delivery(*, delivery_id: int) -> Delivery:
    """Send one pending delivery. Safe to call twice: a delivery that is no longer pending is left alone."""
    from educomms.notifications.registry import DeliveryError

    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update().select_related("notification__recipient").get(pk=delivery_id)
        )
        if delivery.status != Delivery.Status.PENDING:
            return delivery
        channel = CHANNELS.get(delivery.channel)
        if channel is None or not channel.adapter.can_reach(delivery.notification):
            delivery.status = Delivery.Status.SKIPPED
            delivery.save(update_fields=["status"])
            return delivery
        delivery.attempts += 1
        try:
            channel.adapter.send(delivery.notification)
        except DeliveryError as exc:
            delivery.last_error = str(exc)[:2000]
            if exc.permanent or delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = Delivery.Status.FAILED
            delivery.save(update_fields=["status", "attempts", "last_error"])
            return delivery
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["status", "attempts", "sent_at", "last_error"])
    return delivery


def mark_read(*, person: Any, notification_ids: list[int] | None = None) -> int:
    """Mark the person's notifications read (all of them when no ids are given)."""
    qs = Notification.objects.filter(recipient=person, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def set_preference(*, person: Any, channel: str, enabled: bool, kind: str = "*") -> Preference:
    pref, _ = Preference.objects.update_or_create(person=person, kind=kind, channel=channel,
                                                  defaults={"enabled": enabled})
    return pref
