"""Public-opinion monitoring (theo dõi dư luận xã hội).

    Source (a feed, a web page, the unit's Facebook page, or imports) ── fetched on the scheduler
      └── Mention (one item: article, post or comment; normalised, classified, scored)
            ├── Cluster (syndicated copies of one story; BandKey holds its LSH keys)
            └── Match (the mention matched a Topic of a unit: routed to that unit's inbox, with its status there)
    Topic (a unit's boolean query; every unit's name and aliases form its default topic)
      └── TopicHour (matches per topic and hour: the baseline of spike alerts)
    Alert (spike, high risk, fast-growing cluster, failing source) ── acknowledged by a person
    Case (false or inaccurate information: claim, facts, verdict, actions, timeline)
    ClassifierVersion (a trained sentiment or toxicity model with its evaluation)

See docs/monitoring.md.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from educomms.core.models import TimeStampedModel


def filled_only(field: str, name: str) -> models.Index:
    """An index of a nullable foreign key over the rows that have one: most rows have none (a match nobody
    was assigned, an alert about a mention rather than a topic), and the lookups that need the index (a
    person's assignments; SET NULL when the target is deleted) ask for a value, which implies it is set."""
    return models.Index(fields=[field], name=name, condition=Q(**{f"{field}__isnull": False}))


class SourceKind(models.TextChoices):
    FEED = "feed", _("RSS/Atom")
    PAGE = "page", _("Trang web")
    FACEBOOK = "facebook", _("Trang Facebook của đơn vị")
    IMPORT = "import", _("Nhập từ tệp CSV/Excel")


class Source(TimeStampedModel):
    """Where mentions come from. Its health fields are written by every fetch (services.record_fetch_*)."""

    Kind = SourceKind

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="monitoring_sources",
                             verbose_name=_("đơn vị"))
    kind = models.CharField(_("loại nguồn"), max_length=10, choices=SourceKind.choices)
    name = models.CharField(_("tên nguồn"), max_length=200)
    url = models.URLField(_("địa chỉ"), max_length=1000, blank=True)
    # Facebook: {"page_id": ..., "access_token": ...}. Never shown back on a page.
    config = models.JSONField(default=dict, blank=True)
    interval_minutes = models.PositiveIntegerField(_("chu kỳ lấy tin (phút)"), default=30)
    active = models.BooleanField(_("đang theo dõi"), default=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    # Conditional GET and incremental state.
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    cursor = models.CharField(max_length=100, blank=True)

    # Health.
    next_fetch_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_fetch_at = models.DateTimeField(_("lần lấy tin gần nhất"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("lần thành công gần nhất"), null=True, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)
    failing_since = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    failure_reported_at = models.DateTimeField(null=True, blank=True)
    items_fetched = models.PositiveIntegerField(_("số tin đã lấy"), default=0)
    last_items = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_failing(self) -> bool:
        return self.failing_since is not None


class Topic(TimeStampedModel):
    """A unit's boolean query (see query.py). The default topic of a unit is built from its name and aliases."""

    class Priority(models.IntegerChoices):
        LOW = 1, _("Thấp")
        NORMAL = 2, _("Bình thường")
        HIGH = 3, _("Cao")

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="monitoring_topics",
                             verbose_name=_("đơn vị"))
    name = models.CharField(_("tên chủ đề"), max_length=200)
    query = models.TextField(_("truy vấn"))
    priority = models.PositiveSmallIntegerField(_("mức ưu tiên"), choices=Priority.choices, default=Priority.NORMAL)
    is_default = models.BooleanField(_("chủ đề tên đơn vị"), default=False)
    aliases = models.TextField(_("tên gọi khác"), blank=True, help_text=_("Mỗi dòng một tên gọi khác của đơn vị."))
    active = models.BooleanField(_("đang theo dõi"), default=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-is_default", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit"], condition=Q(is_default=True), name="monitoring_one_default_topic"),
        ]

    def __str__(self) -> str:
        return self.name


