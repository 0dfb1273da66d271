"""Writes of monitoring: topics, sources, inbox actions, labels, alerts acknowledged, alert settings.

Cases of false information are in cases.py, fetching in fetching.py, the item pipeline in pipeline.py and
alert rules in alerts.py. Every service is keyword-only, atomic and audited.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from educomms.audit.services import record, snapshot
from educomms.org import access
from educomms.org.models import Person, Unit
from educomms.org.roles import Capability

from . import query as query_language
from .models import (
    Alert,
    AlertPolicy,
    Match,
    MatchStatus,
    Mention,
    Sentiment,
    Source,
    SourceKind,
    Topic,
    Toxicity,
)

TOPIC_FIELDS = ["name", "query", "priority", "active", "aliases"]
SOURCE_FIELDS = ["name", "kind", "url", "interval_minutes", "active"]


def check_query(text: str) -> query_language.Query:
    """The parsed query, or a ValidationError in Vietnamese naming the position of the mistake."""
    try:
        return query_language.parse(text)
    except query_language.QueryError as exc:
        raise ValidationError({"query": str(exc)}) from exc


# --- Topics ---------------------------------------------------------------------------------------------

@transaction.atomic
def create_topic(*, actor: Any, unit: Unit, name: str, query: str, priority: int = Topic.Priority.NORMAL) -> Topic:
    check_query(query)
    topic = Topic.objects.create(unit=unit, name=name.strip(), query=query.strip(), priority=priority,
                                 created_by=actor)
    record(actor=actor, verb="monitoring.topic_created", obj=topic, unit=unit, after=snapshot(topic, TOPIC_FIELDS))
    _backfill_on_commit(topic)
    return topic


def _backfill_on_commit(topic: Topic) -> None:
    from .tasks import backfill_topic

    transaction.on_commit(lambda: backfill_topic.enqueue(topic_id=topic.pk))


@transaction.atomic
def update_topic(*, actor: Any, topic: Topic, name: str, query: str, priority: int, active: bool = True,
                 aliases: str | None = None) -> Topic:
    """Change a topic. A default topic's query is rebuilt from the unit's name and its aliases."""
    before = snapshot(topic, TOPIC_FIELDS)
    topic.name, topic.priority, topic.active = name.strip(), priority, active
    if topic.is_default:
        topic.aliases = (aliases if aliases is not None else topic.aliases).strip()
        topic.query = default_query(topic.unit, topic.aliases)
    else:
        topic.query = query.strip()
    check_query(topic.query)
    topic.save(update_fields=["name", "query", "priority", "active", "aliases", "updated_at"])
    if topic.query != before["query"] or (topic.active and not before["active"]):
        _backfill_on_commit(topic)
    record(actor=actor, verb="monitoring.topic_changed", obj=topic, unit=topic.unit, before=before,
           after=snapshot(topic, TOPIC_FIELDS))
    return topic


def _phrase(name: str) -> str:
    return '"' + name.replace('"', " ").strip() + '"'


def default_query(unit: Unit, aliases: str = "") -> str:
    """The unit's name, short name and aliases as quoted phrases joined by OR."""
    names = [unit.name, unit.short_name, *aliases.splitlines()]
    phrases = list(dict.fromkeys(_phrase(n) for n in names if n and n.strip() and len(n.strip()) >= 3))
    return " OR ".join(phrases)


@transaction.atomic
def ensure_default_topic(*, actor: Any, unit: Unit, backfill: bool = False) -> Topic:
    """The unit's default topic (its name and aliases), created on first need. With `backfill`, it also looks
    back 30 days like a topic a person creates (not for the hourly job: thousands of units at once)."""
    topic = Topic.objects.filter(unit=unit, is_default=True).first()
    if topic is not None:
        return topic
    topic = Topic.objects.create(unit=unit, name=unit.short_name or unit.name, query=default_query(unit),
                                 is_default=True, priority=Topic.Priority.HIGH, created_by=actor)
    record(actor=actor, verb="monitoring.topic_created", obj=topic, unit=unit, after=snapshot(topic, TOPIC_FIELDS))
    if backfill:
        _backfill_on_commit(topic)
    return topic


