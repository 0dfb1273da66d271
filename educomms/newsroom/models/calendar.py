"""Themes, the school-year calendar of key dates, and the content plan."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from educomms.core.models import TimeStampedModel


class Theme(TimeStampedModel):
    """A content theme (chủ đề). Seeded from the sector's priorities for each department, editable there;
    the department's themes apply to its whole subtree."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="themes",
                             verbose_name=_("đơn vị sở hữu"))
    name = models.CharField(_("tên chủ đề"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=120, allow_unicode=False)
    description = models.TextField(_("mô tả"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("chủ đề")
        verbose_name_plural = _("chủ đề")
        constraints = [models.UniqueConstraint(fields=["unit", "slug"], name="newsroom_theme_unique_slug")]

    def __str__(self) -> str:
        return self.name


class KeyDate(TimeStampedModel):
    """A date that communication is planned around (opening day, Teachers' Day, exam seasons, Tết, the
    department's own events). `unit` empty = national; recurring ones repeat every year on the same day
    and month (lunar dates such as Tết are entered per year)."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("Quốc gia")
        SECTOR = "sector", _("Ngành Giáo dục")
        LOCAL = "local", _("Địa phương")
        UNIT = "unit", _("Của đơn vị")

    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="key_dates",
                             verbose_name=_("đơn vị"))
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("tên sự kiện"), max_length=200)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    recurring = models.BooleanField(_("lặp lại hằng năm"), default=False)
    description = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["starts_on", "title"]
        verbose_name = _("ngày trọng điểm")
        verbose_name_plural = _("ngày trọng điểm")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="newsroom_keydate_dates"),
        ]

    def __str__(self) -> str:
        return self.title


class PlannedStory(TimeStampedModel):
    """A line of the content plan (kế hoạch truyền thông): a story someone owes by a date."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        IN_PROGRESS = "in_progress", _("Đang viết")
        DONE = "done", _("Đã có tin bài")
        DROPPED = "dropped", _("Bỏ")

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="planned_stories",
                             verbose_name=_("đơn vị"))
    title = models.CharField(_("tiêu đề dự kiến"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="planned_stories",
                              verbose_name=_("người phụ trách"))
    due_on = models.DateField(_("hạn"))
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("chủ đề"))
    key_date = models.ForeignKey(KeyDate, null=True, blank=True, on_delete=models.SET_NULL,
                                 verbose_name=_("gắn với ngày"))
    format = models.CharField(_("hình thức"), max_length=20, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    story = models.ForeignKey("newsroom.Story", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="plan_items", verbose_name=_("tin bài"))
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("mục kế hoạch tin bài")
        verbose_name_plural = _("kế hoạch tin bài")
        indexes = [models.Index(fields=["unit", "due_on"])]

    def __str__(self) -> str:
        return self.title
