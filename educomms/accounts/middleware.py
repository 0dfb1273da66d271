from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from educomms.org import access
from educomms.org.models import Unit
from educomms.org.roles import LEADER_ROLES

EXEMPT_PREFIXES = ("/static/", "/media/", "/i18n/", "/api/", "/healthz")


def requires_second_factor(user) -> bool:
    """True when the user holds a leader role (head, deputy, spokesperson) at a unit that requires it."""
    unit_ids = [g.unit_id for g in access.grants(user) if g.role in LEADER_ROLES]
    return bool(unit_ids) and Unit.objects.filter(pk__in=unit_ids, require_leader_2fa=True).exists()


class TwoFactorRequiredMiddleware:
    """Sends a signed-in leader of a unit that requires two-factor sign-in to set it up or verify it
    before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not request.path.startswith(reverse("accounts:otp_root"))
            and request.path != reverse("accounts:logout")
            and not user.is_verified()  # type: ignore[union-attr]
            and requires_second_factor(user)
        ):
            from django_otp import devices_for_user

            has_device = any(True for _ in devices_for_user(user, confirmed=True))
            target = "accounts:otp_verify" if has_device else "accounts:otp_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