# --- Sources --------------------------------------------------------------------------------------------

@transaction.atomic
def create_source(*, actor: Any, unit: Unit, kind: str, name: str, url: str = "", interval_minutes: int = 30,
                  config: dict | None = None) -> Source:
    if kind in (SourceKind.FEED, SourceKind.PAGE) and not url:
        raise ValidationError({"url": _("Hãy nhập địa chỉ của nguồn tin.")})
    if kind == SourceKind.FACEBOOK and not (config or {}).get("page_id"):
        raise ValidationError({"page_id": _("Hãy nhập mã trang Facebook.")})
    source = Source.objects.create(unit=unit, kind=kind, name=name.strip(), url=url.strip(),
                                   interval_minutes=max(5, interval_minutes), config=config or {},
                                   created_by=actor, next_fetch_at=timezone.now() if kind != SourceKind.IMPORT else None)
    record(actor=actor, verb="monitoring.source_created", obj=source, unit=unit, after=snapshot(source, SOURCE_FIELDS))
    return source


@transaction.atomic
def update_source(*, actor: Any, source: Source, name: str, url: str, interval_minutes: int, active: bool,
                  access_token: str = "") -> Source:
    before = snapshot(source, SOURCE_FIELDS)
    source.name, source.url, source.interval_minutes, source.active = name.strip(), url.strip(), \
        max(5, interval_minutes), active
    if access_token:
        source.config = {**source.config, "access_token": access_token}
    if active and source.kind != SourceKind.IMPORT:
        source.next_fetch_at = timezone.now()
    source.save(update_fields=["name", "url", "interval_minutes", "active", "config", "next_fetch_at", "updated_at"])
    record(actor=actor, verb="monitoring.source_changed", obj=source, unit=source.unit, before=before,
           after=snapshot(source, SOURCE_FIELDS))
    return source


def import_source(*, actor: Any, unit: Unit) -> Source:
    """The unit's source for items imported from files (one per unit)."""
    source = Source.objects.filter(unit=unit, kind=SourceKind.IMPORT).first()
    return source or create_source(actor=actor, unit=unit, kind=SourceKind.IMPORT,
                                   name=_("Nhập từ tệp – %(unit)s") % {"unit": unit.short_name or unit.name})


# --- Inbox actions --------------------------------------------------------------------------------------

BULK_ACTIONS = ("seen", "assign", "ignore", "new")


@transaction.atomic
def act_on_mentions(*, actor: Any, matches: Any, action: str, assignee: Person | None = None) -> int:
    """Mark seen, assign, ignore (or back to new) the given matches — the caller scopes them to units where
    the actor manages monitoring. Returns how many changed."""
    if action not in BULK_ACTIONS:
        raise ValidationError(_("Thao tác không hợp lệ."))
    if action == "assign" and assignee is None:
        raise ValidationError({"assignee": _("Hãy chọn người xử lý.")})
    status = {"seen": MatchStatus.SEEN, "assign": MatchStatus.ASSIGNED, "ignore": MatchStatus.IGNORED,
              "new": MatchStatus.NEW}[action]
    rows = list(matches.select_related("unit"))
    changed = 0
    for match in rows:
        if match.status == status and (action != "assign" or match.assignee_id == assignee.pk):  # type: ignore[union-attr]
            continue
        before = {"status": match.status, "assignee": match.assignee_id}
        match.status = status
        match.assignee = assignee if action == "assign" else (None if action == "new" else match.assignee)
        match.save(update_fields=["status", "assignee"])
        record(actor=actor, verb=f"monitoring.mention_{action}", obj=match, unit=match.unit, before=before,
               after={"status": match.status, "assignee": match.assignee_id, "mention": match.mention_id})
        changed += 1
    if action == "assign" and changed:
        from educomms.notifications.services import notify

        notify(recipients=[assignee], kind="monitoring.assigned", title=_("Bạn được giao xử lý tin theo dõi"),
               body=_("%(n)s tin cần xem và xử lý.") % {"n": changed}, url="/du-luan/?trang-thai=assigned")
    return changed


