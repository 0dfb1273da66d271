"""The story workflow as data: which transitions exist, who may take each, and what each requires.

`transition_story` in services.py reads this table; the pages and the API read it to offer only the
moves a person may make (`allowed_moves`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from . import permissions
from .models import Story, StoryState

S = StoryState


@dataclass(frozen=True)
class Rule:
    source: str
    target: str
    label: Any  # lazy Vietnamese text: the button / the audit label
    who: str  # "author_or_reviewer", "reviewer", "approver", "archiver"
    comment_required: bool = False
    needs_schedule: bool = False
    runs_checks: bool = False


TRANSITIONS: tuple[Rule, ...] = (
    Rule(S.DRAFT, S.IN_REVIEW, _("Gửi duyệt"), "author_or_reviewer"),
    Rule(S.CHANGES_REQUESTED, S.IN_REVIEW, _("Gửi duyệt lại"), "author_or_reviewer"),
    Rule(S.IN_REVIEW, S.CHANGES_REQUESTED, _("Yêu cầu sửa"), "reviewer", comment_required=True),
    Rule(S.IN_REVIEW, S.APPROVED, _("Duyệt"), "approver", runs_checks=True),
    Rule(S.APPROVED, S.SCHEDULED, _("Hẹn giờ đăng"), "approver", needs_schedule=True, runs_checks=True),
    Rule(S.APPROVED, S.PUBLISHED, _("Đăng ngay"), "approver", runs_checks=True),
    Rule(S.SCHEDULED, S.PUBLISHED, _("Đăng ngay"), "approver", runs_checks=True),
    Rule(S.SCHEDULED, S.APPROVED, _("Hủy hẹn giờ"), "approver"),
    Rule(S.PUBLISHED, S.RETRACTED, _("Gỡ bài"), "approver", comment_required=True),
    # A retracted story goes back to draft to be corrected, then through review and approval again.
    Rule(S.RETRACTED, S.DRAFT, _("Đưa về bản nháp để sửa"), "author_or_reviewer"),
    *(Rule(src, S.ARCHIVED, _("Lưu trữ"), "archiver")
      for src in (S.DRAFT, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED, S.SCHEDULED, S.RETRACTED)),
)
_BY_PAIR = {(r.source, r.target): r for r in TRANSITIONS}


def rule_for(source: str, target: str) -> Rule | None:
    return _BY_PAIR.get((source, target))


def _author_or_reviewer(user: Any, story: Story) -> bool:
    return permissions.is_author(user, story) or permissions.is_editor(user, story)


def _archiver(user: Any, story: Story) -> bool:
    # The author may shelve their own draft; anything further along is the unit's editors' call.
    if story.state == S.DRAFT and permissions.is_author(user, story):
        return True
    return permissions.is_editor(user, story)


_WHO: dict[str, Callable[[Any, Story], bool]] = {
    "author_or_reviewer": _author_or_reviewer,
    "reviewer": permissions.is_editor,
    "approver": permissions.may_approve,
    "archiver": _archiver,
}


def may_take(user: Any, story: Story, rule: Rule) -> bool:
    return _WHO[rule.who](user, story)


def allowed_moves(user: Any, story: Story) -> list[Rule]:
    """The transitions `user` may take from the story's current state."""
    return [r for r in TRANSITIONS if r.source == story.state and may_take(user, story, r)]
