"""Public documents (văn bản công khai) that a unit publishes on its portal (Decree 42/2022/NĐ-CP)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from educomms.core.models import TimeStampedModel


class DocumentType(models.TextChoices):
    OFFICIAL_LETTER = "cong_van", _("Công văn")
    PLAN = "ke_hoach", _("Kế hoạch")
    GUIDANCE = "huong_dan", pgettext_lazy("loại văn bản", "Hướng dẫn")
    NOTICE = "thong_bao", pgettext_lazy("loại văn bản", "Thông báo")
    DECISION = "quyet_dinh", _("Quyết định")
    REPORT = "bao_cao", _("Báo cáo")
    OTHER = "khac", _("Khác")


class DocumentState(models.TextChoices):
    PUBLISHED = "published", _("Đang công khai")
    WITHDRAWN = "withdrawn", pgettext_lazy("văn bản", "Đã thu hồi")


class PublicDocument(TimeStampedModel):
    """Any public document: written by hand in the workspace, or published by another module (the
    directives module publishes a directive with source_app="directives", source_id=<its id>: the pair
    is unique, so publishing the same source twice updates one document)."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="public_documents",
                             verbose_name=_("cơ quan ban hành"))
    doc_type = models.CharField(_("loại văn bản"), max_length=12, choices=DocumentType.choices,
                                default=DocumentType.OFFICIAL_LETTER)
    number_symbol = models.CharField(_("số, ký hiệu"), max_length=60, blank=True,
                                     help_text=_("Ví dụ: 125/SGDĐT-VP"))
    issued_on = models.DateField(_("ngày ban hành"))
    effective_on = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    summary = models.TextField(_("tóm tắt nội dung"), blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    file = models.FileField(_("tệp văn bản"), upload_to="documents/%Y/%m/", max_length=255)
    file_name = models.CharField(max_length=255, blank=True)  # the uploaded name, for the download
    mime = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    themes = models.ManyToManyField("newsroom.Theme", blank=True, related_name="public_documents",
                                    verbose_name=_("chủ đề"))
    state = models.CharField(_("trạng thái"), max_length=12, choices=DocumentState.choices,
                             default=DocumentState.PUBLISHED)
    published_at = models.DateTimeField(_("thời điểm công khai"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    withdrawn_at = models.DateTimeField(_("thời điểm thu hồi"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("lý do thu hồi"), blank=True)
    source_app = models.CharField(max_length=40, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    search_text = models.TextField(editable=False, blank=True)  # folded number + title + summary
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("văn bản công khai")
        verbose_name_plural = _("văn bản công khai")
        indexes = [
            models.Index(fields=["unit", "state", "-issued_on"]),
            models.Index(fields=["state", "-issued_on"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["source_app", "source_id"], condition=~Q(source_app=""),
                                    name="documents_unique_source"),
        ]

    def __str__(self) -> str:
        return f"{self.number_symbol} {self.title}".strip()

    @property
    def is_withdrawn(self) -> bool:
        return self.state == DocumentState.WITHDRAWN

    @property
    def slug(self) -> str:
        from django.utils.text import slugify

        from educomms.core.text import fold

        return slugify(fold(self.title))[:80].strip("-") or "van-ban"

    @property
    def extension(self) -> str:
        return (self.file.name or "").rsplit(".", 1)[-1].upper() if self.file else ""