@transaction.atomic
def label_mentions(*, actor: Any, mentions: list[Mention], sentiment: str = "", toxicity: str = "") -> int:
    """A person's correction of the classifiers: the labels `educomms monitoring train` learns from."""
    if sentiment and sentiment not in Sentiment.values:
        raise ValidationError({"sentiment": _("Sắc thái không hợp lệ.")})
    if toxicity and toxicity not in Toxicity.values:
        raise ValidationError({"toxicity": _("Mức độc hại không hợp lệ.")})
    if not sentiment and not toxicity:
        raise ValidationError(_("Hãy chọn nhãn cần gán."))
    now = timezone.now()
    for mention in mentions:
        before = {"sentiment_label": mention.sentiment_label, "toxicity_label": mention.toxicity_label}
        if sentiment:
            mention.sentiment_label = sentiment
        if toxicity:
            mention.toxicity_label = toxicity
        mention.labelled_by, mention.labelled_at = actor, now
        mention.save(update_fields=["sentiment_label", "toxicity_label", "labelled_by", "labelled_at"])
        record(actor=actor, verb="monitoring.mention_labelled", obj=mention, unit=None, before=before,
               after={"sentiment_label": mention.sentiment_label, "toxicity_label": mention.toxicity_label})
    return len(mentions)


# --- Alerts ---------------------------------------------------------------------------------------------

@transaction.atomic
def acknowledge_alert(*, actor: Any, alert: Alert) -> Alert:
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.acknowledged_at is None:
        alert.acknowledged_at, alert.acknowledged_by = timezone.now(), actor
        alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
        record(actor=actor, verb="monitoring.alert_acknowledged", obj=alert, unit=alert.unit)
    return alert


def policy_for(unit: Unit) -> AlertPolicy:
    """The unit's alert settings (defaults when never saved; not written)."""
    return AlertPolicy.objects.filter(unit=unit).first() or AlertPolicy(unit=unit)


@transaction.atomic
def save_policy(*, actor: Any, unit: Unit, **values: Any) -> AlertPolicy:
    policy = policy_for(unit)
    fields = ["risk_threshold", "spike_factor", "spike_min_count", "cluster_growth", "peak_from", "peak_to",
              "peak_name"]
    before = snapshot(policy, fields) if policy.pk else {}
    for name in fields:
        if name in values:
            setattr(policy, name, values[name])
    if policy.peak_from and policy.peak_to and policy.peak_to < policy.peak_from:
        raise ValidationError({"peak_to": _("Ngày kết thúc mùa cao điểm phải sau ngày bắt đầu.")})
    policy.save()
    record(actor=actor, verb="monitoring.alert_policy_changed", obj=policy, unit=unit, before=before,
           after=snapshot(policy, fields))
    return policy


def matches_to_act_on(*, actor: Any, mention_ids: list[int]) -> Any:
    """The matches of those mentions in units where `actor` manages monitoring."""
    return access.scope(Match.objects.filter(mention_id__in=mention_ids), actor,
                        capability=Capability.MANAGE_MONITORING)


DEFAULT_TOPIC_KINDS = (Unit.Kind.MINISTRY, Unit.Kind.DEPARTMENT, Unit.Kind.SCHOOL, Unit.Kind.CENTRE)


def ensure_default_topics(*, actor: Any = None) -> int:
    """Give every active department, school and centre its default topic (its name), so that news naming a
    unit reaches its officers without anyone setting it up. Returns how many were created."""
    missing = (Unit.objects.filter(active=True, kind__in=DEFAULT_TOPIC_KINDS)
               .exclude(monitoring_topics__is_default=True).order_by("path"))
    created = 0
    for unit in missing.iterator(chunk_size=500):
        ensure_default_topic(actor=actor, unit=unit)
        created += 1
    return created
