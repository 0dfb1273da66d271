"""Forms of the public Q&A and feedback pages and of the workspace. They only shape input; the rules live
in enquiries.services, whose ValidationErrors are put back on the form (org.forms.add_service_errors)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from educomms.org.forms import StyledForm

from .models import FeedbackCategory, FeedbackState, QuestionState, Topic

ATTACHMENT_ACCEPT = "image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf"


class _PublicForm(StyledForm):
    """Name, contact and unit, shared by the question and the feedback forms, and the honeypot: a field
    people never see (hidden by the stylesheet) that simple spam robots fill in."""

    name = forms.CharField(label=_("Họ và tên"), max_length=120, error_messages={"required": _("Hãy cho biết họ và tên.")})
    email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    unit = forms.TypedChoiceField(label=_("Gửi đến đơn vị"), coerce=int,
                                  error_messages={"required": _("Hãy chọn đơn vị nhận."),
                                                  "invalid_choice": _("Hãy chọn một đơn vị trong danh sách.")})
    website = forms.CharField(label=_("Trang web (để trống ô này)"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args: Any, units: list[tuple[Any, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("— Chọn đơn vị —")), *units]  # type: ignore[attr-defined]
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    @property
    def is_spam(self) -> bool:
        return bool(self.is_bound and self.data.get("website", "").strip())


class AskForm(_PublicForm):
    topic = forms.ChoiceField(label=_("Lĩnh vực (không bắt buộc)"), required=False,
                              choices=[("", _("— Chọn lĩnh vực —")), *Topic.choices])
    text = forms.CharField(label=_("Câu hỏi"), max_length=5000, widget=forms.Textarea(attrs={"rows": 7}),
                           error_messages={"required": _("Hãy viết câu hỏi của bạn.")})


class FeedbackForm(_PublicForm):
    category = forms.ChoiceField(label=_("Nội dung góp ý, phản ánh liên quan đến"),
                                 choices=[("", _("— Chọn —")), *FeedbackCategory.choices],
                                 error_messages={"required": _("Hãy chọn nội dung góp ý, phản ánh liên quan đến.")})
    text = forms.CharField(label=_("Nội dung góp ý, phản ánh"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 7}),
                           error_messages={"required": _("Hãy viết nội dung góp ý, phản ánh.")})
    attachment = forms.FileField(label=_("Tệp đính kèm (ảnh hoặc PDF, tối đa 10 MB, không bắt buộc)"),
                                 required=False, widget=forms.ClearableFileInput(attrs={"accept": ATTACHMENT_ACCEPT}))


# --- Workspace ---------------------------------------------------------------------------------------

class InboxFilterForm(forms.Form):
    kind = forms.ChoiceField(required=False, choices=[("question", _("Hỏi đáp")), ("feedback", _("Góp ý, phản ánh"))])
    state = forms.CharField(required=False)
    unit = forms.IntegerField(required=False)
    overdue = forms.BooleanField(required=False)

    def state_choices(self, kind: str) -> list[tuple[str, Any]]:
        states = FeedbackState.choices if kind == "feedback" else QuestionState.choices
        return [("open", _("Đang xử lý (chưa xong)")), *states, ("all", _("Tất cả"))]


class AssignForm(StyledForm):
    assignee = forms.TypedChoiceField(label=_("Giao cho"), coerce=int,
                                      error_messages={"required": _("Hãy chọn người xử lý.")})
    comment = forms.CharField(label=_("Ghi chú (không bắt buộc)"), required=False, max_length=1000)

    def __init__(self, *args: Any, colleagues: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [(p.pk, p.full_name) for p in colleagues]  # type: ignore[attr-defined]


class AnswerForm(StyledForm):
    body = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000,
                           help_text=_("Mỗi đoạn cách nhau một dòng trống; địa chỉ trang web tự thành liên kết."),
                           error_messages={"required": _("Nội dung trả lời không được để trống.")})
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class MoveForm(StyledForm):
    action = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Ý kiến, lý do"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class FeedbackStateForm(StyledForm):
    to = forms.ChoiceField(choices=FeedbackState.choices, widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Kết quả xử lý, ghi chú"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(StyledForm):
    body = forms.CharField(label=_("Ghi chú nội bộ"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Nội dung ghi chú không được để trống.")})
