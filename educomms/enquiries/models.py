"""Questions from citizens and parents (hỏi đáp) with their approved answers, and feedback (góp ý, phản ánh).

A question is addressed to one unit and handled there: received → assigned → answer drafted → answer in
approval → published, or closed without publishing (with a reason), or spam. Feedback is never
published: new → in progress → resolved / closed, with internal notes.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from educomms.core.models import TimeStampedModel

# How long a unit has to answer (shown as overdue afterwards). Calendar days, counted from receipt.
QUESTION_DUE_DAYS = 7
FEEDBACK_DUE_DAYS = 10


class QuestionState(models.TextChoices):
    RECEIVED = "received", _("Mới tiếp nhận")
    ASSIGNED = "assigned", _("Đã phân công")
    DRAFTED = "drafted", _("Đã soạn trả lời")
    IN_APPROVAL = "in_approval", _("Chờ duyệt trả lời")
    PUBLISHED = "published", _("Đã đăng")
    CLOSED = "closed", _("Đóng, không đăng")
    SPAM = "spam", _("Thư rác")


OPEN_QUESTION_STATES = (QuestionState.RECEIVED, QuestionState.ASSIGNED, QuestionState.DRAFTED,
                        QuestionState.IN_APPROVAL)


class Topic(models.TextChoices):
    ENROLMENT = "enrolment", _("Tuyển sinh, chuyển trường")
    FEES = "fees", _("Học phí và các khoản thu")
    UNIFORMS = "uniforms", _("Đồng phục, sách giáo khoa")
    EXAMS = "exams", _("Thi cử, kiểm tra, đánh giá")
    CURRICULUM = "curriculum", _("Chương trình, dạy và học")
    POLICIES = "policies", _("Chế độ, chính sách")
    OTHER = "other", _("Khác")


def _due(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def question_due() -> dt.datetime:
    return _due(QUESTION_DUE_DAYS)


def feedback_due() -> dt.datetime:
    return _due(FEEDBACK_DUE_DAYS)


class Question(TimeStampedModel):
    """A question asked on the portal. The asker's e-mail and phone are never shown publicly."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="questions",
                             verbose_name=_("đơn vị nhận câu hỏi"))
    asker_name = models.CharField(_("họ và tên người hỏi"), max_length=120)
    asker_email = models.EmailField(_("thư điện tử"), blank=True)
    asker_phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)  # normalize_phone form
    text = models.TextField(_("nội dung câu hỏi"))
    topic = models.CharField(_("lĩnh vực"), max_length=20, choices=Topic.choices, blank=True)
    state = models.CharField(_("trạng thái"), max_length=20, choices=QuestionState.choices,
                             default=QuestionState.RECEIVED, db_index=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="assigned_questions", verbose_name=_("người xử lý"))
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), default=timezone.now, db_index=True)
    due_at = models.DateTimeField(_("hạn trả lời"), default=question_due)
    published_at = models.DateTimeField(_("thời điểm đăng"), null=True, blank=True, db_index=True)
    closed_reason = models.TextField(_("lý do đóng"), blank=True)
    ip_hash = models.CharField(max_length=64, blank=True)  # keyed hash, never the address
    language = models.CharField(max_length=8, default="vi")  # of the asker's page, for the e-mail
    asker_notified_at = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True)  # folded question + published answer
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        indexes = [models.Index(fields=["unit", "state", "received_at"], name="enq_question_unit_state"),
                   models.Index(fields=["ip_hash", "received_at"], name="enq_question_ip")]
        constraints = [
            models.CheckConstraint(condition=~Q(asker_email="") | ~Q(asker_phone=""),
                                   name="enquiries_question_contact"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The number the asker is given, e.g. HD-2026-000123."""
        return f"HD-{timezone.localtime(self.received_at).year}-{self.pk or 0:06d}"

    @property
    def is_overdue(self) -> bool:
        return self.state in OPEN_QUESTION_STATES and self.due_at < timezone.now()


class Answer(TimeStampedModel):
    """The answer to a question: one per question, edited in place (`version` guards concurrent edits);
    every saved text is kept as an AnswerRevision."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="answer")
    body = models.TextField(_("nội dung trả lời"), help_text="Sanitised HTML (newsroom.html.clean).")
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("người soạn"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("người duyệt"))
    published_at = models.DateTimeField(_("thời điểm đăng"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("câu trả lời")
        verbose_name_plural = _("câu trả lời")

    def __str__(self) -> str:
        return f"{self.question.reference}"


class AnswerRevision(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    body = models.TextField()
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["answer", "number"], name="enquiries_revision_number")]

    def __str__(self) -> str:
        return f"{self.answer_id} v{self.number}"


class QuestionTransition(models.Model):
    """One step of a question's handling: who, from which state to which, when, with which comment."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=QuestionState.choices)
    to_state = models.CharField(max_length=20, choices=QuestionState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.from_state} → {self.to_state}"


class FeedbackState(models.TextChoices):
    NEW = "new", _("Mới tiếp nhận")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    RESOLVED = "resolved", _("Đã giải quyết")
    CLOSED = "closed", _("Đã đóng")


OPEN_FEEDBACK_STATES = (FeedbackState.NEW, FeedbackState.IN_PROGRESS)
# Feedback moves: new → in progress → resolved / closed, and back to in progress.
FEEDBACK_MOVES: dict[str, tuple[str, ...]] = {
    FeedbackState.NEW: (FeedbackState.IN_PROGRESS, FeedbackState.RESOLVED, FeedbackState.CLOSED),
    FeedbackState.IN_PROGRESS: (FeedbackState.RESOLVED, FeedbackState.CLOSED),
    FeedbackState.RESOLVED: (FeedbackState.IN_PROGRESS,),
    FeedbackState.CLOSED: (FeedbackState.IN_PROGRESS,),
}


class FeedbackCategory(models.TextChoices):
    FACILITIES = "facilities", _("Cơ sở vật chất, trang thiết bị")
    FEES = "fees", _("Thu chi, các khoản đóng góp")
    EXTRA_CLASSES = "extra_classes", _("Dạy thêm, học thêm")
    CONDUCT = "conduct", _("Thái độ, ứng xử của cán bộ, giáo viên")
    SAFETY = "safety", _("An toàn trường học, bạo lực học đường")
    PROCEDURES = "procedures", _("Thủ tục hành chính")
    OTHER = "other", _("Khác")


class Feedback(TimeStampedModel):
    """Feedback or a report of a problem. Never published anywhere."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="feedback",
                             verbose_name=_("đơn vị nhận góp ý"))
    name = models.CharField(_("họ và tên"), max_length=120)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    category = models.CharField(_("nội dung liên quan"), max_length=20, choices=FeedbackCategory.choices)
    text = models.TextField(_("nội dung góp ý, phản ánh"))
    attachment = models.CharField(max_length=300, blank=True)  # storage name of the image or PDF
    attachment_name = models.CharField(max_length=255, blank=True)
    attachment_mime = models.CharField(max_length=100, blank=True)
    state = models.CharField(_("trạng thái"), max_length=20, choices=FeedbackState.choices,
                             default=FeedbackState.NEW, db_index=True)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), default=timezone.now, db_index=True)
    due_at = models.DateTimeField(_("hạn xử lý"), default=feedback_due)
    ip_hash = models.CharField(max_length=64, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("góp ý, phản ánh")
        verbose_name_plural = _("góp ý, phản ánh")
        indexes = [models.Index(fields=["unit", "state", "received_at"], name="enq_feedback_unit_state"),
                   models.Index(fields=["ip_hash", "received_at"], name="enq_feedback_ip")]
        constraints = [
            models.CheckConstraint(condition=~Q(email="") | ~Q(phone=""), name="enquiries_feedback_contact"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"GY-{timezone.localtime(self.received_at).year}-{self.pk or 0:06d}"

    @property
    def is_overdue(self) -> bool:
        return self.state in OPEN_FEEDBACK_STATES and self.due_at < timezone.now()


class FeedbackNote(models.Model):
    """An internal note on feedback (or the record of a state change): for the unit's handlers only."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    from_state = models.CharField(max_length=20, choices=FeedbackState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=FeedbackState.choices, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.feedback_id}: {self.body[:40]}"
