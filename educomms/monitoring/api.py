"""/api/v1 endpoints of monitoring: mentions (the inbox's filters), a mention, topics, alerts and their
acknowledgment — for a unit's own dashboards or another listening tool.

Scoped exactly like the pages (selectors.visible_*/access_*): out of scope is 404, the same as missing.
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from educomms.api.schemas import READ_ERRORS, WRITE_ERRORS, Page, gettext_lazy
from educomms.org import access
from educomms.org.roles import Capability

from . import selectors, services
from .models import Alert, AlertKind, MatchStatus, Mention, MentionKind, RiskLevel, Sentiment, Topic
from .nlp.risk import shown

router = Router()
MONITORING = [gettext_lazy("Theo dõi dư luận")]


class RiskReason(Schema):
    label: str
    points: int


class MentionOut(Schema):
    id: int
    kind: MentionKind
    url: str
    site: str
    author: str
    title: str
    text: str
    published_at: dt.datetime
    reach: int | None
    source_id: int
    cluster_id: int | None
    sentiment: Sentiment = Field(..., description=gettext_lazy("Sắc thái (nhãn do người sửa, nếu có)."))
    toxicity: str
    risk_score: int
    risk_level: RiskLevel
    risk_reasons: list[RiskReason]
    crisis_types: list[str]

    @staticmethod
    def resolve_sentiment(obj: Mention) -> str:
        return obj.effective_sentiment

    @staticmethod
    def resolve_risk_reasons(obj: Mention) -> list[dict]:
        return [shown(r) for r in obj.risk_reasons]  # in the request's language

    @staticmethod
    def resolve_toxicity(obj: Mention) -> str:
        return obj.effective_toxicity


class MentionFilters(Schema):
    q: str = Field("", max_length=200, description=gettext_lazy("Từ khóa; có dấu hoặc không dấu."))
    topic: int | None = Field(None, description=gettext_lazy("Chủ đề theo dõi."))
    sentiment: Sentiment | None = None
    risk: RiskLevel | None = None
    status: MatchStatus | None = Field(None, description=gettext_lazy("Trạng thái ở đơn vị được chuyển tin."))
    kind: MentionKind | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class TopicOut(Schema):
    id: int
    unit_id: int
    name: str
    query: str
    priority: int
    is_default: bool
    active: bool


class AlertOut(Schema):
    id: int
    unit_id: int
    kind: AlertKind
    title: str
    detail: str
    created_at: dt.datetime
    topic_id: int | None
    mention_id: int | None
    cluster_id: int | None
    source_id: int | None
    acknowledged_at: dt.datetime | None
    acknowledged_by_id: int | None


class AlertFilters(Schema):
    open: bool = Field(False, description=gettext_lazy("Chỉ cảnh báo chưa xác nhận."))


@router.get("/monitoring/mentions", response={200: list[MentionOut], **READ_ERRORS}, tags=MONITORING,
            summary=gettext_lazy("Tin theo dõi trong phạm vi của tôi (mới nhất trước), theo bộ lọc của hộp tin"))
@paginate(Page)
def list_mentions(request: HttpRequest, filters: Query[MentionFilters]) -> QuerySet[Mention]:
    topic = selectors.access_topic(request.user, filters.topic) if filters.topic is not None else None
    return selectors.inbox(request.user, selectors.MentionFilter(
        topic=topic, sentiment=filters.sentiment or "", risk=filters.risk or "", status=filters.status or "",
        kind=filters.kind or "", date_from=filters.date_from, date_to=filters.date_to, q=filters.q.strip()))


@router.get("/monitoring/mentions/{mention_id}", response={200: MentionOut, **READ_ERRORS}, tags=MONITORING,
            summary=gettext_lazy("Một tin theo dõi"))
def get_mention(request: HttpRequest, mention_id: int) -> Mention:
    return selectors.access_mention(request.user, mention_id)


@router.get("/monitoring/topics", response={200: list[TopicOut], **READ_ERRORS}, tags=MONITORING,
            summary=gettext_lazy("Chủ đề theo dõi trong phạm vi của tôi"))
@paginate(Page)
def list_topics(request: HttpRequest) -> QuerySet[Topic]:
    return selectors.visible_topics(request.user).order_by("unit__path", "-is_default", "name", "id")


@router.get("/monitoring/alerts", response={200: list[AlertOut], **READ_ERRORS}, tags=MONITORING,
            summary=gettext_lazy("Cảnh báo dư luận trong phạm vi của tôi (mới nhất trước)"))
@paginate(Page)
def list_alerts(request: HttpRequest, filters: Query[AlertFilters]) -> QuerySet[Alert]:
    if access.scope_paths(request.user, Capability.MONITOR) == []:
        return Alert.objects.none()
    alerts = selectors.visible_alerts(request.user)
    return alerts.filter(acknowledged_at=None) if filters.open else alerts


@router.post("/monitoring/alerts/{alert_id}/acknowledge", response={200: AlertOut, **WRITE_ERRORS},
             tags=MONITORING, summary=gettext_lazy("Xác nhận đã biết một cảnh báo"))
def acknowledge_alert(request: HttpRequest, alert_id: int) -> Any:
    return services.acknowledge_alert(actor=request.user, alert=selectors.access_alert(request.user, alert_id))
