"""Delivery channels for notifications. Adding Zalo or SMS means one adapter and one `register` call;
callers of `notify` never change."""

from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from educomms.notifications.models import Notification


class DeliveryError(Exception):
    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class Adapter(Protocol):
    def send(self, notification: Notification) -> None: ...

    def can_reach(self, notification: Notification) -> bool: ...


@dataclass(frozen=True)
class Channel:
    name: str
    label: Any  # lazily translated
    adapter: Adapter
    default_on: bool = True


class EmailAdapter:
    def can_reach(self, notification: Notification) -> bool:
        return bool(notification.recipient.email)

    def send(self, notification: Notification) -> None:
        context = {"n": notification, "site_url": settings.SITE_URL}
        try:
            send_mail(
                subject=f"[educomms] {notification.title}",
                message=render_to_string("notifications/email.txt", context),
                from_email=None,
                recipient_list=[str(notification.recipient.email)],
                fail_silently=False,
            )
        except (OSError, ConnectionError) as exc:  # SMTP errors are OSError subclasses
            raise DeliveryError(str(exc), permanent=False) from exc


CHANNELS: dict[str, Channel] = {}
# Kinds of notification with their labels, registered by the modules that send them (for the
# preferences page); a kind that is not registered is shown by its code.
KINDS: dict[str, str] = {}


def register_kind(kind: str, label: str) -> None:
    KINDS[kind] = label


def register(channel: Channel) -> None:
    CHANNELS[channel.name] = channel


register(Channel("email", _("Thư điện tử"), EmailAdapter()))
