from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from educomms.accounts import services
from educomms.org.models import Person


def _password_field(label: Any, autocomplete: str, *, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, strip=False, help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
        error_messages={"required": _("Hãy nhập mật khẩu.")},
    )


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Thư điện tử hoặc số điện thoại"), max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
        error_messages={"required": _("Hãy nhập thư điện tử hoặc số điện thoại.")},
    )
    password = _password_field(_("Mật khẩu"), "current-password")
    error_messages = {
        "invalid_login": _("Thư điện tử/số điện thoại hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("Thư điện tử"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={"required": _("Hãy nhập địa chỉ thư điện tử."),
                        "invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
    )

    def get_users(self, email: str):
        """Active people with this address, including those who never had a password: for staff
        imported from Excel, the reset link is how they set their first one."""
        return Person.objects.filter(email__iexact=email.strip(), is_active=True)

    def save(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        services.request_password_reset(people=list(self.get_users(self.cleaned_data["email"])),
                                        language=get_language() or "vi")


_MISMATCH = _("Hai mật khẩu mới không khớp nhau.")


class NewPasswordForm(SetPasswordForm):
    """The form behind the e-mailed link."""

    new_password1 = _password_field(_("Mật khẩu mới"), "new-password",
                                    help_text=password_validation.password_validators_help_text_html())
    new_password2 = _password_field(_("Nhập lại mật khẩu mới"), "new-password")
    error_messages = {"password_mismatch": _MISMATCH}

    def save(self, commit: bool = True) -> Person:
        return services.set_password(actor=self.user, person=self.user, password=self.cleaned_data["new_password1"],
                                     via_reset=True)


class ChangePasswordForm(PasswordChangeForm):
    old_password = _password_field(_("Mật khẩu hiện tại"), "current-password")
    new_password1 = _password_field(_("Mật khẩu mới"), "new-password",
                                    help_text=password_validation.password_validators_help_text_html())
    new_password2 = _password_field(_("Nhập lại mật khẩu mới"), "new-password")
    error_messages = {"password_mismatch": _MISMATCH,
                      "password_incorrect": _("Mật khẩu hiện tại không đúng.")}
    field_order = ["old_password", "new_password1", "new_password2"]

    def save(self, commit: bool = True) -> Person:
        return services.set_password(actor=self.user, person=self.user, password=self.cleaned_data["new_password1"])


class CodeForm(forms.Form):
    """One field: a 6-digit code from the authenticator app (or, where allowed, a backup code)."""

    token = forms.CharField(
        label=_("Mã xác thực"), max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false",
                                      "autocapitalize": "off", "class": "form-control otp-code"}),
        error_messages={"required": _("Hãy nhập mã xác thực.")},
    )

    def __init__(self, *args: Any, digits_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if digits_only:
            self.fields["token"].widget.attrs.update({"inputmode": "numeric", "pattern": r"[0-9 ]*",
                                                      "maxlength": "7"})


class ProfileForm(forms.Form):
    """What a person may change about themselves. Name and e-mail are kept by their unit's officers."""

    title = forms.CharField(label=_("Chức danh"), max_length=150, required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False,
                            help_text=_("Dùng để đăng nhập. Ví dụ: 0912 345 678."),
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    zalo_phone = forms.CharField(label=_("Số Zalo"), max_length=20, required=False,
                                 widget=forms.TextInput(attrs={"inputmode": "tel"}))
