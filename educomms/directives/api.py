"""/api/v1 endpoints of directives: my inbox, reading and acknowledging, the issuers' list, coverage.

Scoped exactly like the pages: a receipt id reaches only the caller's own receipt, a directive id goes
through `access_directive`, a coverage unit through `access_unit(…, VIEW_COVERAGE)`; out of scope is
404, the same as missing. The endpoints call the same services and selectors as the pages.
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from educomms.api.schemas import READ_ERRORS, WRITE_ERRORS, Page, gettext_lazy
from educomms.org import access
from educomms.org.roles import Capability

from . import coverage, permissions, selectors, services
from .models import Directive, DirectiveStatus, DocType, Receipt

router = Router()
DIRECTIVES = [gettext_lazy("Văn bản chỉ đạo")]


class UnitRef(Schema):
    id: int
    name: str


class DirectiveRef(Schema):
    id: int
    unit: UnitRef
    doc_type: DocType
    number_symbol: str
    document_date: dt.date | None
    title: str
    summary: str
    status: DirectiveStatus
    status_label: str
    issued_at: dt.datetime | None
    ack_required: bool
    ack_deadline: dt.datetime | None
    confirmation_phrase: str = Field(..., description=gettext_lazy("Câu phải gõ khi xác nhận (rỗng: không cần)."))
    forward_required: bool

    @staticmethod
    def resolve_status_label(obj: Directive) -> str:
        return str(obj.get_status_display())


class ReceiptOut(Schema):
    id: int
    directive: DirectiveRef
    role: str
    delivered_at: dt.datetime
    opened_at: dt.datetime | None
    acknowledged_at: dt.datetime | None
    ack_comment: str
    forwarded: bool = Field(..., description=gettext_lazy("Nhận qua chuyển tiếp của thủ trưởng đơn vị."))

    @staticmethod
    def resolve_forwarded(obj: Receipt) -> bool:
        return obj.forward_id is not None


class AcknowledgedOut(Schema):
    """What an acknowledgment changed (the directive itself: `GET /directives/{id}`)."""

    id: int
    directive_id: int
    opened_at: dt.datetime | None
    acknowledged_at: dt.datetime | None
    ack_comment: str


class InboxOut(Schema):
    items: list[ReceiptOut]
    count: int
    unread: int = Field(..., description=gettext_lazy("Số văn bản chưa đọc (không tính văn bản đã thu hồi)."))
    limit: int
    offset: int


class InboxFilters(Schema):
    unread: bool = Field(False, description=gettext_lazy("Chỉ văn bản chưa đọc."))
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class AcknowledgeIn(Schema):
    comment: str = Field("", max_length=500)
    phrase: str = Field("", max_length=300, description=gettext_lazy("Câu xác nhận, khi văn bản yêu cầu."))


class ProgressOut(Schema):
    state: str
    total: int
    done: int
    percent: int


class TargetOut(Schema):
    unit: UnitRef
    include_subtree: bool
    unit_kinds: list[str]
    school_levels: list[str]
    roles: list[str]


class DirectiveOut(DirectiveRef):
    public: bool
    corrects_id: int | None
    created_at: dt.datetime


class DirectiveDetailOut(DirectiveOut):
    body: str = Field(..., description=gettext_lazy("HTML đã được làm sạch."))
    targets: list[TargetOut]
    progress: ProgressOut | None
    my_receipt: ReceiptOut | None
    corrected_by: list[int] = Field(..., description=gettext_lazy("Các văn bản đính chính đã ban hành."))

    @staticmethod
    def resolve_targets(obj: Directive) -> list[Any]:
        return selectors.targets_of(obj)

    @staticmethod
    def resolve_progress(obj: Directive) -> dict[str, Any] | None:
        job = selectors.issue_progress(obj)
        return None if job is None else {"state": job.state, "total": job.total, "done": job.done,
                                         "percent": job.percent}

    @staticmethod
    def resolve_my_receipt(obj: Directive, context: Any) -> Receipt | None:
        return selectors.my_receipt(context["request"].user, obj)

    @staticmethod
    def resolve_corrected_by(obj: Directive) -> list[int]:
        return list(obj.corrections.filter(status=DirectiveStatus.ISSUED).values_list("id", flat=True))


class DirectiveFilters(Schema):
    unit: int | None = Field(None, description=gettext_lazy("Đơn vị ban hành (gồm cả cấp dưới)."))
    status: DirectiveStatus | None = None
    q: str = Field("", max_length=200, description=gettext_lazy("Tìm theo số, ký hiệu hoặc trích yếu; có dấu hoặc không dấu."))


class CoverageFilters(Schema):
    unit: int | None = Field(None, description=gettext_lazy("Đơn vị (mặc định: đơn vị ban hành)."))


class CoverageRowOut(Schema):
    unit: UnitRef | None
    recipients: int
    opened: int
    acknowledged: int
    opened_share: float
    acknowledged_share: float
    awaiting_forward: int = Field(..., description=gettext_lazy("Số đơn vị mà thủ trưởng chưa chuyển tiếp."))
    has_children: bool


class CoverageOut(Schema):
    unit: UnitRef
    totals: CoverageRowOut
    children: list[CoverageRowOut]
    laggards: list[CoverageRowOut]


class ForwardIn(Schema):
    unit_id: int = Field(..., description=gettext_lazy("Đơn vị của bạn (bạn là thủ trưởng) đã nhận văn bản."))
    note: str = Field("", max_length=2000)


class ForwardOut(Schema):
    id: int
    unit: UnitRef
    forwarded_at: dt.datetime
    note: str
    recipients: int


@router.get("/directives/inbox", response={200: InboxOut, **READ_ERRORS}, tags=DIRECTIVES,
            summary=gettext_lazy("Văn bản tôi nhận được (mới nhất trước) và số văn bản chưa đọc"))
def inbox(request: HttpRequest, filters: Query[InboxFilters]) -> dict[str, Any]:
    qs = selectors.inbox(request.user, unread=filters.unread)
    start = filters.offset
    return {"items": list(qs[start:start + filters.limit]), "count": qs.count(),
            "unread": selectors.unread_count(request.user), "limit": filters.limit, "offset": start}


@router.post("/directives/receipts/{receipt_id}/open", response={200: ReceiptOut, **WRITE_ERRORS}, tags=DIRECTIVES,
             summary=gettext_lazy("Đánh dấu đã đọc"))
def open_receipt(request: HttpRequest, receipt_id: int) -> Receipt:
    receipt = permissions.access_receipt(request.user, receipt_id)
    return services.open_receipt(actor=request.user, receipt=receipt)


@router.post("/directives/receipts/{receipt_id}/acknowledge", response={200: AcknowledgedOut, **WRITE_ERRORS},
             tags=DIRECTIVES, summary=gettext_lazy("Xác nhận đã đọc (kèm ý kiến, câu xác nhận nếu có)"))
def acknowledge(request: HttpRequest, receipt_id: int, payload: AcknowledgeIn) -> Receipt:
    receipt = selectors.receipt_to_acknowledge(request.user, receipt_id)
    return services.acknowledge_receipt(actor=request.user, receipt=receipt, comment=payload.comment,
                                        phrase=payload.phrase)


@router.get("/directives", response={200: list[DirectiveOut], **READ_ERRORS}, tags=DIRECTIVES,
            summary=gettext_lazy("Văn bản do đơn vị trong phạm vi của tôi soạn, ban hành"))
@paginate(Page)
def list_directives(request: HttpRequest, filters: Query[DirectiveFilters]) -> QuerySet[Directive]:
    unit = access.access_unit(request.user, filters.unit) if filters.unit is not None else None
    return selectors.directives_for(request.user, unit=unit, status=filters.status or "", q=filters.q)


@router.get("/directives/{directive_id}", response={200: DirectiveDetailOut, **READ_ERRORS}, tags=DIRECTIVES,
            summary=gettext_lazy("Một văn bản"))
def get_directive(request: HttpRequest, directive_id: int) -> Directive:
    return permissions.access_directive(request.user, directive_id)


def _row(row: coverage.CoverageRow) -> dict[str, Any]:
    return {"unit": row.unit, "recipients": row.recipients, "opened": row.opened, "acknowledged": row.acknowledged,
            "opened_share": round(row.opened_share, 4), "acknowledged_share": round(row.acknowledged_share, 4),
            "awaiting_forward": row.awaiting_forward, "has_children": row.has_children}


@router.get("/directives/{directive_id}/coverage", response={200: CoverageOut, **READ_ERRORS}, tags=DIRECTIVES,
            summary=gettext_lazy("Tình hình nhận, đọc, xác nhận trong một đơn vị và các đơn vị trực thuộc"))
def get_coverage(request: HttpRequest, directive_id: int, filters: Query[CoverageFilters]) -> dict[str, Any]:
    directive = permissions.access_directive(request.user, directive_id)
    unit_id = directive.unit_id if filters.unit is None else filters.unit
    where = access.access_unit(request.user, unit_id, Capability.VIEW_COVERAGE)
    return {"unit": where, "totals": _row(coverage.totals(directive, where)),
            "children": [_row(r) for r in coverage.children(directive, where)],
            "laggards": [_row(r) for r in coverage.laggards(directive, where)]}


@router.post("/directives/{directive_id}/forward", response={201: ForwardOut, **WRITE_ERRORS}, tags=DIRECTIVES,
             summary=gettext_lazy("Thủ trưởng chuyển tiếp văn bản cho cán bộ, giáo viên của đơn vị"))
def forward(request: HttpRequest, directive_id: int, payload: ForwardIn) -> Status:
    directive = permissions.access_directive(request.user, directive_id)
    unit = access.access_unit(request.user, payload.unit_id)
    return Status(201, services.forward_directive(actor=request.user, directive=directive, unit=unit, note=payload.note))
