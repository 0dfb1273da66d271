"""Alert rules: a spike in a topic's volume, a high-risk mention, a fast-growing cluster, a failing source.

Each alert belongs to a unit and is routed to that unit's spokespersons and communications officers, in-app
and by e-mail (their notification preferences apply). `Alert.dedup_key` makes a rule that fires again for
the same thing add nothing. During a unit's peak season (AlertPolicy.peak_from..peak_to, exam weeks) the
thresholds are lower: risk −15 points, spike factor × 2/3, minimum counts halved.

Spike baseline: the topic's counts in the same hour of the same weekday over the previous four weeks
(TopicHour), so that the Monday-morning rush is not a spike but a Sunday-night burst is.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from educomms.core.db import insert_instances, new_instance
from educomms.notifications.services import Message, notify_many
from educomms.org.models import Membership
from educomms.org.roles import Role

from .models import (
    Alert,
    AlertKind,
    AlertPolicy,
    Cluster,
    Match,
    Mention,
    RiskLevel,
    Source,
    Topic,
    TopicHour,
)
from .nlp.risk import reason_labels, shown

ALERT_ROLES = (Role.SPOKESPERSON, Role.COMMS_OFFICER)
BASELINE_WEEKS = 4
SOURCE_QUIET_LIMIT = dt.timedelta(days=1)
CLUSTER_WINDOW = dt.timedelta(hours=2)
SPIKE_WINDOW = dt.timedelta(hours=3)


class Thresholds:
    def __init__(self, policy: AlertPolicy, today: dt.date) -> None:
        peak = bool(policy.peak_from and policy.peak_to and policy.peak_from <= today <= policy.peak_to)
        self.peak = peak
        self.risk = max(30, policy.risk_threshold - 15) if peak else policy.risk_threshold
        self.spike_factor = max(1.5, policy.spike_factor * 2 / 3) if peak else policy.spike_factor
        self.spike_min = max(2, policy.spike_min_count // 2) if peak else policy.spike_min_count
        self.cluster_growth = max(2, policy.cluster_growth // 2) if peak else policy.cluster_growth


def thresholds_for(unit_ids: Iterable[int], today: dt.date) -> dict[int, Thresholds]:
    """Unit id → its thresholds today; the defaults for a unit without a policy (one shared object)."""
    ids = set(unit_ids)
    policies = {p.unit_id: p for p in AlertPolicy.objects.filter(unit_id__in=ids)}
    default = Thresholds(AlertPolicy(), today)
    return {uid: Thresholds(policies[uid], today) if uid in policies else default for uid in ids}


def recipients(unit_ids: Iterable[int]) -> dict[int, list[Any]]:
    """Unit id → its active spokespersons and communications officers (one query for all the units)."""
    found: dict[int, list[Any]] = defaultdict(list)
    for m in (Membership.objects.active().filter(unit_id__in=set(unit_ids), role__in=ALERT_ROLES,
                                                 person__is_active=True).select_related("person")
              .only("unit_id", "person__id", "person__is_active")):  # all a notice needs of them
        found[m.unit_id].append(m.person)
    return found


def _existing(keys: Iterable[str]) -> set[str]:
    """The dedup keys already raised (one query for a whole batch of candidates)."""
    keys = list(dict.fromkeys(k[:200] for k in keys))
    return set(Alert.objects.filter(dedup_key__in=keys).values_list("dedup_key", flat=True)) if keys else set()


def raise_alert(*, unit_id: int, kind: str, dedup_key: str, title: str, detail: str = "", url: str = "",
                **refs: Any) -> Alert | None:
    """Create the alert and notify the unit's spokespersons and officers; None when it already exists."""
    try:
        with transaction.atomic():
            alert = Alert.objects.create(unit_id=unit_id, kind=kind, dedup_key=dedup_key[:200], title=title[:300],
                                         detail=detail, **refs)
            notify_many([Message(recipients=recipients([unit_id])[unit_id], kind=f"monitoring.{kind}", title=title,
                                 body=detail, url=url or reverse("monitoring:alert", args=[alert.pk]),
                                 unit_id=unit_id)])
    except IntegrityError:
        return None
    return alert


