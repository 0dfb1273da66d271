"""Reads of the enquiries module: the public Q&A (published only, the portal unit's subtree) and the
workspace inbox (scoped by permissions)."""

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from educomms.core.text import fold
from educomms.org.models import Unit

from . import permissions, workflow
from .models import (
    FEEDBACK_MOVES,
    OPEN_FEEDBACK_STATES,
    OPEN_QUESTION_STATES,
    Answer,
    AnswerRevision,
    Feedback,
    FeedbackNote,
    FeedbackState,
    Question,
    QuestionState,
    QuestionTransition,
)

PAGE_SIZE = 20
INBOX_PAGE_SIZE = 25
MAX_SEARCH_WORDS = 8
_WORD = re.compile(r"\w+")


# --- Public ------------------------------------------------------------------------------------------

def askable_units(site: Unit) -> QuerySet[Unit]:
    """Units a visitor may address: the portal unit itself and the active schools of its subtree."""
    return (Unit.objects.filter(site.subtree_q(), Q(pk=site.pk) | Q(kind=Unit.Kind.SCHOOL), active=True)
            .order_by("depth", "school_level", "name_folded"))


def askable_unit(site: Unit, unit_id: Any) -> Unit:
    """A unit the visitor may address (see `askable_units`); Http404 otherwise."""
    found = askable_units(site).filter(pk=unit_id).first()
    if found is None:
        raise Http404("No such unit")
    return found


def unit_choices(site: Unit) -> list[tuple[Any, Any]]:
    """The unit select of the public forms: the portal unit first, then schools grouped by level."""
    units = list(askable_units(site).only("pk", "name", "kind", "school_level", "depth", "path"))
    levels = dict(Unit.SchoolLevel.choices)
    choices: list[tuple[Any, Any]] = [(u.pk, u.name) for u in units if u.pk == site.pk]
    groups: dict[str, list[tuple[int, str]]] = {}
    for unit in units:
        if unit.pk != site.pk:
            groups.setdefault(unit.school_level, []).append((unit.pk, unit.name))
    for level in [*Unit.SchoolLevel.values, ""]:
        if level in groups:
            choices.append((str(levels.get(level, "")) or "—", groups[level]))
    return choices


def published_questions(site: Unit) -> QuerySet[Question]:
    """Published questions of the site's subtree (active units), latest first, with their answers."""
    return (Question.objects.filter(site.subtree_q("unit__path"), unit__active=True, state=QuestionState.PUBLISHED,
                                    published_at__lte=timezone.now())
            .select_related("unit", "answer").order_by("-published_at", "-id"))


def search_words(query: str) -> list[str]:
    return list(dict.fromkeys(_WORD.findall(fold(query))))[:MAX_SEARCH_WORDS]


def public_questions(site: Unit, *, words: list[str], unit: Unit | None = None) -> QuerySet[Question]:
    """What /hoi-dap/ lists: every folded word found in the question or its answer ("hoc phi" finds
    "học phí"), optionally for one unit."""
    found = published_questions(site)
    if unit is not None:
        found = found.filter(unit=unit)
    for word in words:
        found = found.filter(search_text__contains=word)
    return found


def public_question(site: Unit, question_id: int) -> Question:
    found = published_questions(site).filter(pk=question_id).first()
    if found is None:
        raise Http404("No such public question")
    return found


def public_units_with_questions(site: Unit) -> list[Unit]:
    """Units that have published Q&A (the public list's unit filter)."""
    ids = published_questions(site).values("unit_id")
    return list(Unit.objects.filter(pk__in=ids).order_by("depth", "name_folded"))


def public_unit(site: Unit, unit_id: Any) -> Unit | None:
    """A unit of the site's subtree for the list filter; None for anything else."""
    try:
        pk = int(unit_id)
    except (TypeError, ValueError):
        return None
    return Unit.objects.filter(site.subtree_q(), active=True, pk=pk).first()


# --- Workspace ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class InboxFilters:
    kind: str = "question"  # or "feedback"
    state: str = "open"  # "open", "all" or a state value
    unit_id: int | None = None
    overdue: bool = False


