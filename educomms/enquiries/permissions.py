"""Who may see and handle questions and feedback.

Decisions (see docs/enquiries.md):
- Questions and feedback are handled AT the unit they are addressed to, never from an ancestor: the
  department's officer does not see a school's questions (the school's officer and principal do); a
  citizen who wants the department chooses the department on the form. Like newsroom reviewing.
- HANDLE_ENQUIRY (head, deputy, spokesperson, comms officer) held at the unit: see, assign, draft,
  submit, close, mark spam, work on feedback. APPROVE_ANSWER (head, spokesperson) at the unit: approve
  and publish, request changes, take a published answer down.
- Nobody who wrote or edited the answer approves it (four eyes).
- The system administrator sees everything and handles nothing (like the newsroom).
"""

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from educomms.org import access
from educomms.org.models import Membership, Person, Unit
from educomms.org.roles import ROLE_CAPABILITIES, Capability, Role

from .models import AnswerRevision, Feedback, Question

_SEE = {Capability.HANDLE_ENQUIRY, Capability.APPROVE_ANSWER}


def _holds_at(user: Any, unit_id: int, capability: str) -> bool:
    """A role held at exactly this unit (not inherited from an ancestor) carries `capability`."""
    return any(g.unit_id == unit_id and capability in ROLE_CAPABILITIES.get(g.role, ())
               for g in access.grants(user))


def handling_unit_ids(user: Any) -> set[int] | None:
    """Units whose questions and feedback `user` handles (None: every unit, the administrator)."""
    if access.scope_paths(user) is None:
        return None
    return {g.unit_id for g in access.grants(user) if _SEE & ROLE_CAPABILITIES.get(g.role, frozenset())}


def handles_anywhere(user: Any) -> bool:
    ids = handling_unit_ids(user)
    return ids is None or bool(ids)


def may_handle(user: Any, unit_id: int) -> bool:
    return _holds_at(user, unit_id, Capability.HANDLE_ENQUIRY)


def may_approve_at(user: Any, unit_id: int) -> bool:
    return _holds_at(user, unit_id, Capability.APPROVE_ANSWER)


def wrote_answer(user: Any, question: Question) -> bool:
    """Whether `user` wrote or edited any version of the question's answer."""
    pk = getattr(user, "pk", None)
    return pk is not None and AnswerRevision.objects.filter(answer__question=question, editor_id=pk).exists()


def may_approve(user: Any, question: Question) -> bool:
    return may_approve_at(user, question.unit_id) and not wrote_answer(user, question)


def visible_questions(user: Any) -> QuerySet[Question]:
    if not getattr(user, "is_authenticated", False):
        return Question.objects.none()
    ids = handling_unit_ids(user)
    return Question.objects.all() if ids is None else Question.objects.filter(unit_id__in=ids)


def visible_feedback(user: Any) -> QuerySet[Feedback]:
    if not getattr(user, "is_authenticated", False):
        return Feedback.objects.none()
    ids = handling_unit_ids(user)
    return Feedback.objects.all() if ids is None else Feedback.objects.filter(unit_id__in=ids)


def access_question(user: Any, question_id: Any) -> Question:
    """The question if `user` handles its unit; Http404 otherwise (missing and out of scope alike)."""
    try:
        return visible_questions(user).select_related("unit", "assignee").get(pk=int(question_id))
    except (TypeError, ValueError, Question.DoesNotExist) as exc:
        raise Http404 from exc


def access_feedback(user: Any, feedback_id: Any) -> Feedback:
    try:
        return visible_feedback(user).select_related("unit").get(pk=int(feedback_id))
    except (TypeError, ValueError, Feedback.DoesNotExist) as exc:
        raise Http404 from exc


def _holders(unit_id: int, roles: list[str] | set[str]) -> QuerySet[Person]:
    members = Membership.objects.active().filter(unit_id=unit_id, role__in=roles, person_id=OuterRef("pk"))
    return Person.objects.filter(Exists(members), is_active=True)


def handlers(unit: Unit | int) -> QuerySet[Person]:
    """People holding HANDLE_ENQUIRY at the unit itself (the colleagues a question may be assigned to)."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    roles = {r for r, caps in ROLE_CAPABILITIES.items() if Capability.HANDLE_ENQUIRY in caps}
    return _holders(unit_id, roles)


def approvers(unit: Unit | int) -> QuerySet[Person]:
    unit_id = unit if isinstance(unit, int) else unit.pk
    roles = {r for r, caps in ROLE_CAPABILITIES.items() if Capability.APPROVE_ANSWER in caps}
    return _holders(unit_id, roles)


def first_receivers(unit: Unit | int) -> list[Person]:
    """Who is told of a new question or feedback: the unit's communications officers, else its head."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    officers = list(_holders(unit_id, [Role.COMMS_OFFICER]))
    return officers or list(_holders(unit_id, [Role.HEAD]))
