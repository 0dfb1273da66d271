"""Forms of the proposal, delegation and review term pages: they only read and validate input; the
services decide (and say so in Vietnamese when they refuse)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from educomms.org.forms import DATE_FORMATS, StyledForm
from educomms.org.models import Person, Unit

DATE_INPUT = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, format="%d/%m/%Y")
DATE_ERRORS = {"invalid": _("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 05/02/2026)."),
               "required": _("Hãy nhập ngày (dd/mm/yyyy).")}


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name


class ProposeForm(StyledForm):
    to_unit = UnitChoiceField(label=_("Đề xuất lên đơn vị"), queryset=Unit.objects.none(), empty_label=None,
                              error_messages={"required": _("Hãy chọn đơn vị cấp trên nhận đề xuất."),
                                              "invalid_choice": _("Chỉ đề xuất lên đơn vị cấp trên của đơn vị mình.")})
    note = forms.CharField(label=_("Lời nhắn"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Vì sao tin bài nên được đăng lại (không bắt buộc)."))

    def __init__(self, *args: Any, targets: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = targets  # type: ignore[attr-defined]  # a ModelChoiceField


class DeclineForm(StyledForm):
    reason = forms.CharField(label=_("Lý do không nhận"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Đơn vị đề xuất sẽ thấy lý do này."),
                             error_messages={"required": _("Cần ghi lý do không nhận để đơn vị đề xuất biết.")})


class DelegationForm(StyledForm):
    delegate = PersonChoiceField(label=_("Phó thủ trưởng được ủy quyền"), queryset=Person.objects.none(),
                                 empty_label=_("— Chọn phó thủ trưởng —"),
                                 error_messages={"required": _("Hãy chọn phó thủ trưởng được ủy quyền."),
                                                 "invalid_choice": _("Chỉ ủy quyền cho phó thủ trưởng của chính đơn vị.")})
    starts_on = forms.DateField(label=_("Từ ngày"), input_formats=DATE_FORMATS, widget=DATE_INPUT,
                                error_messages=DATE_ERRORS)
    ends_on = forms.DateField(label=_("Đến ngày"), input_formats=DATE_FORMATS, widget=DATE_INPUT,
                              error_messages=DATE_ERRORS, help_text=_("Tính cả ngày này."))

    def __init__(self, *args: Any, deputies: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = deputies  # type: ignore[attr-defined]  # a ModelChoiceField

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        return data


class ReviewTermForm(StyledForm):
    term = forms.CharField(label=_("Cụm từ"), max_length=100,
                           error_messages={"required": _("Cụm từ không được để trống."),
                                           "max_length": _("Cụm từ dài tối đa 100 ký tự.")})
    note = forms.CharField(label=_("Lưu ý cho người duyệt"), max_length=300, required=False,
                           error_messages={"max_length": _("Lưu ý dài tối đa 300 ký tự.")})
