"""Forms of the directive pages: they only read and check input; the services decide (and say so in
Vietnamese when they refuse).

The targets editor is a formset of `TargetForm` rows (unit + subtree flag + unit kinds, school levels and
roles); `TargetFormSet.specs()` turns the filled rows into `targeting.TargetSpec`s for the preview and the
services."""

import datetime as dt
import re
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from educomms.newsroom.models import Theme
from educomms.org.forms import DATE_FORMATS, StyledForm
from educomms.org.models import Unit
from educomms.org.roles import ROLE_ORDER

from .models import DocType
from .targeting import TargetSpec

DATE_INPUT = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, format="%d/%m/%Y")
DATE_ERRORS = {"invalid": _("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 05/02/2026).")}
TIME_FORMATS = ["%H:%M"]
# How many target rows one form may carry (the page adds one at a time).
MAX_TARGETS = 20


class UnitChoiceField(forms.ModelChoiceField):
    """Units of the issuing unit's subtree, indented by depth so the tree reads in a plain <select>."""

    def __init__(self, *args: Any, base_depth: int = 0, **kwargs: Any) -> None:
        self.base_depth = base_depth
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return "— " * max(0, obj.depth - self.base_depth) + obj.name


class DirectiveForm(StyledForm):
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), choices=DocType.choices, initial=DocType.OFFICIAL_LETTER)
    number_symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False,
                                    help_text=_("Ví dụ: 125/SGDĐT-VP"))
    document_date = forms.DateField(label=_("Ngày văn bản"), required=False, input_formats=DATE_FORMATS,
                                    widget=DATE_INPUT, error_messages=DATE_ERRORS)
    title = forms.CharField(label=_("Trích yếu"), max_length=300,
                            error_messages={"required": _("Hãy nhập trích yếu của văn bản.")})
    summary = forms.CharField(label=_("Tóm tắt"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Có thể dùng HTML đơn giản (đoạn, danh sách, in đậm); mã không an toàn bị "
                                       "loại bỏ."))
    public = forms.BooleanField(label=_("Công khai trên cổng thông tin"), required=False)
    themes = forms.ModelMultipleChoiceField(label=_("Chủ đề"), queryset=Theme.objects.none(), required=False,
                                            widget=forms.CheckboxSelectMultiple,
                                            error_messages={"invalid_choice": _("Chủ đề đã chọn không hợp lệ.")})
    ack_required = forms.BooleanField(label=_("Yêu cầu xác nhận đã đọc"), required=False, initial=True)
    deadline_date = forms.DateField(label=_("Hạn xác nhận (ngày)"), required=False, input_formats=DATE_FORMATS,
                                    widget=DATE_INPUT, error_messages=DATE_ERRORS)
    deadline_time = forms.TimeField(label=_("Giờ"), required=False, input_formats=TIME_FORMATS, initial="17:00",
                                    widget=forms.TimeInput(attrs={"placeholder": "17:00", "inputmode": "numeric"},
                                                           format="%H:%M"),
                                    error_messages={"invalid": _("Giờ không hợp lệ, hãy nhập theo dạng 17:00.")})
    confirmation_phrase = forms.CharField(label=_("Câu xác nhận"), max_length=200, required=False,
                                          help_text=_("Người nhận phải gõ đúng câu này khi xác nhận (để trống nếu "
                                                      "không cần)."))
    remind_days_before = forms.CharField(label=_("Nhắc trước hạn (số ngày)"), max_length=60, required=False,
                                         help_text=_("Ví dụ “3, 0”: nhắc 3 ngày trước hạn và đúng ngày hạn."))
    escalate_days_after = forms.IntegerField(label=_("Báo thủ trưởng đơn vị sau hạn (số ngày)"), required=False,
                                             min_value=0, max_value=60,
                                             error_messages={"invalid": _("Hãy nhập một số ngày."),
                                                             "min_value": _("Số ngày không được âm."),
                                                             "max_value": _("Tối đa 60 ngày.")})
    forward_required = forms.BooleanField(label=_("Thủ trưởng phải chuyển tiếp cho cán bộ, giáo viên của đơn vị"),
                                          required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, themes: QuerySet[Theme] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes if themes is not None else Theme.objects.none()  # type: ignore[attr-defined]
        self.fields["themes"].widget.attrs["class"] = "form-check-input"

    def clean_remind_days_before(self) -> list[int]:
        raw = self.cleaned_data.get("remind_days_before", "")
        parts = [p for p in re.split(r"[,;\s]+", raw) if p]
        if not all(p.isdigit() for p in parts):
            raise forms.ValidationError(_("Hãy nhập các số ngày, cách nhau bằng dấu phẩy (ví dụ: 3, 0)."))
        days = sorted({int(p) for p in parts}, reverse=True)
        if any(d > 60 for d in days):
            raise forms.ValidationError(_("Chỉ nhắc trong vòng 60 ngày trước hạn."))
        return days

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The time field comes prefilled (17:00): without a date there is simply no deadline.
        day, time = data.get("deadline_date"), data.get("deadline_time")
        data["ack_deadline"] = (timezone.make_aware(dt.datetime.combine(day, time or dt.time(17, 0)))
                                if day else None)
        if (data.get("remind_days_before") or data.get("escalate_days_after") is not None) and not day:
            self.add_error("deadline_date", _("Nhắc hạn và báo thủ trưởng cần có hạn xác nhận."))
        return data

    def service_values(self) -> dict[str, Any]:
        """The cleaned values under the services' argument names."""
        data = self.cleaned_data
        names = ("doc_type", "number_symbol", "document_date", "title", "summary", "body", "public", "ack_required",
                 "ack_deadline", "confirmation_phrase", "remind_days_before", "escalate_days_after",
                 "forward_required", "themes")
        return {name: data.get(name) for name in names}

    @staticmethod
    def initial_for(directive: Any) -> dict[str, Any]:
        names = ("doc_type", "number_symbol", "document_date", "title", "summary", "body", "public", "ack_required",
                 "confirmation_phrase", "escalate_days_after", "forward_required", "version")
        initial = {name: getattr(directive, name) for name in names}
        initial["themes"] = list(directive.themes.all())
        initial["remind_days_before"] = ", ".join(str(d) for d in directive.remind_days_before or [])
        if directive.ack_deadline:
            local = timezone.localtime(directive.ack_deadline)
            initial["deadline_date"], initial["deadline_time"] = local.date(), local.time().replace(second=0)
        return initial


class TargetForm(StyledForm):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), required=False,
                           empty_label=_("— Chọn đơn vị —"),
                           error_messages={"invalid_choice": _("Đơn vị đã chọn không thuộc phạm vi của đơn vị ban "
                                                               "hành.")})
    include_subtree = forms.BooleanField(label=_("Gồm cả các đơn vị cấp dưới"), required=False, initial=True)
    unit_kinds = forms.MultipleChoiceField(label=_("Loại đơn vị"), choices=Unit.Kind.choices, required=False,
                                           widget=forms.CheckboxSelectMultiple,
                                           help_text=_("Không chọn: mọi loại đơn vị."))
    school_levels = forms.MultipleChoiceField(label=_("Cấp học"), choices=Unit.SchoolLevel.choices, required=False,
                                              widget=forms.CheckboxSelectMultiple,
                                              help_text=_("Không chọn: mọi cấp học."))
    roles = forms.MultipleChoiceField(label=_("Vai trò"), choices=[(r.value, r.label) for r in ROLE_ORDER],
                                      required=False, widget=forms.CheckboxSelectMultiple,
                                      help_text=_("Không chọn: mọi người của đơn vị."))

    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, base_depth: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        field.queryset = units if units is not None else Unit.objects.none()  # type: ignore[attr-defined]
        field.base_depth = base_depth  # type: ignore[attr-defined]  # a UnitChoiceField
        for name in ("unit_kinds", "school_levels", "roles"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def spec(self) -> TargetSpec | None:
        data = self.cleaned_data
        if not data.get("unit"):
            return None
        return TargetSpec(unit=data["unit"], include_subtree=bool(data.get("include_subtree")),
                          unit_kinds=tuple(data.get("unit_kinds") or ()),
                          school_levels=tuple(data.get("school_levels") or ()), roles=tuple(data.get("roles") or ()))

    @staticmethod
    def initial_for(spec: TargetSpec) -> dict[str, Any]:
        return {"unit": spec.unit, "include_subtree": spec.include_subtree, "unit_kinds": list(spec.unit_kinds),
                "school_levels": list(spec.school_levels), "roles": list(spec.roles)}


def describe_target(spec: TargetSpec) -> str:
    """“Sở GD&ĐT (cả đơn vị cấp dưới) · Trường học · Trung học phổ thông · Thủ trưởng đơn vị”."""
    kinds, levels, roles = dict(Unit.Kind.choices), dict(Unit.SchoolLevel.choices), dict(TargetForm.base_fields[
        "roles"].choices)  # type: ignore[attr-defined]  # a ChoiceField
    parts = [spec.unit.name + (" " + str(_("(cả đơn vị cấp dưới)")) if spec.include_subtree else "")]
    for values, labels in ((spec.unit_kinds, kinds), (spec.school_levels, levels), (spec.roles, roles)):
        if values:
            parts.append(", ".join(str(labels.get(v, v)) for v in values))
    return " · ".join(parts)


class BaseTargetFormSet(forms.BaseFormSet):
    def specs(self) -> list[TargetSpec]:
        """The filled rows (a row without a unit is ignored); call after is_valid()."""
        return [spec for form in self.forms if (spec := form.spec()) is not None]

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        if not self.specs():
            raise forms.ValidationError(_("Hãy chọn ít nhất một đơn vị nhận văn bản."))


TargetFormSet = forms.formset_factory(TargetForm, formset=BaseTargetFormSet, extra=0, min_num=1,
                                      max_num=MAX_TARGETS, validate_max=True)


def target_formset(data: Any, *, units: QuerySet[Unit], base_depth: int, initial: list[dict[str, Any]] | None = None,
                   add_row: bool = False) -> BaseTargetFormSet:
    """The targets editor; `add_row` adds one empty row to a posted formset (the "Thêm đối tượng" button)."""
    if data is not None and add_row:
        data = data.copy()
        total = int(data.get("targets-TOTAL_FORMS") or 0)
        data["targets-TOTAL_FORMS"] = str(min(total + 1, MAX_TARGETS))
    formset = TargetFormSet(data, prefix="targets", initial=initial,
                            form_kwargs={"units": units, "base_depth": base_depth})
    return cast(BaseTargetFormSet, formset)  # formset_factory is typed to return the base class


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Tệp đính kèm (PDF, DOCX, XLSX)"),
                           error_messages={"required": _("Hãy chọn một tệp để tải lên.")},
                           widget=forms.ClearableFileInput(attrs={"class": "form-control",
                                                                  "accept": ".pdf,.docx,.xlsx"}))