class Sentiment(models.TextChoices):
    NEGATIVE = "negative", _("Tiêu cực")
    NEUTRAL = "neutral", _("Trung tính")
    POSITIVE = "positive", _("Tích cực")


class Toxicity(models.TextChoices):
    CLEAN = "clean", _("Bình thường")
    OFFENSIVE = "offensive", _("Xúc phạm")
    HATE = "hate", _("Thù ghét")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Thấp")
    MEDIUM = "medium", _("Trung bình")
    HIGH = "high", _("Cao")


class MentionKind(models.TextChoices):
    ARTICLE = "article", _("Bài báo")
    POST = "post", _("Bài đăng")
    COMMENT = "comment", _("Bình luận")


class Cluster(models.Model):
    """Syndicated copies of one story. `signatures` holds the MinHash (nlp.neardup) of its first members, up to
    pipeline.REPRESENTATIVES of them, one after the other: a copy of a copy still finds the cluster."""

    title = models.CharField(max_length=500)
    signatures = models.BinaryField()
    size = models.PositiveIntegerField(default=1)
    first_seen_at = models.DateTimeField(db_index=True)
    last_seen_at = models.DateTimeField(db_index=True)
    alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_seen_at", "-id"]

    def __str__(self) -> str:
        return self.title


class BandKey(models.Model):
    """One LSH band key of a cluster: clusters sharing a key with a new item are its candidates.

    The pair is the primary key and there is no other index: a lookup by key reads the key's entries and
    their clusters from it alone, and an insert (a batch writes about thirteen per item, at random places)
    updates one B-tree. On SQLite the table is WITHOUT ROWID (migration 0007), so that B-tree is the table."""

    pk = models.CompositePrimaryKey("key", "cluster")
    key = models.BigIntegerField()
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="band_keys", db_index=False)

    def __str__(self) -> str:
        return f"{self.cluster_id}:{self.key}"


class Mention(models.Model):
    """One item from a source, normalised and classified. `key` makes the same item arrive only once."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="mentions", verbose_name=_("nguồn"),
                               db_index=False)  # the (source, -published_at) index leads with it
    key = models.CharField(max_length=40, unique=True)  # sha1 of the canonical URL, external id or folded text
    kind = models.CharField(_("loại"), max_length=10, choices=MentionKind.choices, default=MentionKind.ARTICLE)
    url = models.URLField(_("liên kết gốc"), max_length=1000, blank=True)
    parent_url = models.URLField(max_length=1000, blank=True)
    site = models.CharField(_("trang"), max_length=200, blank=True, db_index=True)
    author = models.CharField(_("tác giả"), max_length=200, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=500, blank=True)
    text = models.TextField(_("nội dung"), blank=True)
    search_text = models.TextField(blank=True)  # core.text.fold(title + text): matching and search
    published_at = models.DateTimeField(_("thời điểm đăng"), db_index=True)
    fetched_at = models.DateTimeField(_("thời điểm thu thập"), auto_now_add=True)
    reach = models.PositiveBigIntegerField(_("lượt tiếp cận"), null=True, blank=True)
    cluster = models.ForeignKey(Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions")

    sentiment = models.CharField(_("sắc thái"), max_length=10, choices=Sentiment.choices, default=Sentiment.NEUTRAL)
    sentiment_confidence = models.FloatField(default=0)
    toxicity = models.CharField(_("độc hại"), max_length=10, choices=Toxicity.choices, blank=True)
    # A person's correction of the classifiers (the training data of `educomms monitoring train`).
    sentiment_label = models.CharField(_("sắc thái (người gán)"), max_length=10, choices=Sentiment.choices,
                                       blank=True)
    toxicity_label = models.CharField(_("độc hại (người gán)"), max_length=10, choices=Toxicity.choices, blank=True)
    labelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", db_index=False)
    labelled_at = models.DateTimeField(null=True, blank=True)

    risk_score = models.PositiveSmallIntegerField(_("điểm rủi ro"), default=0, db_index=True)
    risk_level = models.CharField(_("mức rủi ro"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.LOW)
    # [{"code": ..., "points": ..., "params": {...}}] (nlp.risk.Reason.stored; nlp.risk.shown says them); rows
    # stored before reasons had codes hold [{"label": ..., "points": ...}].
    risk_reasons = models.JSONField(default=list, blank=True)
    crisis_types = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["source", "-published_at"], name="monitoring_mention_source"),
                   filled_only("labelled_by", "monitoring_mention_labelled")]

    def __str__(self) -> str:
        return self.title or self.text[:80]

    @property
    def effective_sentiment(self) -> str:
        return self.sentiment_label or self.sentiment

    @property
    def effective_toxicity(self) -> str:
        return self.toxicity_label or self.toxicity


class MatchStatus(models.TextChoices):
    NEW = "new", _("Mới")
    SEEN = "seen", _("Đã xem")
    ASSIGNED = "assigned", _("Đã giao xử lý")
    IGNORED = "ignored", _("Đã bỏ qua")


class Match(models.Model):
    """A mention routed to a unit's inbox because it matched one of the unit's topics. The status is the
    unit's own: a school ignoring a mention does not hide it from the department."""

    Status = MatchStatus

    # No index of their own: the constraint and the indexes below lead with each of them (eight matches per
    # mention are written, and every index is one more B-tree to update per row).
    mention = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="matches", db_index=False)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="matches", db_index=False)
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+", db_index=False)  # the topic's unit
    status = models.CharField(_("trạng thái"), max_length=10, choices=MatchStatus.choices, default=MatchStatus.NEW)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("người xử lý"), db_index=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mention", "topic"], name="monitoring_match_once")]
        indexes = [models.Index(fields=["topic", "mention"], name="monitoring_match_topic"),
                   models.Index(fields=["unit", "status"], name="monitoring_match_unit"),
                   filled_only("assignee", "monitoring_match_assignee")]

    def __str__(self) -> str:
        return f"{self.topic_id} ← {self.mention_id} ({self.status})"


