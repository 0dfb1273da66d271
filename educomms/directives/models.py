"""Directives (văn bản chỉ đạo) sent down the unit tree, with read and acknowledgment tracking.

    Directive ── targets (DirectiveTarget: subtree × kinds × levels × roles)
        │  issued by a task (IssueJob: progress, resumable)
        ├── Receipt (one per person: delivered, opened, acknowledged)
        ├── DirectiveUnitCount (per unit: recipients, opened, acknowledged — the roll-up's source)
        ├── Forward (a head passed a "forward to staff" directive on to their unit)
        └── Dispatch (a batched notice or reminder step, with its cursor: never sent twice)

See docs/directives.md.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from educomms.core.models import TimeStampedModel
from educomms.org.models import PathField


class DocType(models.TextChoices):
    OFFICIAL_LETTER = "cong_van", _("Công văn")
    PLAN = "ke_hoach", _("Kế hoạch")
    GUIDANCE = "huong_dan", pgettext_lazy("loại văn bản", "Hướng dẫn")
    NOTICE = "thong_bao", pgettext_lazy("loại văn bản", "Thông báo")
    OTHER = "khac", _("Khác")


class DirectiveStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    WITHDRAWN = "withdrawn", pgettext_lazy("văn bản", "Đã thu hồi")


class Directive(TimeStampedModel):
    """One document sent down the tree. Content is editable only as a draft; issuing freezes it.

    A corrected version is a new directive with `corrects` pointing at the one it replaces: the first
    one keeps its receipts (history), and its recipients see the correction beside it."""

    Status = DirectiveStatus

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="directives",
                             verbose_name=_("đơn vị ban hành"))
    doc_type = models.CharField(_("loại văn bản"), max_length=12, choices=DocType.choices,
                                default=DocType.OFFICIAL_LETTER)
    number_symbol = models.CharField(_("số, ký hiệu"), max_length=60, blank=True,
                                     help_text=_("Ví dụ: 125/SGDĐT-VP"))
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=300)
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = models.TextField(_("nội dung"), blank=True)  # HTML, cleaned by newsroom.html.clean
    themes = models.ManyToManyField("newsroom.Theme", blank=True, related_name="directives",
                                    verbose_name=_("chủ đề"))
    public = models.BooleanField(_("công khai trên cổng thông tin"), default=False)
    status = models.CharField(_("trạng thái"), max_length=10, choices=DirectiveStatus.choices,
                              default=DirectiveStatus.DRAFT, db_index=True)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections", verbose_name=_("đính chính cho văn bản"))

    # Acknowledgment and reminders (all per directive).
    ack_required = models.BooleanField(_("yêu cầu xác nhận đã đọc"), default=True)
    ack_deadline = models.DateTimeField(_("hạn xác nhận"), null=True, blank=True)
    confirmation_phrase = models.CharField(_("câu xác nhận"), max_length=200, blank=True,
                                           help_text=_("Người nhận phải gõ đúng câu này khi xác nhận (không bắt "
                                                       "buộc)."))
    remind_days_before = models.JSONField(_("nhắc trước hạn (ngày)"), default=list, blank=True,
                                          help_text=_("Ví dụ [3, 0]: nhắc 3 ngày trước hạn và đúng hạn."))
    escalate_days_after = models.PositiveSmallIntegerField(_("báo thủ trưởng sau hạn (ngày)"), null=True,
                                                           blank=True)
    forward_required = models.BooleanField(_("thủ trưởng phải chuyển tiếp cho cán bộ, giáo viên"), default=False)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("người soạn"))
    version = models.PositiveIntegerField(default=1)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("người ban hành"))
    issued_at = models.DateTimeField(_("thời điểm ban hành"), null=True, blank=True, db_index=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("người thu hồi"))
    withdrawn_at = models.DateTimeField(_("thời điểm thu hồi"), null=True, blank=True)
    withdraw_reason = models.TextField(_("lý do thu hồi"), blank=True)

    class Meta:
        ordering = ["-issued_at", "-created_at", "-id"]
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        indexes = [models.Index(fields=["unit", "status"], name="directives_unit_status")]
        constraints = [
            models.CheckConstraint(condition=Q(status="draft") | Q(issued_at__isnull=False),
                                   name="directives_issued_has_time"),
        ]

    def __str__(self) -> str:
        return f"{self.number_symbol} {self.title}".strip()

    @property
    def is_draft(self) -> bool:
        return self.status == DirectiveStatus.DRAFT

    @property
    def is_withdrawn(self) -> bool:
        return self.status == DirectiveStatus.WITHDRAWN


class DirectiveTarget(models.Model):
    """One part of who receives a directive: the people holding a current role in `unit` (and its whole
    subtree when `include_subtree`), narrowed by unit kinds, school levels and roles (an empty list means
    any). The recipients are the union over a directive's targets."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    include_subtree = models.BooleanField(_("gồm cả đơn vị cấp dưới"), default=True)
    unit_kinds = models.JSONField(_("loại đơn vị"), default=list, blank=True)
    school_levels = models.JSONField(_("cấp học"), default=list, blank=True)
    roles = models.JSONField(_("vai trò"), default=list, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("đối tượng nhận")
        verbose_name_plural = _("đối tượng nhận")

    def __str__(self) -> str:
        return f"{self.directive_id}: {self.unit_id}"


class IssueJob(TimeStampedModel):
    """The issuing of one directive: receipts are written chunk by chunk (ranges of unit paths), and
    `next_path` records where the next chunk starts, in the same transaction as the chunk's receipts.
    A worker killed halfway leaves a job that any worker can resume; receipts are unique per person,
    so nothing is written twice."""

    class State(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang gửi")
        DONE = "done", _("Đã gửi xong")
        FAILED = "failed", _("Lỗi")
        STOPPED = "stopped", _("Đã dừng (văn bản bị thu hồi)")

    FINISHED = (State.DONE, State.FAILED, State.STOPPED)

    directive = models.OneToOneField(Directive, on_delete=models.CASCADE, related_name="issue_job")
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.PENDING,
                             db_index=True)
    total = models.PositiveIntegerField(_("số người nhận dự kiến"), default=0)
    done = models.PositiveIntegerField(_("số người đã nhận"), default=0)
    chunks = models.JSONField(default=list, blank=True)  # path boundaries: chunk i is [chunks[i], chunks[i+1])
    next_chunk = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(_("lỗi"), blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt ban hành")
        verbose_name_plural = _("lượt ban hành")

    def __str__(self) -> str:
        return f"{self.directive_id}: {self.state} {self.done}/{self.total}"

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return min(99, int(100 * self.done / self.total)) if self.total else 0


class Forward(models.Model):
    """A head passed a "forward to staff" directive on to the people of their unit, with a note."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="forwards")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    forwarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("người chuyển tiếp"))
    forwarded_at = models.DateTimeField(_("thời điểm chuyển tiếp"))
    note = models.TextField(_("ghi chú"), blank=True)
    recipients = models.PositiveIntegerField(_("số người nhận thêm"), default=0)

    class Meta:
        ordering = ["-forwarded_at"]
        verbose_name = _("lượt chuyển tiếp")
        verbose_name_plural = _("lượt chuyển tiếp")
        constraints = [models.UniqueConstraint(fields=["directive", "unit"], name="directives_forward_once")]

    def __str__(self) -> str:
        return f"{self.directive_id} → {self.unit_id}"


class Receipt(models.Model):
    """One person's copy of a directive: delivered (created), opened (first read), acknowledged.

    `unit` is the unit of the membership that made the person a recipient, and `unit_path` its path at
    that time (roll-ups group by it without joining units). Timestamps are set once, by conditional
    UPDATEs (… WHERE opened_at IS NULL), so two clicks at once count once."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="receipts",
                                  db_index=False)  # the unique (directive, person) index leads with it
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directive_receipts",
                               db_index=False)  # (person, delivered_at) leads with it
    # Units are never deleted (deactivated instead): no index for the foreign key's own sake.
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", db_index=False)
    unit_path = PathField(max_length=255)
    role = models.CharField(max_length=20)
    forward = models.ForeignKey(Forward, null=True, blank=True, on_delete=models.SET_NULL, related_name="receipts",
                                db_index=False)
    delivered_at = models.DateTimeField(_("thời điểm nhận"))
    opened_at = models.DateTimeField(_("thời điểm đọc"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("thời điểm xác nhận"), null=True, blank=True)
    ack_comment = models.CharField(_("ý kiến khi xác nhận"), max_length=500, blank=True)

    class Meta:
        ordering = ["-delivered_at", "-id"]
        verbose_name = _("phiếu nhận văn bản")
        verbose_name_plural = _("phiếu nhận văn bản")
        constraints = [models.UniqueConstraint(fields=["directive", "person"], name="directives_receipt_once")]
        indexes = [
            models.Index(fields=["person", "-delivered_at"], name="directives_receipt_inbox"),
            models.Index(fields=["directive", "unit_path"], name="directives_receipt_unit_path"),
        ]

    def __str__(self) -> str:
        return f"{self.directive_id} / {self.person_id}"


class DirectiveUnitCount(models.Model):
    """Per directive and unit: how many recipients (by receipt unit) have the directive, opened it,
    acknowledged it — maintained in the same transaction as the receipt changes (F() increments), so
    that the coverage roll-up reads one row per unit instead of one per person. `awaiting_forward` is
    true while the unit's head has not forwarded a "forward to staff" directive."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="unit_counts",
                                  db_index=False)  # the unique (directive, unit) index leads with it
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", db_index=False)
    unit_path = PathField(max_length=255)
    recipients = models.PositiveIntegerField(default=0)
    opened = models.PositiveIntegerField(default=0)
    acknowledged = models.PositiveIntegerField(default=0)
    awaiting_forward = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("số liệu theo đơn vị")
        verbose_name_plural = _("số liệu theo đơn vị")
        constraints = [models.UniqueConstraint(fields=["directive", "unit"], name="directives_unit_count_once")]
        indexes = [models.Index(fields=["directive", "unit_path"], name="directives_count_unit_path")]

    def __str__(self) -> str:
        return f"{self.directive_id} @ {self.unit_id}: {self.acknowledged}/{self.recipients}"


class Dispatch(models.Model):
    """One batched sending step of a directive: the notice of issue, a reminder ("before:3" = 3 days
    before the deadline, "before:0" = at the deadline) or the escalation to unit heads. Each batch is
    sent in one transaction with the move of `cursor` (the last person id, or unit id for escalation),
    so a crash resumes where it stopped and nobody is told twice."""

    class State(models.TextChoices):
        RUNNING = "running", _("Đang gửi")
        DONE = "done", _("Đã gửi xong")
        STOPPED = "stopped", _("Đã dừng")

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="dispatches")
    step = models.CharField(max_length=20)
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING, db_index=True)
    cursor = models.BigIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("lượt gửi thông báo")
        verbose_name_plural = _("lượt gửi thông báo")
        constraints = [models.UniqueConstraint(fields=["directive", "step"], name="directives_dispatch_once")]

    def __str__(self) -> str:
        return f"{self.directive_id} {self.step}: {self.state}"


class Attachment(TimeStampedModel):
    """A file of a directive (PDF, DOCX, XLSX; validated by content)."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to="directives/%Y/%m/", max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    mime = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.original_name
