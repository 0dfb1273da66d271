"""Reads of monitoring data for pages, exports and the API: scoped by the user's roles, related rows preloaded.

A mention is visible to a user when it was routed to a unit in their MONITOR scope (a Match), or when it
came from a source of such a unit (its own Facebook page, its imports, its feeds).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from educomms.core.text import fold
from educomms.org import access
from educomms.org.models import Unit
from educomms.org.roles import Capability

from .models import (
    Alert,
    Case,
    CaseAction,
    Cluster,
    Match,
    MatchStatus,
    Mention,
    Sentiment,
    Source,
    SourceKind,
    Topic,
)

# Sources whose items are public web content: every unit's topics are matched against them. Items of a
# unit's own page or imports are routed only within that unit's branch (pipeline.route).
PUBLIC_SOURCE_KINDS = (SourceKind.FEED, SourceKind.PAGE)


def _get_or_404(queryset: QuerySet, object_id: Any) -> Any:
    return access._get_or_404(queryset, object_id)


def visible_topics(user: Any, capability: str = Capability.MONITOR) -> QuerySet[Topic]:
    return access.scope(Topic.objects.select_related("unit"), user, capability=capability)


def visible_sources(user: Any, capability: str = Capability.MONITOR) -> QuerySet[Source]:
    return access.scope(Source.objects.select_related("unit"), user, capability=capability)


def _visible_q(user: Any) -> Q:
    routed = access.scope(Match.objects.filter(mention_id=OuterRef("pk")), user, capability=Capability.MONITOR)
    own = access.scope(Source.objects.filter(pk=OuterRef("source_id")), user, capability=Capability.MONITOR)
    return Q(Exists(routed)) | Q(Exists(own))


def visible_mentions(user: Any) -> QuerySet[Mention]:
    if access.scope_paths(user, Capability.MONITOR) is None:
        return Mention.objects.all()
    return Mention.objects.filter(_visible_q(user))


@dataclass
class Preview:
    matches: list[Mention]
    total: int  # how many of the sample match
    sample: int  # how many recent mentions were tried


def preview(user: Any, query: Any, *, sample: int = 2000, limit: int = 20) -> Preview:
    """Which recent mentions a query would match: the newest `sample` items of public sources and of the
    user's own scope (a unit's own page and imports stay within its branch, as routing does)."""
    from .query import Document

    pool = Mention.objects.filter(Q(source__kind__in=PUBLIC_SOURCE_KINDS) | _visible_q(user))
    rows = list(pool.select_related("source").order_by("-published_at", "-id")[:sample])
    found = [m for m in rows if query.matches(Document.of(title=m.title, text=m.text, url=m.url, site=m.site))]
    return Preview(matches=found[:limit], total=len(found), sample=len(rows))


def visible_alerts(user: Any) -> QuerySet[Alert]:
    return access.scope(Alert.objects.select_related("unit", "topic", "acknowledged_by"), user,
                        capability=Capability.MONITOR)


def visible_cases(user: Any) -> QuerySet[Case]:
    return access.scope(Case.objects.select_related("unit", "owner"), user, capability=Capability.MONITOR)


def access_topic(user: Any, topic_id: Any, capability: str = Capability.MONITOR) -> Topic:
    return _get_or_404(visible_topics(user, capability), topic_id)


def access_source(user: Any, source_id: Any, capability: str = Capability.MONITOR) -> Source:
    return _get_or_404(visible_sources(user, capability), source_id)


def access_mention(user: Any, mention_id: Any) -> Mention:
    return _get_or_404(visible_mentions(user).select_related("source", "cluster", "labelled_by"), mention_id)


def access_alert(user: Any, alert_id: Any) -> Alert:
    return _get_or_404(visible_alerts(user), alert_id)


def access_case(user: Any, case_id: Any) -> Case:
    return _get_or_404(visible_cases(user), case_id)


def access_action(case: Case, action_id: Any, *, kind: str = "") -> CaseAction:
    """An action of a case already reached through access_case (404 for another case's action)."""
    actions = case.actions.all()
    return _get_or_404(actions.filter(kind=kind) if kind else actions, action_id)


def access_cluster(user: Any, cluster_id: Any) -> Cluster:
    """A cluster the user sees at least one mention of."""
    clusters = Cluster.objects.filter(Exists(visible_mentions(user).filter(cluster_id=OuterRef("pk"))))
    return _get_or_404(clusters, cluster_id)


@dataclass
class MentionFilter:
    """The inbox's filters, read from the query string (forms.MentionFilterForm) or an export request."""

    topic: Topic | None = None
    unit: Unit | None = None
    sentiment: str = ""
    risk: str = ""
    source: Source | None = None
    status: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""
    kind: str = ""


def _matches_in_scope(user: Any, flt: MentionFilter) -> QuerySet[Match]:
    matches = access.scope(Match.objects.filter(mention_id=OuterRef("pk")), user, capability=Capability.MONITOR)
    if flt.topic is not None:
        matches = matches.filter(topic=flt.topic)
    if flt.unit is not None:
        matches = matches.filter(unit=flt.unit)
    if flt.status:
        matches = matches.filter(status=flt.status)
    return matches


def inbox(user: Any, flt: MentionFilter | None = None) -> QuerySet[Mention]:
    """Mentions for the inbox, newest first. With a topic, unit or status filter only routed mentions count
    (the status is each unit's own); without, also those from the user's own sources."""
    flt = flt or MentionFilter()
    if flt.topic is not None or flt.unit is not None or flt.status:
        mentions = Mention.objects.filter(Exists(_matches_in_scope(user, flt)))
    else:
        mentions = visible_mentions(user)
    if flt.sentiment:
        mentions = mentions.filter(Q(sentiment_label=flt.sentiment) | Q(sentiment_label="", sentiment=flt.sentiment))
    if flt.risk:
        mentions = mentions.filter(risk_level=flt.risk)
    if flt.source is not None:
        mentions = mentions.filter(source=flt.source)
    if flt.kind:
        mentions = mentions.filter(kind=flt.kind)
    tz = timezone.get_current_timezone()
    if flt.date_from:
        mentions = mentions.filter(published_at__gte=dt.datetime.combine(flt.date_from, dt.time.min, tzinfo=tz))
    if flt.date_to:
        end = dt.datetime.combine(flt.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        mentions = mentions.filter(published_at__lt=end)
    if flt.q:
        mentions = search(mentions, flt.q)
    return mentions.select_related("source", "cluster").order_by("-published_at", "-id")


def search(mentions: QuerySet[Mention], q: str) -> QuerySet[Mention]:
    """Mentions containing every word of `q`, with or without diacritics (matched on the folded text)."""
    from .search import filter_words

    return filter_words(mentions, fold(q))


def matches_by_mention(user: Any, mention_ids: list[int]) -> dict[int, list[Match]]:
    """The routed topics (with their unit's status) of each mention, within the user's scope."""
    rows = access.scope(Match.objects.filter(mention_id__in=mention_ids).select_related("topic", "unit", "assignee"),
                        user, capability=Capability.MONITOR).order_by("topic__name")
    out: dict[int, list[Match]] = {}
    for m in rows:
        out.setdefault(m.mention_id, []).append(m)
    return out


def cluster_mentions(user: Any, cluster: Cluster) -> QuerySet[Mention]:
    return visible_mentions(user).filter(cluster=cluster).select_related("source").order_by("published_at", "id")


@dataclass
class TopicDashboard:
    days: list[dt.date]
    volume: list[int]
    negative: list[int]
    positive: list[int]
    neutral: list[int]
    top_sites: list[tuple[str, int]]
    top_clusters: list[tuple[Cluster, int]]
    total: int


def topic_dashboard(topic: Topic, *, days: int = 30, now: dt.datetime | None = None) -> TopicDashboard:
    """Volume and sentiment per day (Asia/Ho_Chi_Minh), top sites and clusters, over the last `days`."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    start_day = timezone.localtime(now, tz).date() - dt.timedelta(days=days - 1)
    start = dt.datetime.combine(start_day, dt.time.min, tzinfo=tz)
    mentions = Mention.objects.filter(matches__topic=topic, published_at__gte=start)
    per_day: dict[tuple[dt.date, str], int] = {}
    rows = (mentions.annotate(day=TruncDate("published_at", tzinfo=tz))
            .values("day", "sentiment", "sentiment_label").annotate(n=Count("id")))
    for row in rows:
        label = row["sentiment_label"] or row["sentiment"]
        key = (row["day"], label)
        per_day[key] = per_day.get(key, 0) + row["n"]
    day_list = [start_day + dt.timedelta(days=i) for i in range(days)]

    def series(label: str) -> list[int]:
        return [per_day.get((d, label), 0) for d in day_list]

    negative, neutral, positive = series(Sentiment.NEGATIVE), series(Sentiment.NEUTRAL), series(Sentiment.POSITIVE)
    volume = [a + b + c for a, b, c in zip(negative, neutral, positive, strict=True)]
    sites = list(mentions.exclude(site="").values("site").annotate(n=Count("id")).order_by("-n", "site")[:10])
    clusters = list(mentions.exclude(cluster=None).values("cluster").annotate(n=Count("id")).order_by("-n")[:5])
    by_id = Cluster.objects.in_bulk([c["cluster"] for c in clusters])
    return TopicDashboard(
        days=day_list, volume=volume, negative=negative, positive=positive, neutral=neutral,
        top_sites=[(s["site"], s["n"]) for s in sites],
        top_clusters=[(by_id[c["cluster"]], c["n"]) for c in clusters if c["cluster"] in by_id],
        total=sum(volume),
    )


def share_of_voice(topics: list[Topic], *, days: int = 30, now: dt.datetime | None = None) -> list[tuple[Topic, int]]:
    """Mentions per topic over the last `days` (one grouped query)."""
    since = (now or timezone.now()) - dt.timedelta(days=days)
    counts = dict(Match.objects.filter(topic__in=topics, mention__published_at__gte=since)
                  .values_list("topic").annotate(n=Count("id")).values_list("topic", "n"))
    return sorted(((t, counts.get(t.pk, 0)) for t in topics), key=lambda tn: -tn[1])


STATUS_COUNT_CAP = 1_000


def status_counts(user: Any, statuses: tuple[str, ...] = (MatchStatus.NEW, MatchStatus.ASSIGNED)) -> dict[str, int]:
    """Mentions per status in the user's units, each counted up to STATUS_COUNT_CAP + 1: a department's inbox
    holds hundreds of thousands, counting them all takes seconds, and "more than 1,000" is what a person
    needs to know."""
    matches = access.scope(Match.objects.all(), user, capability=Capability.MONITOR).order_by()
    return {status: matches.filter(status=status).values("mention_id").distinct()[:STATUS_COUNT_CAP + 1].count()
            for status in statuses}


def open_alerts_count(user: Any) -> int:
    return visible_alerts(user).filter(acknowledged_at=None).count()
