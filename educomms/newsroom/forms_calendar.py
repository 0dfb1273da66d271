"""Forms of the newsroom calendar: they only read and validate input; the services decide."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from educomms.newsroom import calendar_selectors as selectors
from educomms.newsroom.models import KeyDate, PlannedStory, Theme
from educomms.org.forms import DATE_FORMATS
from educomms.org.models import Person, Unit

# As elsewhere in the app: typed as 05/02/2026 (ISO dates are accepted too).
DATE_INPUT = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "class": "form-control"},
                             format="%d/%m/%Y")


def parse_day(value: Any) -> dt.date | None:
    """A date from a query string (?date=2026-11-19), or None."""
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _control(field: forms.Field) -> None:
    css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
    if isinstance(field.widget, forms.CheckboxInput):
        css = "form-check-input"
    field.widget.attrs.setdefault("class", css)


class _Styled(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _control(field)


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name


class KeyDateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.starts_on:%d/%m/%Y} — {obj.title}"  # 20/11/2026 — Ngày Nhà giáo Việt Nam


class ThemeForm(_Styled):
    name = forms.CharField(label=_("Tên chủ đề"), max_length=200)
    description = forms.CharField(label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class KeyDateForm(_Styled):
    title = forms.CharField(label=_("Tên sự kiện"), max_length=200)
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DATE_INPUT, input_formats=DATE_FORMATS)
    ends_on = forms.DateField(label=_("Đến ngày"), required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS,
                              help_text=_("Để trống nếu sự kiện diễn ra trong một ngày."))
    recurring = forms.BooleanField(label=_("Lặp lại hằng năm"), required=False)
    description = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, national_choice: bool = False, **kwargs: Any) -> None:
        """`national_choice`: a system administrator may enter a date for the whole country."""
        super().__init__(*args, **kwargs)
        if national_choice:
            self.fields["kind"] = forms.ChoiceField(
                label=_("Phạm vi"), initial=KeyDate.Kind.UNIT, widget=forms.Select(attrs={"class": "form-select"}),
                choices=[(KeyDate.Kind.UNIT, _("Của đơn vị đang xem")),
                         (KeyDate.Kind.NATIONAL, _("Toàn quốc: ngày lễ, kỷ niệm")),
                         (KeyDate.Kind.SECTOR, _("Toàn quốc: ngành Giáo dục"))])


class PlanItemForm(_Styled):
    title = forms.CharField(label=_("Tiêu đề dự kiến"), max_length=300)
    owner = OwnerChoiceField(label=_("Người phụ trách"), queryset=Person.objects.none())
    due_on = forms.DateField(label=_("Hạn"), widget=DATE_INPUT, input_formats=DATE_FORMATS)
    theme = forms.ModelChoiceField(label=_("Chủ đề"), queryset=Theme.objects.none(), required=False,
                                   empty_label=_("— Chưa chọn chủ đề —"))
    key_date = KeyDateChoiceField(label=_("Gắn với ngày trọng điểm"), queryset=KeyDate.objects.none(),
                                      required=False, empty_label=_("— Không gắn với ngày nào —"))
    format = forms.CharField(label=_("Hình thức"), max_length=20, required=False,
                             help_text=_("Ví dụ: tin, bài, ảnh, video."))
    status = forms.ChoiceField(label=_("Trạng thái"), choices=PlannedStory.Status.choices,
                               initial=PlannedStory.Status.PLANNED)
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, unit: Unit, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)  # noqa: S101  (declared above)
        owner.queryset = selectors.plan_owners(unit)
        theme = self.fields["theme"]
        assert isinstance(theme, forms.ModelChoiceField)  # noqa: S101
        theme.queryset = selectors.themes_for(unit)
        key_date = self.fields["key_date"]
        assert isinstance(key_date, forms.ModelChoiceField)  # noqa: S101
        window = [o.key_date.pk for o in selectors.key_dates_for(unit, today - dt.timedelta(days=31),
                                                                 today + dt.timedelta(days=400))]
        key_date.queryset = KeyDate.objects.filter(pk__in=window).order_by("starts_on")


class CalendarFilterForm(forms.Form):
    unit = forms.IntegerField(required=False)
    theme = forms.IntegerField(required=False)
    month = forms.RegexField(regex=r"^\d{4}-\d{2}$", required=False)

    def month_start(self, today: dt.date) -> dt.date:
        value = self.cleaned_data.get("month") if self.is_valid() else None
        if value:
            year, month = (int(x) for x in value.split("-"))
            if 1 <= month <= 12 and 2000 <= year <= 2100:
                return dt.date(year, month, 1)
        return today.replace(day=1)