@dataclass
class Pending:
    """An alert a rule wants raised (raise_alerts creates those not raised yet)."""

    unit_id: int
    kind: str
    dedup_key: str
    title: str
    page: tuple[str, int]  # the page of what it is about (view name, id): a link only for notices that name it
    detail: str = ""
    refs: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        view, pk = self.page
        return reverse(view, args=[pk])


def raise_alerts(pending: list[Pending]) -> list[Alert]:
    """Create the alerts not raised yet in one insert, then tell each unit once: the alert itself when it has
    one, else how many there are with their titles (a burst of crisis news is one notice, not fifty).

    The alerts and their notices are committed together: a worker stopped between the two would otherwise
    leave alerts whose dedup keys silence every later attempt, and nobody told."""
    done = _existing(p.dedup_key for p in pending)
    todo = list({p.dedup_key[:200]: p for p in pending if p.dedup_key[:200] not in done}.values())
    if not todo:
        return []
    with transaction.atomic():
        try:
            with transaction.atomic():
                created = [new_instance(Alert, {"unit_id": p.unit_id, "kind": p.kind, "dedup_key": p.dedup_key[:200],
                                                "title": p.title[:300], "detail": p.detail, **p.refs}) for p in todo]
                insert_instances(created)  # a crisis burst raises hundreds at once
        except IntegrityError:  # another worker raised one of them meanwhile: one at a time, each notified
            return [a for p in todo if (a := raise_alert(unit_id=p.unit_id, kind=p.kind, dedup_key=p.dedup_key,
                                                         title=p.title, detail=p.detail, url=p.url, **p.refs))
                    is not None]
        by_unit: dict[int, list[tuple[Pending, Alert]]] = defaultdict(list)
        for p, alert in zip(todo, created, strict=True):
            by_unit[p.unit_id].append((p, alert))
        people = recipients(by_unit)
        notify_many(_notice(people[unit_id], items) for unit_id, items in by_unit.items())
    return created


def _notice(people: list[Any], items: list[tuple[Pending, Alert]]) -> Message:
    """What one unit is told about its new alerts: the alert itself, or how many with their titles."""
    unit_id = items[0][0].unit_id
    if len(items) == 1:
        p = items[0][0]
        return Message(recipients=people, kind=f"monitoring.{p.kind}", title=p.title, body=p.detail,
                       url=p.url, unit_id=unit_id)
    titles = "\n".join(f"- {alert.title}" for _p, alert in items[:10])
    return Message(recipients=people, kind="monitoring.alerts",
                   title=ngettext("%(n)s cảnh báo dư luận mới", "%(n)s cảnh báo dư luận mới", len(items)) % {
                       "n": len(items)},
                   body=titles + ("\n…" if len(items) > 10 else ""), url=reverse("monitoring:alerts"),
                   unit_id=unit_id)


def after_ingest(result: Any, *, now: dt.datetime) -> list[Alert]:
    """The rules that look at a freshly stored batch (pipeline.IngestResult), raised together."""
    return raise_alerts(_high_risk(result.mentions, now=now, routes=result.routes)
                        + _spikes(set(result.touched), now=now) + _clusters(result.grown_clusters, now=now))


def _routes(mention_ids: list[int]) -> dict[int, set[int]]:
    """Mention id → the units it was routed to."""
    routes: dict[int, set[int]] = defaultdict(set)
    for mention_id, unit_id in Match.objects.filter(mention_id__in=mention_ids).values_list("mention_id", "unit_id"):
        routes[mention_id].add(unit_id)
    return routes


def high_risk_alerts(mentions: list[Mention], *, now: dt.datetime) -> list[Alert]:
    return raise_alerts(_high_risk(mentions, now=now))


