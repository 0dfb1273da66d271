"""Forms of the monitoring pages: they read input; services decide."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from educomms.org.forms import StyledForm

from .models import (
    ActionKind,
    MatchStatus,
    MentionKind,
    RiskLevel,
    Sentiment,
    SourceKind,
    Topic,
    Toxicity,
    Verdict,
)
from .selectors import MentionFilter

DATE_INPUT = ["%d/%m/%Y", "%Y-%m-%d"]


class VNDateField(forms.DateField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_INPUT)
        # Typed as Vietnamese users write dates (05/02/2026), as the other modules' forms: a native date picker
        # shows the browser's own format (mm/dd/yyyy under an English browser).
        kwargs.setdefault("widget", forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"},
                                                    format="%d/%m/%Y"))
        kwargs.setdefault("error_messages", {"invalid": _("Ngày không hợp lệ (dạng 05/02/2026).")})
        super().__init__(**kwargs)


class MentionFilterForm(StyledForm):
    q = forms.CharField(label=_("Từ khóa"), required=False, max_length=200)
    topic = forms.ModelChoiceField(label=pgettext_lazy("theo dõi dư luận", "Chủ đề"), queryset=Topic.objects.none(),
                                   required=False, empty_label=pgettext_lazy("theo dõi dư luận", "Mọi chủ đề"))
    sentiment = forms.ChoiceField(label=_("Sắc thái"), required=False,
                                  choices=[("", _("Mọi sắc thái")), *Sentiment.choices])
    risk = forms.ChoiceField(label=_("Rủi ro"), required=False, choices=[("", _("Mọi mức rủi ro")), *RiskLevel.choices])
    status = forms.ChoiceField(label=_("Trạng thái"), required=False,
                               choices=[("", _("Mọi trạng thái")), *MatchStatus.choices])
    kind = forms.ChoiceField(label=_("Loại tin"), required=False, choices=[("", _("Mọi loại")), *MentionKind.choices])
    source: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Nguồn"), queryset=None, required=False, empty_label=_("Mọi nguồn"))
    date_from = VNDateField(label=_("Từ ngày"), required=False)
    date_to = VNDateField(label=_("Đến ngày"), required=False)

    # The query string uses Vietnamese parameter names.
    PARAMS = {"q": "q", "topic": "chu-de", "sentiment": "sac-thai", "risk": "rui-ro", "status": "trang-thai",
              "kind": "loai", "source": "nguon", "date_from": "tu-ngay", "date_to": "den-ngay"}

    def __init__(self, data: Any, *, topics: Any, sources: Any) -> None:
        super().__init__(data or None)
        self.fields["topic"].queryset = topics  # type: ignore[attr-defined]
        self.fields["source"].queryset = sources  # type: ignore[attr-defined]

    def add_prefix(self, field_name: str) -> str:
        return self.PARAMS.get(field_name, field_name)

    def filter(self) -> MentionFilter:
        if not self.is_bound or not self.is_valid():
            return MentionFilter()
        d = self.cleaned_data
        return MentionFilter(topic=d["topic"], sentiment=d["sentiment"], risk=d["risk"], status=d["status"],
                             kind=d["kind"], source=d["source"], date_from=d["date_from"], date_to=d["date_to"],
                             q=d["q"].strip())


class BulkActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("seen", _("Đánh dấu đã xem")), ("assign", _("Giao xử lý")),
                                        ("ignore", pgettext_lazy("theo dõi dư luận", "Bỏ qua")), ("new", _("Đưa về tin mới")),
                                        ("label", _("Gán nhãn sắc thái"))],
                               error_messages={"required": _("Hãy chọn thao tác."),
                                               "invalid_choice": _("Thao tác không hợp lệ.")})
    mentions = forms.TypedMultipleChoiceField(coerce=int, choices=[], error_messages={
        "required": _("Hãy chọn ít nhất một tin."), "invalid_choice": _("Tin đã chọn không hợp lệ.")})
    assignee: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, required=False)
    sentiment = forms.ChoiceField(choices=[("", "—"), *Sentiment.choices], required=False)

    def __init__(self, data: Any, *, mention_ids: list[int], people: Any) -> None:
        super().__init__(data)
        self.fields["mentions"].choices = [(i, i) for i in mention_ids]  # type: ignore[attr-defined]
        self.fields["assignee"].queryset = people  # type: ignore[attr-defined]


class LabelForm(StyledForm):
    sentiment = forms.ChoiceField(label=_("Sắc thái đúng"), choices=[("", "—"), *Sentiment.choices], required=False)
    toxicity = forms.ChoiceField(label=_("Mức độc hại đúng"), choices=[("", "—"), *Toxicity.choices], required=False)


class TopicForm(StyledForm):
    name = forms.CharField(label=pgettext_lazy("theo dõi dư luận", "Tên chủ đề"), max_length=200)
    query = forms.CharField(label=_("Truy vấn"), widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
                            max_length=2000, required=False,
                            help_text=_('Ví dụ: (học phí OR "thu sai quy định") AND NOT "tuyển sinh" — dùng AND, '
                                        'OR, NOT, ngoặc, "cụm từ", NEAR/5, tiền tố*, title:, site:, =từ (giữ dấu).'))
    priority = forms.TypedChoiceField(label=_("Mức ưu tiên"), coerce=int, choices=Topic.Priority.choices,
                                      initial=Topic.Priority.NORMAL)
    active = forms.BooleanField(label=_("Đang theo dõi"), required=False, initial=True)
    aliases = forms.CharField(label=_("Tên gọi khác của đơn vị"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Mỗi dòng một tên gọi khác (tên cũ, tên viết tắt)."))

    def __init__(self, *args: Any, default: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if default:
            del self.fields["query"]
        else:
            del self.fields["aliases"]
            self.fields["query"].required = True
            self.fields["query"].error_messages["required"] = _("Hãy nhập truy vấn.")


class PreviewForm(forms.Form):
    query = forms.CharField(max_length=2000, required=False)


class SourceForm(StyledForm):
    kind = forms.ChoiceField(label=_("Loại nguồn"), choices=[c for c in SourceKind.choices if c[0] != SourceKind.IMPORT])
    name = forms.CharField(label=_("Tên nguồn"), max_length=200)
    url = forms.URLField(label=_("Địa chỉ RSS/Atom hoặc trang web"), required=False, max_length=1000,
                         error_messages={"invalid": _("Địa chỉ không hợp lệ (bắt đầu bằng http:// hoặc https://).")})
    page_id = forms.CharField(label=_("Mã trang Facebook"), required=False, max_length=100)
    access_token = forms.CharField(label=_("Mã truy cập trang (Page access token)"), required=False, max_length=1000,
                                   widget=forms.PasswordInput(render_value=False))
    interval_minutes = forms.IntegerField(label=_("Chu kỳ lấy tin (phút)"), min_value=5, max_value=1440, initial=30)
    active = forms.BooleanField(label=_("Đang theo dõi"), required=False, initial=True)


class ImportUploadForm(StyledForm):
    file = forms.FileField(label=_("Tệp CSV hoặc Excel (.xlsx)"))


class AlertPolicyForm(StyledForm):
    risk_threshold = forms.IntegerField(label=_("Ngưỡng rủi ro cao (điểm)"), min_value=10, max_value=100)
    spike_factor = forms.FloatField(label=_("Hệ số tăng đột biến (so với mức thường lệ)"), min_value=1.2,
                                    max_value=20)
    spike_min_count = forms.IntegerField(label=_("Số tin tối thiểu trong một giờ"), min_value=1, max_value=1000)
    cluster_growth = forms.IntegerField(label=_("Số trang đăng lại trong 2 giờ"), min_value=2, max_value=1000)
    peak_name = forms.CharField(label=_("Tên mùa cao điểm"), required=False, max_length=120)
    peak_from = VNDateField(label=_("Mùa cao điểm từ ngày"), required=False)
    peak_to = VNDateField(label=_("Đến ngày"), required=False)


class CaseOpenForm(StyledForm):
    title = forms.CharField(label=_("Tên vụ việc"), max_length=300)
    claim = forms.CharField(label=_("Nội dung thông tin cần xác minh"), widget=forms.Textarea(attrs={"rows": 4}))


class FindingsForm(StyledForm):
    claim = forms.CharField(label=_("Nội dung thông tin cần xác minh"), widget=forms.Textarea(attrs={"rows": 3}))
    facts = forms.CharField(label=_("Sự thật, kết quả xác minh"), required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.CharField(label=_("Bằng chứng"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class VerdictForm(StyledForm):
    verdict = forms.ChoiceField(label=_("Kết luận"), choices=[c for c in Verdict.choices if c[0]],
                                error_messages={"required": _("Hãy chọn kết luận.")})


class ActionForm(StyledForm):
    kind = forms.ChoiceField(label=_("Biện pháp"), choices=ActionKind.choices)
    target = forms.CharField(label=pgettext_lazy("theo dõi dư luận", "Gửi tới"), required=False, max_length=300,
                             help_text=_("Ví dụ: Báo Tuổi Trẻ; Facebook; Công an tỉnh."))
    description = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    owner: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Người thực hiện"), queryset=None,
                                   error_messages={"required": _("Hãy chọn người thực hiện.")})
    deadline = forms.DateTimeField(label=_("Hạn hoàn thành"), required=False,
                                   input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y"],
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                   error_messages={"invalid": _("Thời hạn không hợp lệ (dạng 05/02/2026 14:30).")})

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]

    def clean_deadline(self) -> dt.datetime | None:
        value = self.cleaned_data.get("deadline")
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value


class NoteForm(StyledForm):
    text = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}))
