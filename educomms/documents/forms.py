"""Forms of public documents: they only read and validate input; the services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from educomms.newsroom.models import Theme
from educomms.org.forms import DATE_FORMATS, StyledForm
from educomms.org.models import Unit

from .models import DocumentType

DATE_INPUT = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, format="%d/%m/%Y")


class DocumentForm(StyledForm):
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), choices=DocumentType.choices)
    number_symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=80, required=False,
                                    help_text=_("Ví dụ: 125/SGDĐT-VP"))
    issued_on = forms.DateField(label=_("Ngày ban hành"), input_formats=DATE_FORMATS, widget=DATE_INPUT,
                                error_messages={"required": _("Hãy nhập ngày ban hành."),
                                                "invalid": _("Ngày không hợp lệ (dd/mm/yyyy).")})
    effective_on = forms.DateField(label=_("Ngày có hiệu lực"), input_formats=DATE_FORMATS, widget=DATE_INPUT,
                                   required=False, error_messages={"invalid": _("Ngày không hợp lệ (dd/mm/yyyy).")})
    title = forms.CharField(label=_("Trích yếu"), max_length=600, widget=forms.Textarea(attrs={"rows": 2}),
                            error_messages={"required": _("Trích yếu không được để trống.")})
    summary = forms.CharField(label=_("Tóm tắt nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    signer_name = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    themes = forms.ModelMultipleChoiceField(label=_("Chủ đề"), queryset=Theme.objects.none(), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    file = forms.FileField(label=_("Tệp văn bản (PDF, DOCX, XLSX; tối đa 20 MB)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ancestors = [int(part) for part in unit.path.strip("/").split("/") if part]
        themes = self.fields["themes"]
        assert isinstance(themes, forms.ModelMultipleChoiceField)  # noqa: S101  (for the type checker)
        themes.queryset = Theme.objects.filter(unit_id__in=ancestors, active=True).order_by("order", "name")
        themes.widget.attrs.pop("class", None)


class WithdrawForm(StyledForm):
    reason = forms.CharField(label=_("Lý do thu hồi"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000,
                             error_messages={"required": _("Hãy ghi lý do thu hồi.")})


class PublicFilterForm(forms.Form):
    """Filters of the public list (every field optional; bad values are simply ignored)."""

    q = forms.CharField(required=False, max_length=200)
    loai = forms.ChoiceField(required=False, choices=[("", _("Tất cả loại văn bản")), *DocumentType.choices])
    nam = forms.IntegerField(required=False, min_value=1990, max_value=2100)
    don_vi = forms.IntegerField(required=False, min_value=1)
