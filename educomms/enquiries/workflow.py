"""A question's handling as data: which moves exist, who takes them, what they require."""

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import permissions
from .models import Question, QuestionState

Q = QuestionState


@dataclass(frozen=True)
class Rule:
    source: str
    target: str
    action: str  # the name the question page posts
    label: str | Promise
    who: str  # "handler" or "approver"
    comment_required: bool = False


TRANSITIONS: list[Rule] = [
    Rule(Q.DRAFTED, Q.IN_APPROVAL, "submit", _("Gửi duyệt"), "handler"),
    Rule(Q.IN_APPROVAL, Q.DRAFTED, "request_changes", _("Yêu cầu sửa"), "approver", comment_required=True),
    Rule(Q.IN_APPROVAL, Q.PUBLISHED, "approve", _("Duyệt và đăng"), "approver"),
    Rule(Q.PUBLISHED, Q.DRAFTED, "unpublish", _("Gỡ khỏi cổng để sửa"), "approver", comment_required=True),
    *[Rule(src, Q.CLOSED, "close", _("Đóng, không đăng"), "handler", comment_required=True)
      for src in (Q.RECEIVED, Q.ASSIGNED, Q.DRAFTED, Q.IN_APPROVAL)],
    *[Rule(src, Q.SPAM, "spam", _("Đánh dấu thư rác"), "handler") for src in (Q.RECEIVED, Q.ASSIGNED)],
    *[Rule(src, Q.RECEIVED, "reopen", _("Mở lại"), "handler") for src in (Q.CLOSED, Q.SPAM)],
]
ACTIONS = {rule.action for rule in TRANSITIONS}
# States in which the answer may be written or edited (saving moves received/assigned to drafted).
EDITABLE = (Q.RECEIVED, Q.ASSIGNED, Q.DRAFTED)
ASSIGNABLE = (Q.RECEIVED, Q.ASSIGNED, Q.DRAFTED, Q.IN_APPROVAL)


def rule_for(state: str, action: str) -> Rule | None:
    return next((r for r in TRANSITIONS if r.source == state and r.action == action), None)


def may_take(user: Any, question: Question, rule: Rule) -> bool:
    if rule.who == "approver":
        if rule.target == Q.PUBLISHED:
            return permissions.may_approve(user, question)
        return permissions.may_approve_at(user, question.unit_id)
    return permissions.may_handle(user, question.unit_id)


def moves(user: Any, question: Question) -> list[Rule]:
    """The moves `user` may take on `question` now (what its page offers)."""
    return [r for r in TRANSITIONS if r.source == question.state and may_take(user, question, r)]