class AcknowledgeForm(StyledForm):
    comment = forms.CharField(label=_("Ý kiến (không bắt buộc)"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    phrase = forms.CharField(label=_("Gõ lại câu xác nhận"), max_length=200, required=False)

    def __init__(self, *args: Any, phrase_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not phrase_required:
            del self.fields["phrase"]
        else:
            self.fields["phrase"].required = True
            self.fields["phrase"].error_messages["required"] = _("Hãy gõ lại câu xác nhận.")


class ForwardForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("Chuyển tiếp cho cán bộ, giáo viên của"), queryset=Unit.objects.none(),
                                  empty_label=None,
                                  error_messages={"required": _("Hãy chọn đơn vị."),
                                                  "invalid_choice": _("Bạn không phải thủ trưởng của đơn vị này, "
                                                                      "hoặc đơn vị đã chuyển tiếp.")})
    note = forms.CharField(label=_("Lời nhắn kèm theo"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])  # type: ignore[attr-defined]


class WithdrawForm(StyledForm):
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Người nhận sẽ thấy lý do này."),
                             error_messages={"required": _("Hãy ghi lý do thu hồi văn bản.")})


class ManageFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    status = forms.ChoiceField(required=False, choices=[("", _("Mọi trạng thái")),
                                                        ("draft", _("Dự thảo")), ("issued", _("Đã ban hành")),
                                                        ("withdrawn", pgettext_lazy("văn bản", "Đã thu hồi"))])