def _high_risk(mentions: list[Mention], *, now: dt.datetime,
               routes: dict[int, set[int]] | None = None) -> list[Pending]:
    """`routes`: mention id → the units it was routed to, when the caller knows (the pipeline just stored
    the matches); read from the matches otherwise."""
    candidates = [m for m in mentions if m.risk_score >= 30 or m.risk_level == RiskLevel.HIGH]
    if not candidates:
        return []
    known = routes if routes is not None else _routes([m.pk for m in candidates])
    # A unit's own page: its unit hears about it even without a topic.
    units_of = {m.pk: {*known.get(m.pk, ()), m.source.unit_id} for m in candidates}
    limits = thresholds_for({u for units in units_of.values() for u in units}, timezone.localdate(now))
    wanted: dict[str, tuple[int, Mention]] = {}
    for m in candidates:
        # Copies of one story (a cluster) make one alert: the first copy over the threshold.
        about = f"c{m.cluster_id}" if m.cluster_id else f"m{m.pk}"
        for unit_id in sorted(units_of[m.pk]):
            if m.risk_score >= limits[unit_id].risk:
                wanted.setdefault(f"risk:{unit_id}:{about}", (unit_id, m))
    title = _("Tin rủi ro cao (%(score)s điểm): %(title)s")  # translated once for the batch
    labels = reason_labels()
    said: dict[int, tuple[str, str]] = {}  # mention id → its alert's title and why: once for all its units
    out = []
    for key, (unit_id, m) in wanted.items():
        if m.pk not in said:
            reasons = [shown(r, labels) for r in m.risk_reasons[:4]]
            said[m.pk] = (title % {"score": m.risk_score, "title": (m.title or m.text)[:150]},
                          "; ".join(f"{r['label']} (+{r['points']})" for r in reasons))
        text, why = said[m.pk]
        out.append(Pending(unit_id=unit_id, kind=AlertKind.HIGH_RISK, dedup_key=key, refs={"mention": m},
                           title=text, detail=why, page=("monitoring:mention", m.pk)))
    return out


def _past(hour: dt.datetime) -> list[dt.datetime]:
    """The same hour of the same weekday in each of the previous BASELINE_WEEKS weeks."""
    return [hour - dt.timedelta(weeks=w) for w in range(1, BASELINE_WEEKS + 1)]


def _baselines(pairs: set[tuple[int, dt.datetime]]) -> dict[tuple[int, dt.datetime], float]:
    """(topic id, hour) → its mean count in the same hour of the previous weeks (one query for all)."""
    if not pairs:
        return {}
    counts = {(t, h): n for t, h, n in TopicHour.objects.filter(
        topic_id__in={t for t, _h in pairs}, hour__in={p for _t, h in pairs for p in _past(h)},
    ).values_list("topic_id", "hour", "count")}
    return {(t, h): sum(counts.get((t, p), 0) for p in _past(h)) / BASELINE_WEEKS for t, h in pairs}


def spike_alerts(touched: set[tuple[int, dt.datetime]], *, now: dt.datetime) -> list[Alert]:
    return raise_alerts(_spikes(touched, now=now))


def _spikes(touched: set[tuple[int, dt.datetime]], *, now: dt.datetime) -> list[Pending]:
    """Compare the hours a batch added to (topic, hour published, UTC) with each topic's baseline. Only
    recent hours count: a backfill of last month's items is no news."""
    recent = {(t, h) for t, h in touched if h >= now - SPIKE_WINDOW}
    if not recent:
        return []
    counts = {(t, h): n for t, h, n in TopicHour.objects.filter(
        topic_id__in={t for t, _h in recent}, hour__in={h for _t, h in recent}).values_list("topic_id", "hour", "count")}
    unit_of = dict(Topic.objects.filter(pk__in={t for t, _h in recent}).values_list("pk", "unit_id"))
    limits = thresholds_for(set(unit_of.values()), timezone.localdate(now))
    busy = {(t, h) for t, h in recent if t in unit_of and counts.get((t, h), 0) >= limits[unit_of[t]].spike_min}
    baselines = _baselines(busy)
    spiking = [(t, h) for t, h in sorted(busy) if counts[t, h] >= limits[unit_of[t]].spike_factor * max(baselines[t, h], 1.0)]
    topics = Topic.objects.only("name", "unit_id").in_bulk({t for t, _h in spiking})  # the few that alert
    title = _("Chủ đề “%(topic)s” tăng đột biến: %(n)s tin trong giờ %(hour)s")  # translated once for the batch
    detail = _("Mức thường lệ cùng giờ, cùng thứ trong %(weeks)s tuần trước: %(base).1f tin.")
    out = []
    for topic_id, hour in spiking:
        topic, count, baseline = topics[topic_id], counts[topic_id, hour], baselines[topic_id, hour]
        local = timezone.localtime(hour)
        out.append(Pending(
            unit_id=topic.unit_id, kind=AlertKind.SPIKE, dedup_key=f"spike:{topic_id}:{hour:%Y%m%d%H}", refs={"topic": topic},
            title=title % {"topic": topic.name, "n": count, "hour": local.strftime("%H:00 %d/%m/%Y")},
            detail=detail % {"weeks": BASELINE_WEEKS, "base": baseline},
            page=("monitoring:topic", topic_id)))
    return out


