"""Stories (tin bài) and everything their workflow records."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from educomms.core.models import TimeStampedModel


class StoryState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    IN_REVIEW = "in_review", _("Chờ duyệt")
    CHANGES_REQUESTED = "changes_requested", _("Cần sửa")
    APPROVED = "approved", _("Đã duyệt")
    SCHEDULED = "scheduled", _("Đã hẹn giờ đăng")
    PUBLISHED = "published", _("Đã đăng")
    RETRACTED = "retracted", _("Đã gỡ")
    ARCHIVED = "archived", _("Lưu trữ")


class Audience(models.TextChoices):
    TEACHERS = "teachers", _("Giáo viên")
    STUDENTS = "students", _("Học sinh")
    PARENTS = "parents", _("Cha mẹ học sinh")
    PUBLIC = "public", _("Công chúng")


class Story(TimeStampedModel):
    class Format(models.TextChoices):
        ARTICLE = "article", _("Bài viết")
        VIDEO = "video", _("Phóng sự video")
        POSTER = "poster", _("Áp phích, đồ họa thông tin")
        PHOTOS = "photos", _("Phóng sự ảnh")

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="stories",
                             verbose_name=_("đơn vị sở hữu"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="stories",
                               verbose_name=_("tác giả"))
    title = models.CharField(_("tiêu đề"), max_length=300)
    slug = models.SlugField(_("đường dẫn"), max_length=200, allow_unicode=False)
    summary = models.TextField(_("sa-pô (tóm tắt)"), blank=True)
    body = models.TextField(_("nội dung"), blank=True, help_text="Sanitised HTML (newsroom.html.clean).")
    search_text = models.TextField(editable=False, blank=True)  # folded title + summary + body text
    format = models.CharField(_("hình thức"), max_length=12, choices=Format.choices, default=Format.ARTICLE)
    themes = models.ManyToManyField("newsroom.Theme", blank=True, related_name="stories", verbose_name=_("chủ đề"))
    audiences = models.JSONField(_("đối tượng"), default=list, blank=True)  # list of Audience values
    key_date = models.ForeignKey("newsroom.KeyDate", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="stories", verbose_name=_("gắn với ngày trọng điểm"))
    cover = models.ForeignKey("newsroom.StoryAsset", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("ảnh đại diện"))
    names_students = models.BooleanField(_("bài nêu tên học sinh"), default=False)
    state = models.CharField(_("trạng thái"), max_length=20, choices=StoryState.choices, default=StoryState.DRAFT,
                             db_index=True)
    review_due_on = models.DateField(_("hạn duyệt"), null=True, blank=True)
    scheduled_for = models.DateTimeField(_("hẹn giờ đăng"), null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(_("thời điểm đăng"), null=True, blank=True, db_index=True)
    featured = models.BooleanField(_("tin nổi bật"), default=False)
    # Republished from a school's proposal: the department's copy keeps the school's attribution.
    source_story = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="republications", verbose_name=_("tin gốc"))
    attribution_unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+", verbose_name=_("nguồn"))
    # Optimistic concurrency: an edit names the version it started from; a stale one is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")
        indexes = [
            # A unit's (or a section's) latest published stories: the portal's lists, without a sort.
            models.Index(fields=["unit", "state", "-published_at", "-id"], name="newsroom_story_unit_latest"),
            models.Index(fields=["state", "-published_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class StoryRevision(models.Model):
    """The story's text as saved, every time it was saved."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["story", "number"], name="newsroom_revision_unique")]

    def __str__(self) -> str:
        return f"{self.story_id} r{self.number}"


class StoryAsset(TimeStampedModel):
    """An image (inline or cover, resized to web sizes) or an attachment of a story."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Ảnh")
        ATTACHMENT = "attachment", _("Tệp đính kèm")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="assets")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    file = models.FileField(upload_to="stories/%Y/%m/", max_length=255)
    # Web sizes of an image: {"800": "stories/…-800.webp", "1600": "…"}.
    variants = models.JSONField(default=dict, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    mime = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    alt_text = models.CharField(_("mô tả ảnh (cho người khiếm thị)"), max_length=300, blank=True)
    caption = models.CharField(_("chú thích"), max_length=300, blank=True)
    shows_students = models.BooleanField(_("ảnh có học sinh"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name or self.file.name or ""


class Consent(TimeStampedModel):
    """A recorded consent to show or name a student (Personal Data Protection Law 2025): from age 7 the
    child's own agreement as well as a parent's."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="consents")
    asset = models.ForeignKey(StoryAsset, null=True, blank=True, on_delete=models.CASCADE, related_name="consents")
    student_name = models.CharField(_("họ tên học sinh"), max_length=150)
    student_age = models.PositiveSmallIntegerField(_("tuổi"))
    parent_name = models.CharField(_("họ tên cha/mẹ hoặc người giám hộ"), max_length=150)
    parent_agreed = models.BooleanField(_("cha/mẹ đồng ý"), default=False)
    child_agreed = models.BooleanField(_("học sinh đồng ý"), default=False)
    document = models.FileField(_("văn bản đồng ý"), upload_to="consents/%Y/%m/", blank=True, max_length=255)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.student_name

    @property
    def is_valid(self) -> bool:
        return self.parent_agreed and (self.child_agreed or self.student_age < 7)


class StoryTransition(models.Model):
    """One step of the workflow: who moved the story from which state to which, when, and why."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=StoryState.choices)
    to_state = models.CharField(max_length=20, choices=StoryState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.story_id}: {self.from_state} → {self.to_state}"


class StoryComment(models.Model):
    """A comment on a story. Private reviewer notes are seen by reviewers and approvers only and are
    never published."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("nội dung"))
    private = models.BooleanField(_("ghi chú riêng của người duyệt"), default=False)
    state = models.CharField(max_length=20, choices=StoryState.choices)  # the story's state when written
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:50]


class Delegation(TimeStampedModel):
    """The head of a unit lets a deputy approve stories for a date range."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="approval_delegations")
    delegator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    delegate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="newsroom_delegation_dates")]

    def __str__(self) -> str:
        return f"{self.delegator_id} → {self.delegate_id}"


class Proposal(TimeStampedModel):
    """A school proposes one of its stories to the department (đề xuất tin bài lên Sở)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ Sở xem xét")
        ACCEPTED = "accepted", _("Sở đã nhận đăng lại")
        DECLINED = "declined", _("Sở không nhận")

    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="proposals")
    to_unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="received_proposals")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("lời nhắn"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    republished = models.ForeignKey(Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["story", "to_unit"], condition=Q(state="pending"),
                                               name="newsroom_one_pending_proposal")]

    def __str__(self) -> str:
        return f"{self.story_id} → {self.to_unit_id}"


class ReviewTerm(TimeStampedModel):
    """A term that needs a second look before publishing (configurable per department)."""

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="review_terms")
    term = models.CharField(_("cụm từ"), max_length=100)
    term_folded = models.CharField(max_length=100, editable=False)
    note = models.CharField(_("lưu ý"), max_length=300, blank=True)

    class Meta:
        ordering = ["term"]
        constraints = [models.UniqueConstraint(fields=["unit", "term_folded"], name="newsroom_review_term_unique")]

    def __str__(self) -> str:
        return self.term