class TopicHour(models.Model):
    """How many mentions matched a topic in one hour (UTC, truncated): the spike baseline."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="hours")
    hour = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "hour"], name="monitoring_topic_hour_once")]

    def __str__(self) -> str:
        return f"{self.topic_id} {self.hour:%Y-%m-%d %H}:00 = {self.count}"


class AlertKind(models.TextChoices):
    SPIKE = "spike", _("Số tin tăng đột biến")
    HIGH_RISK = "high_risk", _("Tin rủi ro cao")
    CLUSTER = "cluster", _("Tin lan truyền nhanh")
    SOURCE = "source", _("Nguồn tin lỗi kéo dài")


class Alert(models.Model):
    Kind = AlertKind

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="monitoring_alerts")
    kind = models.CharField(_("loại cảnh báo"), max_length=10, choices=AlertKind.choices)
    # One alert per (unit, what, when): a repeated rule firing finds it and adds nothing.
    dedup_key = models.CharField(max_length=200, unique=True)
    title = models.CharField(_("nội dung"), max_length=300)
    detail = models.TextField(blank=True)
    # What the alert is about: one of these four is set. Their indexes (for ON DELETE SET NULL) leave out the
    # empty ones, as does the acknowledger's: an index entry per empty field was four of six per alert.
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              db_index=False)
    mention = models.ForeignKey(Mention, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                db_index=False)
    cluster = models.ForeignKey(Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                db_index=False)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               db_index=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    acknowledged_at = models.DateTimeField(_("thời điểm xác nhận"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+", verbose_name=_("người xác nhận"), db_index=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [filled_only(field, f"monitoring_alert_{name}") for field, name in (
            ("topic", "topic"), ("mention", "mention"), ("cluster", "cluster"), ("source", "source"),
            ("acknowledged_by", "acked"))]

    def __str__(self) -> str:
        return self.title


class AlertPolicy(models.Model):
    """A unit's alert thresholds; during a peak season (exam weeks) the lower ones apply."""

    unit = models.OneToOneField("org.Unit", on_delete=models.CASCADE, related_name="monitoring_policy")
    risk_threshold = models.PositiveSmallIntegerField(_("ngưỡng rủi ro cao"), default=70)
    spike_factor = models.FloatField(_("hệ số tăng đột biến"), default=3.0)
    spike_min_count = models.PositiveSmallIntegerField(_("số tin tối thiểu trong giờ"), default=5)
    cluster_growth = models.PositiveSmallIntegerField(_("số bản sao mới trong 2 giờ"), default=5)
    peak_from = models.DateField(_("mùa cao điểm từ ngày"), null=True, blank=True)
    peak_to = models.DateField(_("đến ngày"), null=True, blank=True)
    peak_name = models.CharField(_("tên mùa cao điểm"), max_length=120, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(_("Cài đặt cảnh báo của đơn vị %(unit)s") % {"unit": self.unit_id})


class Verdict(models.TextChoices):
    PENDING = "", _("Chưa kết luận")
    FALSE = "false", _("Sai sự thật")
    MISLEADING = "misleading", _("Sai lệch, gây hiểu lầm")
    UNVERIFIED = "unverified", _("Chưa kiểm chứng được")
    ACCURATE = "accurate", _("Chính xác")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Đang xác minh")
    RESPONDING = "responding", _("Đang xử lý")
    CLOSED = "closed", pgettext_lazy("theo dõi dư luận", "Đã kết thúc")


class Case(TimeStampedModel):
    """A case of false or inaccurate information (thông tin sai lệch): from one or more mentions to a response."""

    Status = CaseStatus

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="monitoring_cases",
                             verbose_name=_("đơn vị xử lý"))
    title = models.CharField(_("tên vụ việc"), max_length=300)
    claim = models.TextField(_("nội dung thông tin cần xác minh"))
    facts = models.TextField(_("sự thật, kết quả xác minh"), blank=True)
    evidence = models.TextField(_("bằng chứng"), blank=True)
    verdict = models.CharField(_("kết luận"), max_length=12, choices=Verdict.choices, default=Verdict.PENDING,
                               blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN,
                              db_index=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("người phụ trách"))
    mentions = models.ManyToManyField(Mention, related_name="cases", blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)  # the incidents module will take it from here

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class ActionKind(models.TextChoices):
    STATEMENT = "statement", _("Thông tin chính thức trên cổng thông tin")
    CORRECTION = "correction", _("Đề nghị cơ quan báo chí cải chính")
    AUTHORITIES = "authorities", _("Báo cáo cơ quan chức năng")
    TAKEDOWN = "takedown", _("Đề nghị nền tảng gỡ bỏ")


