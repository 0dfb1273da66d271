import math
from typing import Any, cast
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice

from educomms.accounts import selectors, services
from educomms.accounts.forms import (
    ChangePasswordForm,
    CodeForm,
    NewPasswordForm,
    ProfileForm,
    ResetRequestForm,
    SignInForm,
)
from educomms.accounts.qr import qr_svg
from educomms.org import selectors as org_selectors
from educomms.org import services as org_services
from educomms.org.models import Person


def _me(request: HttpRequest) -> Person:
    """The signed-in person (only in views behind login_required)."""
    return cast(Person, request.user)


# --- Sign-in, sign-out ------------------------------------------------------------------------------


class SignInView(auth_views.LoginView):
    """Django's LoginView: it passes `request` to authenticate(), which django-axes needs."""

    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """POST only (Django refuses GET with 405)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Bạn đã đăng xuất."))
        return response


def locked_out(request: HttpRequest, original_response: HttpResponse | None = None,
               credentials: dict | None = None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the page shown (status 429) once an account and address pair is locked."""
    from axes.helpers import get_client_username, get_cool_off

    cool_off = get_cool_off(request)
    retry_at = selectors.lockout_ends_at(
        username=get_client_username(request, credentials),
        ip_address=getattr(request, "axes_ip_address", None),
        cool_off=cool_off,
    )
    if retry_at is None and cool_off is not None:
        retry_at = timezone.now() + cool_off
    minutes = max(1, math.ceil((retry_at - timezone.now()).total_seconds() / 60)) if retry_at else None
    return render(request, "accounts/locked_out.html", {"retry_at": retry_at, "minutes": minutes},
                  status=settings.AXES_HTTP_RESPONSE_CODE)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW. The technical reason is not shown (it only helps an attacker)."""
    return render(request, "accounts/csrf_failure.html", status=403)


# --- Passwords ----------------------------------------------------------------------------------


class ResetRequestView(auth_views.PasswordResetView):
    """Same answer for known and unknown addresses; the e-mail leaves through a task."""

    template_name = "accounts/password_reset_form.html"
    form_class = ResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class ChangePasswordView(auth_views.PasswordChangeView):
    """Signed-in only (Django's view requires it); keeps this session signed in, ends the others."""

    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc."))
        return response


# --- Profile --------------------------------------------------------------------------------------


def _url_or_none(name: str) -> str | None:
    """Links to pages of modules that may not be installed yet: absent rather than dead."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    memberships = list(org_selectors.person_memberships(_me(request)))
    return render(request, "accounts/profile.html", {
        "current_memberships": [m for m in memberships if m.is_active],
        "past_memberships": [m for m in memberships if not m.is_active],
        "two_factor": selectors.two_factor_status(request.user),
        "preferences_url": _url_or_none("notifications:preferences"),
        "api_tokens_url": _url_or_none("api_tokens:list"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = _me(request)
    form = ProfileForm(request.POST or None, initial={
        "title": user.title, "phone": user.phone or "", "zalo_phone": user.zalo_phone,
    })
    if request.method == "POST" and form.is_valid():
        try:
            org_services.update_person(actor=user, person=user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin liên hệ."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", {"form": form})


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- Two-factor sign-in ------------------------------------------------------------------------------


def _safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return default


@login_required
def otp_root(request: HttpRequest) -> HttpResponse:
    return redirect(reverse("accounts:profile") + "#hai-lop")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the secret), confirm with a code, then see the backup codes once."""
    user = _me(request)
    next_url = _safe_next(request, reverse("accounts:profile"))
    if selectors.confirmed_totp_device(user) is not None:
        messages.info(request, _("Xác thực hai lớp đã được bật cho tài khoản của bạn."))
        return redirect(next_url)
    form = CodeForm(request.POST or None, digits_only=True)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.confirm_totp_device(actor=user, token=form.cleaned_data["token"])
        except ValidationError as exc:
            form.add_error("token", exc)
        else:
            request.session.cycle_key()  # a new privilege level gets a new session key
            django_otp.login(request, device)
            return render(request, "accounts/otp_backup_codes.html", {
                "codes": codes, "next": next_url, "just_enabled": True})
    device = services.start_totp_setup(actor=user)
    secret = selectors.base32_secret(device)
    return render(request, "accounts/otp_setup.html", {
        "form": form,
        "next": next_url,
        "qr": qr_svg(selectors.provisioning_uri(device, user)),
        "secret_groups": [secret[i:i + 4] for i in range(0, len(secret), 4)],
        "required_by": selectors.units_requiring_2fa(user),
    })


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """After the password: a code from the app, or one backup code."""
    user = _me(request)
    next_url = _safe_next(request, reverse(settings.LOGIN_REDIRECT_URL))
    if user.is_verified():  # type: ignore[attr-defined]  # installed by django_otp's OTPMiddleware
        return redirect(next_url)
    state = selectors.second_factor_state(user)
    if not state.has_device:
        if state.required:
            return redirect(f"{reverse('accounts:otp_setup')}?{urlencode({'next': next_url})}")
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.verify_second_factor(actor=user, token=form.cleaned_data["token"])
        except ValidationError as exc:
            form.add_error("token", exc)
        else:
            request.session.cycle_key()  # a new privilege level gets a new session key
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(request, _("Bạn vừa dùng một mã dự phòng; còn lại %(n)d mã. "
                                            "Hãy tạo mã mới khi còn ít.") % {"n": left})
            return redirect(next_url)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_disable(request: HttpRequest) -> HttpResponse:
    user = _me(request)
    status = selectors.two_factor_status(user)
    if not status.enabled:
        return redirect("accounts:profile")
    if status.required:
        # Refused outright: the unit's rule wins over the person's choice.
        return render(request, "accounts/otp_disable.html", {"status": status},
                      status=403 if request.method == "POST" else 200)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.disable_two_factor(actor=user, token=form.cleaned_data["token"])
        except ValidationError as exc:
            form.add_error("token", exc)
        else:
            messages.success(request, _("Đã tắt xác thực hai lớp."))
            return redirect("accounts:profile")
    return render(request, "accounts/otp_disable.html", {"status": status, "form": form})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes, after a current code from the app (the old ones stop working)."""
    user = _me(request)
    if selectors.confirmed_totp_device(user) is None:
        return redirect("accounts:otp_setup")
    form = CodeForm(request.POST or None, digits_only=True)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.regenerate_backup_codes(actor=user, token=form.cleaned_data["token"])
        except ValidationError as exc:
            form.add_error("token", exc)
        else:
            return render(request, "accounts/otp_backup_codes.html", {
                "codes": codes, "next": reverse("accounts:profile"), "just_enabled": False})
    return render(request, "accounts/otp_backup_codes_renew.html", {
        "form": form, "two_factor": selectors.two_factor_status(user)})
