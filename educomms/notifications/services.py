"""The one way any module tells people something."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from educomms.core.db import insert_instances, new_instance
from educomms.notifications.models import Delivery, Notification, Preference
from educomms.notifications.registry import CHANNELS


def _enabled_channels(person_ids: Iterable[int], kinds: Iterable[str]) -> dict[tuple[int, str], set[str]]:
    """For each (person, kind), the channels they receive that kind on: an exact-kind preference beats "*",
    which beats the channel's default."""
    person_ids, kinds = set(person_ids), set(kinds)
    defaults = {name for name, ch in CHANNELS.items() if ch.default_on}
    chosen = {(pid, kind): set(defaults) for pid in person_ids for kind in kinds}
    prefs = Preference.objects.filter(person_id__in=person_ids, kind__in=["*", *kinds]).order_by("kind")
    # "*" sorts before any kind name, so the specific preference is applied last and wins.
    for pref in prefs:
        if pref.channel not in CHANNELS:
            continue
        for kind in kinds if pref.kind == "*" else (pref.kind,):
            (chosen[pref.person_id, kind].add if pref.enabled else chosen[pref.person_id, kind].discard)(pref.channel)
    return chosen


@dataclass
class Message:
    """One thing to tell some people (`notify_many` sends many at once)."""

    recipients: Iterable[Any]
    kind: str
    title: str
    body: str = ""
    url: str = ""
    unit: Any = None
    unit_id: int | None = None  # instead of `unit`, when only its id is at hand


def notify(*, recipients: Iterable[Any], kind: str, title: str, body: str = "", url: str = "",
           unit: Any = None) -> list[Notification]:
    """Tell `recipients` something: an in-app notification each, plus a delivery per channel they
    have on. Deliveries are sent by a task after the surrounding transaction commits."""
    return notify_many([Message(recipients=recipients, kind=kind, title=title, body=body, url=url, unit=unit)])


@transaction.atomic
def notify_many(messages: Iterable[Message]) -> list[Notification]:
    """`notify` for many messages in a fixed number of queries (a batch of alerts to many units): one insert
    of the notifications, one read of the preferences, one insert of the deliveries and one task."""
    rows: list[Notification] = []
    for message in messages:
        people = {p.pk for p in message.recipients if p is not None and getattr(p, "is_active", True)}
        rows += [new_instance(Notification, {"recipient_id": pid, "kind": message.kind, "title": message.title[:300],
                                             "body": message.body, "url": message.url,
                                             "unit_id": message.unit_id if message.unit is None else message.unit.pk})
                 for pid in sorted(people)]
    if not rows:
        return []
    insert_instances(rows)
    channels = _enabled_channels({n.recipient_id for n in rows}, {n.kind for n in rows})
    deliveries = [new_instance(Delivery, {"notification": n, "channel": name})
                  for n in rows for name in sorted(channels[n.recipient_id, n.kind])]
    insert_instances(deliveries)
    ids = [d.pk for d in deliveries]
    if ids:
        from educomms.notifications.tasks import send_deliveries

        transaction.on_commit(lambda: send_deliveries.enqueue(delivery_ids=ids))
    return rows


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
