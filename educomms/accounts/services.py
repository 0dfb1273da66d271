"""Writes for accounts: passwords, password-reset e-mails, two-factor devices. Each records an audit event."""

import re
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from educomms.accounts import selectors
from educomms.accounts.identity import account_key
from educomms.audit.services import record
from educomms.org.models import Person

BACKUP_CODE_COUNT = 10
# One reset e-mail per person per this many seconds, so that the form cannot flood someone's inbox.
RESET_EMAIL_INTERVAL = 120


# --- Passwords ------------------------------------------------------------------------------------

@transaction.atomic
def set_password(*, actor: Any, person: Person, password: str, via_reset: bool = False) -> Person:
    """Set a new password (already validated by the form). A reset by e-mail also lifts a sign-in
    lock-out of the account: the person has just proved they own its mailbox."""
    person.set_password(password)
    person.save(update_fields=["password"])
    record(actor=actor, verb="person.password_reset" if via_reset else "person.password_changed", obj=person)
    if via_reset:
        from axes.utils import reset as reset_lockout

        key = account_key(person.email or person.phone)
        if key:
            transaction.on_commit(lambda: reset_lockout(username=key))
    return person


def request_password_reset(*, people: list[Person], language: str) -> None:
    """Send each person a reset link, by a task after commit (the page answers the same, and as fast,
    whether the address is known or not). Repeated requests within RESET_EMAIL_INTERVAL are dropped."""
    from educomms.accounts.tasks import send_password_reset

    def enqueue(person_id: int) -> None:
        transaction.on_commit(lambda: send_password_reset.enqueue(person_id=person_id, language=language))

    for person in people:
        if cache.add(f"accounts:pwreset:{person.pk}", 1, timeout=RESET_EMAIL_INTERVAL):
            enqueue(person.pk)


def send_password_reset_email(*, person_id: int, language: str) -> bool:
    """Build the one-use link and send it. The link points at SITE_URL, never at the Host header of
    the request that asked for it. The token is made here, so it is never stored in the task queue."""
    person = Person.objects.filter(pk=person_id, is_active=True).exclude(email=None).first()
    if person is None or not person.email:
        return False
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    link = str(settings.SITE_URL).rstrip("/") + reverse("accounts:password_reset_confirm", args=[uid, token])
    with translation.override(language):
        context = {"person": person, "link": link, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
                   "site_url": settings.SITE_URL}
        subject = "".join(render_to_string("accounts/email/password_reset_subject.txt", context).splitlines())
        body = render_to_string("accounts/email/password_reset_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
    return True


# --- Two-factor sign-in --------------------------------------------------------------------------------

def start_totp_setup(*, actor: Person) -> TOTPDevice:
    """The person's unconfirmed authenticator device, created on first call. Reloading the setup page
    keeps the same secret, so a code from an app that already scanned it still works."""
    device = selectors.pending_totp_device(actor)
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name=_("Ứng dụng xác thực"), confirmed=False)
    return device


def _clean_code(token: str) -> str:
    return re.sub(r"[\s-]", "", token or "").lower()


def _throttled_message(device: Device) -> str | None:
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    wait = max(1, int(((info or {}).get("locked_until", timezone.now()) - timezone.now()).total_seconds()) + 1)
    return _("Bạn đã nhập sai nhiều lần. Hãy chờ %(n)d giây rồi thử lại.") % {"n": wait}


def _new_backup_codes(person: Person) -> list[str]:
    StaticDevice.objects.filter(user=person).delete()
    static = StaticDevice.objects.create(user=person, name=_("Mã dự phòng"), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def confirm_totp_device(*, actor: Person, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending device with a code from the app; returns it and fresh backup codes (shown
    once). Raises ValidationError with a Vietnamese message when the code is wrong.

    Throttling counters are written even when the code is wrong, so the check runs in its own
    transaction and the error is raised after it commits."""
    error = None
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=False).order_by("-id").first()
        if device is None:
            raise ValidationError(_("Không có thiết lập xác thực hai lớp nào đang chờ xác nhận."))
        error = _throttled_message(device)
        if error is None and not device.verify_token(_clean_code(token)):
            error = _("Mã xác thực không đúng. Hãy nhập mã 6 số đang hiện trong ứng dụng.")
        if error is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
            codes = _new_backup_codes(actor)
            record(actor=actor, verb="person.2fa_enabled", obj=actor)
    if error:
        raise ValidationError(error)
    return device, codes


def verify_second_factor(*, actor: Person, token: str) -> Device:
    """Check a code from the authenticator app (6 digits) or a one-time backup code (consumed).
    Returns the device that accepted it; raises ValidationError otherwise."""
    code = _clean_code(token)
    error = None
    with transaction.atomic():
        if re.fullmatch(r"\d{6}", code):
            device: Device | None = (TOTPDevice.objects.select_for_update()
                                     .filter(user=actor, confirmed=True).order_by("-id").first())
        else:
            device = StaticDevice.objects.select_for_update().filter(user=actor, confirmed=True).first()
        if device is None:
            error = _("Mã xác thực không đúng hoặc đã được dùng.")
        else:
            error = _throttled_message(device)
            if error is None and not device.verify_token(code):
                error = _("Mã xác thực không đúng hoặc đã được dùng.")
            if error is None and isinstance(device, StaticDevice):
                record(actor=actor, verb="person.2fa_backup_code_used", obj=actor,
                       after={"backup_codes_left": device.token_set.count()})
    if error:
        raise ValidationError(error)
    assert device is not None
    return device


def regenerate_backup_codes(*, actor: Person, token: str) -> list[str]:
    """New backup codes (the old ones stop working), after a current code from the app."""
    device = verify_second_factor(actor=actor, token=token)
    if not isinstance(device, TOTPDevice):
        raise ValidationError(_("Hãy nhập mã 6 số từ ứng dụng xác thực (không dùng mã dự phòng ở đây)."))
    with transaction.atomic():
        codes = _new_backup_codes(actor)
        record(actor=actor, verb="person.2fa_backup_codes_renewed", obj=actor)
    return codes


def disable_two_factor(*, actor: Person, token: str) -> None:
    """Remove the person's authenticator and backup codes, after a current code. Refused while a unit
    where they are a leader requires two-factor sign-in."""
    units = list(selectors.units_requiring_2fa(actor))
    if units:
        raise ValidationError(
            _("Không thể tắt: %(units)s yêu cầu lãnh đạo đăng nhập bằng xác thực hai lớp.")
            % {"units": ", ".join(u.name for u in units)}
        )
    verify_second_factor(actor=actor, token=token)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor).delete()
        StaticDevice.objects.filter(user=actor).delete()
        record(actor=actor, verb="person.2fa_disabled", obj=actor)
