"""Forms of the network pages. They only shape and check input; the rules live in org.services, whose
ValidationErrors are put back on the form by `add_service_errors`."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from educomms.org import access
from educomms.org.models import Unit, subtree_q
from educomms.org.roles import ROLE_ORDER, Capability, Role
from educomms.org.services import ROLE_TOO_HIGH

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
ROLE_CHOICES = [(role.value, role.label) for role in ROLE_ORDER]


def may_grant(user: Any, unit: Unit, role: str) -> bool:
    """Whether `user` may give (or end) `role` at `unit`: managing members there, and holding there every
    capability the role carries, so that nobody hands out more than they have (a deputy head cannot
    make anyone head, themselves included)."""
    return access.has_capability(user, unit, Capability.MANAGE_MEMBERS) and access.may_grant_role(user, unit, role)




def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors next to their field, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def changed(form: forms.Form) -> dict[str, Any]:
    """The cleaned values that differ from the initial ones (what a service should update)."""
    return {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}


class StyledForm(forms.Form):
    """Tabler classes on every widget, and `is-invalid` on fields with errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"


class UnitPickerField(forms.ModelChoiceField):
    """A unit chosen among a (possibly huge) scoped queryset. The page renders a searchable picker
    (org/_unit_picker.html), never a <select> of every unit."""

    widget = forms.HiddenInput

    def __init__(self, queryset: Any, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {
            "required": _("Hãy chọn một đơn vị."),
            "invalid_choice": _("Đơn vị đã chọn không hợp lệ hoặc bạn không có quyền với đơn vị đó."),
        })
        super().__init__(queryset, **kwargs)


class UnitForm(StyledForm):
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=80, required=False)
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=Unit.Kind.choices)
    school_level = forms.ChoiceField(label=_("Cấp học (chỉ với trường học)"), required=False,
                                     choices=[("", "—"), *Unit.SchoolLevel.choices])
    code = forms.CharField(label=_("Mã đơn vị"), max_length=40, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False,
                             error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")})
    website = forms.URLField(label=_("Trang thông tin"), required=False, assume_scheme="https",
                             error_messages={"invalid": _("Địa chỉ trang thông tin không hợp lệ.")})

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("kind") == Unit.Kind.SCHOOL and not data.get("school_level"):
            self.add_error("school_level", _("Hãy chọn cấp học của trường."))
        if data.get("kind") and data["kind"] != Unit.Kind.SCHOOL and data.get("school_level"):
            data["school_level"] = ""
        return data

    @staticmethod
    def initial_for(unit: Unit) -> dict[str, Any]:
        return {name: getattr(unit, name) or "" for name in UnitForm.base_fields}


class UnitSecurityForm(StyledForm):
    require_leader_2fa = forms.BooleanField(
        label=_("Bắt buộc thủ trưởng, phó thủ trưởng và người phát ngôn đăng nhập bằng xác thực hai lớp"),
        required=False)


class MoveUnitForm(StyledForm):
    new_parent = UnitPickerField(Unit.objects.none(), label=_("Chuyển đến đơn vị cấp trên"))

    def __init__(self, *args: Any, user: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = (  # type: ignore[attr-defined]
            access.visible_units(user, Capability.MANAGE_UNITS).filter(active=True).exclude(subtree_q(unit.path))
        )


class PeopleFilterForm(StyledForm):
    STATUS_CHOICES = [("active", _("Còn nhiệm vụ")), ("ended", _("Đã kết thúc nhiệm vụ")), ("all", _("Tất cả"))]

    q = forms.CharField(label=_("Tìm theo tên, thư điện tử, điện thoại"), required=False, max_length=100)
    unit = forms.IntegerField(label=_("Đơn vị (cả cấp dưới)"), required=False, min_value=1)
    role = forms.ChoiceField(label=_("Vai trò"), required=False, choices=[("", _("Mọi vai trò")), *ROLE_CHOICES])
    status = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=STATUS_CHOICES)

    def active_filter(self) -> bool | None:
        return {"active": True, "ended": False, "all": None}.get(self.cleaned_data.get("status") or "active")


class PersonForm(StyledForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    title = forms.CharField(label=_("Chức danh"), max_length=150, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False,
                             error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")})
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    zalo_phone = forms.CharField(label=_("Số Zalo"), max_length=20, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.errors and not data.get("email") and not data.get("phone"):
            raise ValidationError(_("Cần có thư điện tử hoặc số điện thoại để đăng nhập."))
        return data

    @staticmethod
    def initial_for(person: Any) -> dict[str, Any]:
        return {name: getattr(person, name) or "" for name in PersonForm.base_fields}


class PersonCreateForm(PersonForm):
    role = forms.ChoiceField(label=_("Vai trò tại đơn vị"), choices=ROLE_CHOICES, initial=Role.STAFF)

    def __init__(self, *args: Any, user: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.unit = user, unit

    def clean_role(self) -> str:
        role = self.cleaned_data["role"]
        if not may_grant(self.user, self.unit, role):
            raise ValidationError(ROLE_TOO_HIGH)
        return role


class MembershipForm(StyledForm):
    unit = UnitPickerField(Unit.objects.none(), label=_("Đơn vị"))
    role = forms.ChoiceField(label=_("Vai trò"), choices=ROLE_CHOICES)
    since = forms.DateField(label=_("Từ ngày"), input_formats=DATE_FORMATS, initial=timezone.localdate,
                            widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"),
                            error_messages={"invalid": _("Ngày không hợp lệ (dd/mm/yyyy).")})

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = (  # type: ignore[attr-defined]
            access.visible_units(user, Capability.MANAGE_MEMBERS).filter(active=True)
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("unit") and data.get("role") and not may_grant(self.user, data["unit"], data["role"]):
            self.add_error("role", ROLE_TOO_HIGH)
        return data


class EndMembershipForm(StyledForm):
    until = forms.DateField(label=_("Ngày kết thúc"), input_formats=DATE_FORMATS, required=False,
                            widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"),
                            help_text=_("Để trống: kết thúc từ hôm nay."),
                            error_messages={"invalid": _("Ngày không hợp lệ (dd/mm/yyyy).")})