def cluster_alerts(cluster_ids: set[int], *, now: dt.datetime) -> list[Alert]:
    return raise_alerts(_clusters(cluster_ids, now=now))


def _clusters(cluster_ids: set[int], *, now: dt.datetime) -> list[Pending]:
    """A story copied by many sites within two hours, for each unit it is routed to (three queries for the
    whole batch, then one per alert raised)."""
    if not cluster_ids:
        return []
    recent = dict(Mention.objects.filter(cluster_id__in=cluster_ids, fetched_at__gte=now - CLUSTER_WINDOW)
                  .values_list("cluster_id").annotate(n=Count("id")).values_list("cluster_id", "n"))
    routed: dict[int, set[int]] = defaultdict(set)
    for cluster_id, unit_id in (Match.objects.filter(mention__cluster_id__in=[c for c, n in recent.items() if n > 1])
                                .values_list("mention__cluster_id", "unit_id").distinct()):
        routed[cluster_id].add(unit_id)
    limits = thresholds_for({u for units in routed.values() for u in units}, timezone.localdate(now))
    wanted = {f"cluster:{unit_id}:{cluster_id}": (unit_id, cluster_id)
              for cluster_id, units in routed.items() for unit_id in units
              if recent[cluster_id] >= limits[unit_id].cluster_growth}
    if not wanted:
        return []
    clusters = Cluster.objects.only("title").in_bulk({c for _u, c in wanted.values()})  # not their signatures
    title = _("Tin đang lan truyền nhanh: %(n)s trang đăng lại trong 2 giờ – %(title)s")  # once for the batch
    return [Pending(unit_id=unit_id, kind=AlertKind.CLUSTER, dedup_key=key, refs={"cluster": clusters[cluster_id]},
                    title=title % {"n": recent[cluster_id], "title": clusters[cluster_id].title[:150]},
                    page=("monitoring:cluster", cluster_id))
            for key, (unit_id, cluster_id) in wanted.items()]


def source_alerts(*, now: dt.datetime) -> list[Alert | None]:
    """Sources failing for more than a day that nobody was told about yet: tell their unit, once per outage."""
    out = []
    failing = Source.objects.filter(active=True, failing_since__lte=now - SOURCE_QUIET_LIMIT,
                                    failure_reported_at=None)
    for source in failing:
        with transaction.atomic():
            if not Source.objects.filter(pk=source.pk, failure_reported_at=None).update(failure_reported_at=now):
                continue
            out.append(raise_alert(
                unit_id=source.unit_id, kind=AlertKind.SOURCE, source=source,
                dedup_key=f"source:{source.pk}:{source.failing_since:%Y%m%d%H%M}",
                title=_("Nguồn tin “%(name)s” không lấy được tin từ %(since)s") % {
                    "name": source.name, "since": timezone.localtime(source.failing_since).strftime("%H:%M %d/%m/%Y")},
                detail=source.last_error, url=reverse("monitoring:source", args=[source.pk])))
    return out
