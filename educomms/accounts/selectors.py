"""Reads for the account pages: two-factor state, lock-outs."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, QuerySet
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from educomms.org.models import Membership, Person, Unit
from educomms.org.roles import LEADER_ROLES


def _leader_memberships_requiring_2fa(person_id: Any) -> QuerySet[Membership]:
    return Membership.objects.active().filter(
        person_id=person_id, role__in=LEADER_ROLES, unit__active=True, unit__require_leader_2fa=True
    )


@dataclass(frozen=True)
class SecondFactorState:
    has_device: bool  # a confirmed authenticator app
    required: bool  # a leader role at a unit that requires two-factor sign-in


def second_factor_state(user: Any) -> SecondFactorState:
    """Both answers in one query (the middleware asks on every request of an unverified person)."""
    row = (
        Person.objects.filter(pk=user.pk)
        .annotate(
            has_device=Exists(TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True)),
            required=Exists(_leader_memberships_requiring_2fa(OuterRef("pk"))),
        )
        .values_list("has_device", "required")
        .first()
    )
    return SecondFactorState(*(row or (False, False)))


def units_requiring_2fa(person: Any) -> QuerySet[Unit]:
    """Units where the person is a leader and two-factor sign-in is required of leaders."""
    return Unit.objects.filter(
        pk__in=_leader_memberships_requiring_2fa(person.pk).values("unit_id")
    ).order_by("path")


def confirmed_totp_device(person: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=person.pk, confirmed=True).order_by("-id").first()


def pending_totp_device(person: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=person.pk, confirmed=False).order_by("-id").first()


def backup_device(person: Any) -> StaticDevice | None:
    return StaticDevice.objects.filter(user_id=person.pk).order_by("-id").first()


@dataclass
class TwoFactorStatus:
    device: TOTPDevice | None
    backup_codes_left: int
    required_by: list[Unit] = field(default_factory=list)

    @property
    def enabled(self) -> bool:
        return self.device is not None

    @property
    def required(self) -> bool:
        return bool(self.required_by)


def two_factor_status(person: Any) -> TwoFactorStatus:
    return TwoFactorStatus(
        device=confirmed_totp_device(person),
        backup_codes_left=StaticToken.objects.filter(device__user_id=person.pk).count(),
        required_by=list(units_requiring_2fa(person)),
    )


def provisioning_uri(device: TOTPDevice, person: Any) -> str:
    """The otpauth:// address an authenticator app reads from the QR code (Key URI Format). The label
    is the person's e-mail, or their phone when they have none (django-otp's own `config_url` would
    print "None" for a phone-only person)."""
    issuer = (settings.OTP_TOTP_ISSUER or "educomms").replace(":", "")
    account = person.email or person.phone or str(person.pk)
    params = urlencode({"secret": base32_secret(device), "algorithm": "SHA1", "digits": device.digits,
                        "period": device.step})
    return f"otpauth://totp/{quote(f'{issuer}:{account}')}?{params}&issuer={quote(issuer)}"


def base32_secret(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def lockout_ends_at(*, username: str | None, ip_address: str | None, cool_off: dt.timedelta | None
                    ) -> dt.datetime | None:
    """When the lock-out of (account, address) ends: the last counted failure plus the cool-off.
    Attempts made while locked out are not counted by axes, so they do not move this time."""
    from axes.models import AccessAttempt

    if cool_off is None:
        return None
    latest = AccessAttempt.objects.filter(username=username, ip_address=ip_address).aggregate(
        latest=Max("attempt_time"))["latest"]
    return latest + cool_off if latest else None