def inbox_units(user: Any) -> list[Unit]:
    ids = permissions.handling_unit_ids(user)
    units = Unit.objects.all() if ids is None else Unit.objects.filter(pk__in=ids)
    return list(units.filter(active=True).order_by("path")[:200])


def inbox_questions(user: Any, filters: InboxFilters) -> QuerySet[Question]:
    found = permissions.visible_questions(user).select_related("unit", "assignee")
    if filters.state == "open":
        found = found.filter(state__in=OPEN_QUESTION_STATES)
    elif filters.state != "all":
        found = found.filter(state=filters.state)
    if filters.unit_id:
        found = found.filter(unit_id=filters.unit_id)
    if filters.overdue:
        found = found.filter(state__in=OPEN_QUESTION_STATES, due_at__lt=timezone.now())
    return found.order_by("due_at", "id") if filters.state == "open" else found.order_by("-received_at", "-id")


def inbox_feedback(user: Any, filters: InboxFilters) -> QuerySet[Feedback]:
    found = permissions.visible_feedback(user).select_related("unit")
    if filters.state == "open":
        found = found.filter(state__in=OPEN_FEEDBACK_STATES)
    elif filters.state != "all":
        found = found.filter(state=filters.state)
    if filters.unit_id:
        found = found.filter(unit_id=filters.unit_id)
    if filters.overdue:
        found = found.filter(state__in=OPEN_FEEDBACK_STATES, due_at__lt=timezone.now())
    return found.order_by("due_at", "id") if filters.state == "open" else found.order_by("-received_at", "-id")


def open_counts(user: Any) -> dict[str, int]:
    return {"question": permissions.visible_questions(user).filter(state__in=OPEN_QUESTION_STATES).count(),
            "feedback": permissions.visible_feedback(user).filter(state__in=OPEN_FEEDBACK_STATES).count()}


@dataclass
class QuestionPage:
    question: Question
    answer: Any  # Answer | None
    revisions: list[AnswerRevision]
    transitions: list[QuestionTransition]
    moves: list[workflow.Rule]
    colleagues: list[Any]
    may_handle: bool
    may_edit: bool
    may_assign: bool
    wrote_answer: bool


def question_page(user: Any, question: Question) -> QuestionPage:
    answer = Answer.objects.filter(question=question).select_related("drafted_by", "approved_by").first()
    revisions = list(AnswerRevision.objects.filter(answer=answer).select_related("editor")) if answer else []
    handles = permissions.may_handle(user, question.unit_id)
    return QuestionPage(
        question=question, answer=answer, revisions=revisions,
        transitions=list(QuestionTransition.objects.filter(question=question).select_related("actor")),
        moves=workflow.moves(user, question),
        colleagues=list(permissions.handlers(question.unit_id).order_by("full_name_folded")) if handles else [],
        may_handle=handles, may_edit=handles and question.state in workflow.EDITABLE,
        may_assign=handles and question.state in workflow.ASSIGNABLE,
        wrote_answer=any(r.editor_id == getattr(user, "pk", None) for r in revisions),
    )


def feedback_notes(feedback: Feedback) -> list[FeedbackNote]:
    return list(FeedbackNote.objects.filter(feedback=feedback).select_related("author"))


FEEDBACK_MOVE_LABELS: dict[str, Any] = {
    FeedbackState.IN_PROGRESS: _("Bắt đầu xử lý"),
    FeedbackState.RESOLVED: _("Đã giải quyết"),
    FeedbackState.CLOSED: _("Đóng"),
}


def feedback_moves(feedback: Feedback) -> list[tuple[str, str]]:
    """(target state, button label) of the moves from the feedback's state."""
    reopen = feedback.state in (FeedbackState.RESOLVED, FeedbackState.CLOSED)
    return [(to, str(_("Mở lại để xử lý tiếp") if reopen else FEEDBACK_MOVE_LABELS[to]))
            for to in FEEDBACK_MOVES.get(feedback.state, ())]

