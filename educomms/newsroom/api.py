"""/api/v1 endpoints of the newsroom: stories and their workflow.

Scoped exactly like the pages: story ids go through `access_story` (out of scope is 404, the same as
missing); a visible story the caller may not act on is 403; the endpoints call the same services.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from educomms.api.schemas import READ_ERRORS, WRITE_ERRORS, Page, gettext_lazy
from educomms.org import access

from . import permissions, selectors, services
from .models import Audience, Proposal, Story, StoryState, StoryTransition, Theme

router = Router()
STORIES = [gettext_lazy("Tin bài")]


class UnitRef(Schema):
    id: int
    name: str


class PersonRef(Schema):
    id: int
    full_name: str


class ThemeRef(Schema):
    id: int
    name: str


class FindingOut(Schema):
    code: str
    message: str
    blocking: bool


class StoryOut(Schema):
    id: int
    unit: UnitRef
    author: PersonRef
    title: str
    slug: str
    summary: str
    format: Story.Format
    state: StoryState
    state_label: str
    themes: list[ThemeRef]
    audiences: list[str]
    names_students: bool
    review_due_on: dt.date | None
    scheduled_for: dt.datetime | None
    published_at: dt.datetime | None
    attribution_unit: UnitRef | None
    version: int = Field(..., description=gettext_lazy("Gửi lại khi sửa (PATCH) để tránh ghi đè bản của người khác."))
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_state_label(obj: Story) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_themes(obj: Story) -> list[Theme]:
        return list(obj.themes.all())


class StoryDetailOut(StoryOut):
    body: str = Field(..., description=gettext_lazy("HTML đã được làm sạch."))
    moves: list[str] = Field(..., description=gettext_lazy("Các trạng thái bạn có thể chuyển tin bài sang."))
    checks: list[FindingOut] = Field(..., description=gettext_lazy("Kết quả kiểm tra trước khi đăng."))

    @staticmethod
    def resolve_moves(obj: Story, context: Any) -> list[str]:
        return [str(r.target) for r in selectors.moves_for(context["request"].user, obj)]

    @staticmethod
    def resolve_checks(obj: Story) -> list[dict[str, Any]]:
        return [f.__dict__ for f in selectors.story_checks(obj)]


class StoryFilters(Schema):
    unit: int | None = Field(None, description=gettext_lazy("Đơn vị (gồm cả cấp dưới)."))
    state: StoryState | None = None
    theme: int | None = None
    q: str = Field("", max_length=200, description=gettext_lazy("Tìm trong tiêu đề, sa-pô, nội dung; có dấu hoặc không dấu."))


class StoryFieldsIn(Schema):
    summary: str | None = Field(None, max_length=2000)
    body: str | None = Field(None, max_length=500_000, description=gettext_lazy("HTML; được làm sạch khi lưu."))
    format: Story.Format | None = None
    audiences: list[Audience] | None = None
    themes: list[int] | None = Field(None, description=gettext_lazy("Mã các chủ đề của đơn vị hoặc cấp trên."))
    names_students: bool | None = None
    review_due_on: dt.date | None = None


class StoryCreateIn(StoryFieldsIn):
    unit_id: int
    title: str = Field(..., min_length=1, max_length=300)


class StoryUpdateIn(StoryFieldsIn):
    version: int = Field(..., description=gettext_lazy("Phiên bản bạn bắt đầu sửa (trường version khi đọc)."))
    title: str | None = Field(None, min_length=1, max_length=300)


class TransitionOut(Schema):
    from_state: StoryState
    to_state: StoryState
    actor: PersonRef | None
    comment: str
    at: dt.datetime


class StoryRef(Schema):
    id: int
    title: str
    unit: UnitRef


class ProposalOut(Schema):
    id: int
    story: StoryRef
    to_unit: UnitRef
    state: Proposal.State
    proposed_by: PersonRef
    note: str
    decided_at: dt.datetime | None
    reason: str
    republished_id: int | None
    created_at: dt.datetime


class ProposeIn(Schema):
    to_unit_id: int = Field(..., description=gettext_lazy("Đơn vị cấp trên nhận đề xuất (thường là Sở)."))
    note: str = Field("", max_length=2000)


class DeclineIn(Schema):
    reason: str = Field(..., max_length=2000)


class TransitionIn(Schema):
    to: StoryState
    comment: str = Field("", max_length=5000)
    scheduled_for: dt.datetime | None = None
    acknowledge: bool = Field(False, description=gettext_lazy("Xác nhận đã xem lại các cảnh báo (khi duyệt)."))


def _themes(unit: Any, ids: list[int] | None) -> list[Theme] | None:
    if ids is None:
        return None
    themes = list(selectors.themes_for(unit).filter(pk__in=ids))
    if len(themes) != len(set(ids)):
        raise ValidationError({"themes": _("Chủ đề không thuộc danh mục của đơn vị.")})
    return themes


@router.get("/stories", response={200: list[StoryOut], **READ_ERRORS}, tags=STORIES,
            summary=gettext_lazy("Danh sách tin bài bạn được xem"))
@paginate(Page)
def list_stories(request: HttpRequest, filters: Query[StoryFilters]) -> QuerySet[Story]:
    unit = access.access_unit(request.user, filters.unit) if filters.unit is not None else None
    return selectors.stories_for(request.user, unit=unit, state=filters.state or "", theme=filters.theme,
                                 q=filters.q)


@router.get("/stories/queue", response={200: list[StoryOut], **READ_ERRORS}, tags=STORIES,
            summary=gettext_lazy("Tin bài chờ tôi biên tập hoặc duyệt"))
@paginate(Page)
def queue(request: HttpRequest) -> QuerySet[Story]:
    return selectors.waiting_for(request.user)


@router.get("/stories/{story_id}", response={200: StoryDetailOut, **READ_ERRORS}, tags=STORIES,
            summary=gettext_lazy("Một tin bài"))
def get_story(request: HttpRequest, story_id: int) -> Story:
    return selectors.access_story(request.user, story_id)


@router.post("/stories", response={201: StoryDetailOut, **WRITE_ERRORS}, tags=STORIES,
             summary=gettext_lazy("Viết tin bài mới (bản nháp)"))
def create_story(request: HttpRequest, payload: StoryCreateIn) -> Status:
    unit = access.access_unit(request.user, payload.unit_id)
    fields = payload.dict(exclude={"unit_id", "themes"}, exclude_none=True)
    story = services.create_story(actor=request.user, unit=unit, themes=_themes(unit, payload.themes), **fields)
    return Status(201, story)


@router.patch("/stories/{story_id}", response={200: StoryDetailOut, **WRITE_ERRORS}, tags=STORIES,
              summary=gettext_lazy("Sửa tin bài (chỉ các trường được gửi; kèm version)"))
def update_story(request: HttpRequest, story_id: int, payload: StoryUpdateIn) -> Story:
    story = selectors.access_story(request.user, story_id)
    fields = payload.dict(exclude={"themes"}, exclude_unset=True)
    if "review_due_on" not in payload.model_fields_set:
        fields.pop("review_due_on", None)
    return services.update_story(actor=request.user, story=story, themes=_themes(story.unit, payload.themes),
                                 **fields)


@router.post("/stories/{story_id}/transitions", response={200: StoryDetailOut, **WRITE_ERRORS}, tags=STORIES,
             summary=gettext_lazy("Chuyển trạng thái tin bài (gửi duyệt, yêu cầu sửa, duyệt, hẹn giờ, đăng, gỡ...)"))
def transition(request: HttpRequest, story_id: int, payload: TransitionIn) -> Story:
    story = selectors.access_story(request.user, story_id)
    return services.transition_story(actor=request.user, story=story, to=payload.to, comment=payload.comment,
                                     scheduled_for=payload.scheduled_for, acknowledge=payload.acknowledge)


@router.get("/stories/{story_id}/transitions", response={200: list[TransitionOut], **READ_ERRORS}, tags=STORIES,
            summary=gettext_lazy("Lịch sử chuyển trạng thái của tin bài"))
def story_history(request: HttpRequest, story_id: int) -> QuerySet[StoryTransition]:
    story = selectors.access_story(request.user, story_id)
    return selectors.transitions_for(story)


# --- Upward proposals --------------------------------------------------------------------------------

@router.get("/proposals", response={200: list[ProposalOut], **READ_ERRORS}, tags=STORIES,
            summary=gettext_lazy("Đề xuất tin bài chờ đơn vị của tôi xem xét"))
@paginate(Page)
def proposals_received(request: HttpRequest) -> QuerySet[Proposal]:
    return selectors.proposals_received(request.user)


@router.post("/stories/{story_id}/proposals", response={201: ProposalOut, **WRITE_ERRORS}, tags=STORIES,
             summary=gettext_lazy("Đề xuất tin bài đã đăng lên đơn vị cấp trên"))
def propose(request: HttpRequest, story_id: int, payload: ProposeIn) -> Status:
    story = selectors.access_story(request.user, story_id)
    # The receiving unit is an ancestor of the story's unit: named by id, checked by the service.
    to_unit = selectors.ancestor_unit(story.unit, payload.to_unit_id)
    proposal = services.propose_story(actor=request.user, story=story, to_unit=to_unit, note=payload.note)
    return Status(201, proposal)


@router.post("/proposals/{proposal_id}/accept", response={200: StoryDetailOut, **WRITE_ERRORS}, tags=STORIES,
             summary=gettext_lazy("Nhận đăng lại: tạo tin bài của đơn vị mình và gửi duyệt"))
def accept(request: HttpRequest, proposal_id: int) -> Story:
    proposal = permissions.access_proposal(request.user, proposal_id)
    return services.accept_proposal(actor=request.user, proposal=proposal)


@router.post("/proposals/{proposal_id}/decline", response={200: ProposalOut, **WRITE_ERRORS}, tags=STORIES,
             summary=gettext_lazy("Không nhận đề xuất (cần lý do)"))
def decline(request: HttpRequest, proposal_id: int, payload: DeclineIn) -> Proposal:
    proposal = permissions.access_proposal(request.user, proposal_id)
    return services.decline_proposal(actor=request.user, proposal=proposal, reason=payload.reason)
