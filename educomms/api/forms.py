from django import forms
from django.utils.translation import gettext_lazy as _

from educomms.api.models import ApiToken

# Accepted whatever the interface language: Vietnamese users write 05/02/2026.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Tên gợi nhớ"), max_length=ApiToken.NAME_MAX_LENGTH,
        help_text=_("Dùng vào việc gì, để sau này nhận ra, ví dụ: “Đồng bộ phần mềm quản lý trường”."),
        error_messages={"required": _("Hãy đặt tên cho mã truy cập."),
                        "max_length": _("Tên quá dài (tối đa %(limit_value)d ký tự).")},
    )
    expires_on = forms.DateField(
        label=_("Hết hạn sau ngày"), required=False, input_formats=DATE_INPUT_FORMATS,
        help_text=_("Dạng dd/mm/yyyy. Mã dùng được đến hết ngày này. Để trống nếu không đặt hạn."),
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": _("Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 05/02/2026.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "form-control")
            field.widget.attrs["aria-describedby"] = f"id_{name}-help"

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        # Errors come from field cleaning and from the service (a dict keyed by field name) alike.
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = "form-control is-invalid"
                widget.attrs["aria-describedby"] = f"id_{name}-error id_{name}-help"
                widget.attrs["aria-invalid"] = "true"