class CaseAction(TimeStampedModel):
    Kind = ActionKind

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("biện pháp"), max_length=12, choices=ActionKind.choices)
    description = models.TextField(_("nội dung"), blank=True)
    target = models.CharField(pgettext_lazy("theo dõi dư luận", "gửi tới"), max_length=300, blank=True,
                              help_text=_("Cơ quan báo chí, cơ quan chức năng hoặc nền tảng nhận đề nghị."))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("người thực hiện"))
    deadline = models.DateTimeField(_("hạn hoàn thành"), null=True, blank=True)
    done_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class CaseEntry(models.Model):
    """The case's timeline: what happened, who did it, when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="entries")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    text = models.TextField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ClassifierVersion(models.Model):
    """A trained classifier (nlp.classifier) with its evaluation; the newest active one of a task is used."""

    class Task(models.TextChoices):
        SENTIMENT = "sentiment", _("Sắc thái")
        TOXICITY = "toxicity", _("Độc hại")

    task = models.CharField(max_length=10, choices=Task.choices)
    version = models.PositiveIntegerField()
    data = models.BinaryField()
    evaluation = models.JSONField(default=dict)
    n_train = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["task", "-version"]
        constraints = [models.UniqueConstraint(fields=["task", "version"], name="monitoring_classifier_version")]

    def __str__(self) -> str:
        return f"{self.task} v{self.version}"
