"""Forms of the story pages: they read and check input; the services decide (their ValidationErrors are put
back on the form with `org.forms.add_service_errors`)."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from educomms.newsroom import calendar_selectors, selectors
from educomms.newsroom.models import Audience, KeyDate, Story, StoryAsset, StoryState, Theme
from educomms.org.forms import DATE_FORMATS, StyledForm
from educomms.org.models import Unit

DATE_INPUT = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, format="%d/%m/%Y")
# Schedules are typed as 25/11/2026 08:30, local time (Asia/Ho_Chi_Minh).
DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class StoryFilterForm(forms.Form):
    """The list's filters (?unit=&state=&theme=&q=); bad values are ignored, not errors."""

    unit = forms.IntegerField(required=False)
    state = forms.ChoiceField(required=False, choices=[("", _("Mọi trạng thái")), *StoryState.choices])
    theme = forms.IntegerField(required=False)
    q = forms.CharField(required=False, max_length=200)

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_valid() else None


class KeyDateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.starts_on:%d/%m/%Y} — {obj.title}"


class StoryForm(StyledForm):
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    summary = forms.CharField(label=_("Sa-pô (tóm tắt)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Một đoạn ngắn mở đầu bài, tối đa 500 ký tự."))
    body = forms.CharField(label=_("Nội dung"), required=False, max_length=500_000,
                           widget=forms.Textarea(attrs={"rows": 14, "data-rich-text": "1"}))
    format = forms.ChoiceField(label=_("Hình thức"), choices=Story.Format.choices, initial=Story.Format.ARTICLE)
    themes = forms.ModelMultipleChoiceField(label=_("Chủ đề"), required=False, queryset=Theme.objects.none(),
                                            widget=forms.CheckboxSelectMultiple)
    audiences = forms.MultipleChoiceField(label=_("Đối tượng"), required=False, choices=Audience.choices,
                                          widget=forms.CheckboxSelectMultiple)
    key_date = KeyDateChoiceField(label=_("Gắn với ngày trọng điểm"), queryset=KeyDate.objects.none(), required=False,
                                  empty_label=_("— Không gắn với ngày nào —"))
    review_due_on = forms.DateField(label=_("Hạn duyệt"), required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS)
    names_students = forms.BooleanField(label=_("Bài có nêu tên học sinh"), required=False,
                                        help_text=_("Cần văn bản đồng ý của cha mẹ (và của học sinh từ 7 tuổi)."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, unit: Unit, story: Story | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("themes", "audiences"):
            self.fields[name].widget.attrs["class"] = "form-check-input"
        themes = self.fields["themes"]
        assert isinstance(themes, forms.ModelMultipleChoiceField)  # noqa: S101  (declared above)
        themes.queryset = selectors.themes_for(unit).order_by("unit__path", "order", "name")
        key_date = self.fields["key_date"]
        assert isinstance(key_date, forms.ModelChoiceField)  # noqa: S101
        today = timezone.localdate()
        window = {o.key_date.pk for o in calendar_selectors.key_dates_for(unit, today - dt.timedelta(days=60),
                                                                          today + dt.timedelta(days=400))}
        if story is not None and story.key_date_id:
            window.add(story.key_date_id)
        key_date.queryset = KeyDate.objects.filter(pk__in=window).order_by("starts_on")
        if story is not None:
            images = story.assets.filter(kind=StoryAsset.Kind.IMAGE)
            self.fields["cover"] = forms.ModelChoiceField(
                label=_("Ảnh đại diện"), queryset=images, required=False, empty_label=_("— Không có ảnh đại diện —"),
                widget=forms.Select(attrs={"class": "form-select"}))

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values as the story services take them."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class OverwriteForm(forms.Form):
    """After a refused stale save: save over the newer version on purpose (it stays in the revisions)."""

    overwrite = forms.BooleanField(required=False)
    current_version = forms.IntegerField(required=False, min_value=1)


class AssetUploadForm(StyledForm):
    file = forms.FileField(label=_("Ảnh hoặc tệp đính kèm"),
                           help_text=_("Ảnh JPEG, PNG, WebP (tối đa 15 MB) hoặc tệp PDF, DOCX, XLSX (tối đa 20 MB)."))
    alt_text = forms.CharField(label=_("Mô tả ảnh (cho người khiếm thị)"), required=False, max_length=300)
    caption = forms.CharField(label=_("Chú thích"), required=False, max_length=300)
    shows_students = forms.BooleanField(label=_("Ảnh có học sinh"), required=False)

    def kind(self) -> str:
        """An image by its declared type, else an attachment; the service sniffs the bytes either way."""
        upload = self.cleaned_data["file"]
        content_type = getattr(upload, "content_type", "") or ""
        name = (upload.name or "").lower()
        if content_type.startswith("image/") or name.endswith((".jpg", ".jpeg", ".png", ".webp")):
            return StoryAsset.Kind.IMAGE
        return StoryAsset.Kind.ATTACHMENT


class AssetForm(StyledForm):
    alt_text = forms.CharField(label=_("Mô tả ảnh (cho người khiếm thị)"), required=False, max_length=300)
    caption = forms.CharField(label=_("Chú thích"), required=False, max_length=300)
    shows_students = forms.BooleanField(label=_("Ảnh có học sinh"), required=False)


class ImageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.original_name or obj.alt_text or str(obj.pk)


class ConsentForm(StyledForm):
    student_name = forms.CharField(label=_("Họ tên học sinh"), max_length=150)
    student_age = forms.IntegerField(label=_("Tuổi"), min_value=1, max_value=24,
                                     error_messages={"invalid": _("Tuổi phải là một số.")})
    parent_name = forms.CharField(label=_("Họ tên cha/mẹ hoặc người giám hộ"), max_length=150)
    parent_agreed = forms.BooleanField(label=_("Cha/mẹ đồng ý"), required=False)
    child_agreed = forms.BooleanField(label=_("Học sinh đồng ý (bắt buộc từ 7 tuổi)"), required=False)
    asset = ImageChoiceField(label=_("Cho ảnh"), queryset=StoryAsset.objects.none(), required=False,
                                   empty_label=_("— Cả bài (nêu tên học sinh) —"))

    def __init__(self, *args: Any, story: Story, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        asset = self.fields["asset"]
        assert isinstance(asset, forms.ModelChoiceField)  # noqa: S101
        asset.queryset = story.assets.filter(kind=StoryAsset.Kind.IMAGE)


class CommentForm(StyledForm):
    body = forms.CharField(label=_("Góp ý"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    private = forms.BooleanField(label=_("Ghi chú riêng cho người duyệt (tác giả không thấy)"), required=False)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=StoryState.choices)
    comment = forms.CharField(required=False, max_length=5000)
    scheduled_for = forms.DateTimeField(required=False, input_formats=DATETIME_FORMATS, error_messages={
        "invalid": _("Thời điểm đăng phải có dạng ngày/tháng/năm giờ:phút, ví dụ 25/11/2026 08:30.")})
    acknowledge = forms.BooleanField(required=False)
