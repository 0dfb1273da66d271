"""Reads of the newsroom for pages, the API and the portal: scoped, with related rows preloaded."""

import difflib
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404

from educomms.core.text import fold, sentences
from educomms.org.models import Unit

from . import checks, html, permissions, workflow
from .models import (
    Proposal,
    Story,
    StoryAsset,
    StoryComment,
    StoryRevision,
    StoryState,
    StoryTransition,
    Theme,
)

access_story = permissions.access_story


def _with_related(stories: QuerySet[Story]) -> QuerySet[Story]:
    return stories.select_related("unit", "author", "cover", "attribution_unit").prefetch_related("themes")


def stories_for(user: Any, *, unit: Unit | None = None, state: str = "", theme: int | None = None,
                q: str = "") -> QuerySet[Story]:
    """The stories `user` may see, filtered; `unit` includes its subtree; `q` matches with or without
    diacritics."""
    stories = permissions.visible_stories(user)
    if unit is not None:
        stories = stories.filter(Q(unit__path__startswith=unit.path))
    if state:
        stories = stories.filter(state=state)
    if theme:
        stories = stories.filter(themes__id=theme)
    for word in fold(q).split():
        stories = stories.filter(search_text__contains=word)
    return _with_related(stories).order_by("-updated_at", "-id").distinct()


def waiting_for(user: Any) -> QuerySet[Story]:
    """"Waiting for me": stories in review at units where `user` reviews or approves (a role held at the
    unit itself, or a delegation), other than their own; the earliest review date first."""
    if not getattr(user, "is_authenticated", False):
        return Story.objects.none()
    candidates = {g.unit_id for g in permissions.access.grants(user)}
    candidates |= set(permissions.Delegation.objects.filter(delegate_id=user.pk, revoked_at__isnull=True)
                      .values_list("unit_id", flat=True))
    units = [u for u in candidates if permissions.may_review_at(user, u) or permissions.may_approve_at(user, u)]
    stories = Story.objects.filter(state=StoryState.IN_REVIEW, unit_id__in=units).exclude(author_id=user.pk)
    return _with_related(stories).order_by(F("review_due_on").asc(nulls_last=True), "updated_at", "id")


def published_for_portal(unit: Unit | None = None) -> QuerySet[Story]:
    """Published stories for the public portal (no access needed); `unit` includes its subtree."""
    stories = Story.objects.filter(state=StoryState.PUBLISHED)
    if unit is not None:
        stories = stories.filter(unit__path__startswith=unit.path)
    return (_with_related(stories)
            .prefetch_related(Prefetch("assets", queryset=StoryAsset.objects.filter(kind=StoryAsset.Kind.IMAGE)))
            .order_by("-published_at", "-id"))


def comments_for(user: Any, story: Story) -> QuerySet[StoryComment]:
    """The story's comments; private reviewer notes only for the unit's reviewers and approvers."""
    comments = story.comments.select_related("author")
    return comments if permissions.is_editor(user, story) else comments.filter(private=False)


def story_checks(story: Story) -> list[checks.Finding]:
    """The pre-publication findings, for the page shown before approval."""
    return checks.run_checks(story)


def moves_for(user: Any, story: Story) -> list[workflow.Rule]:
    return workflow.allowed_moves(user, story)


def proposals_received(user: Any) -> QuerySet[Proposal]:
    """Pending proposals to units where `user` reviews stories."""
    units = [g.unit_id for g in permissions.access.grants(user) if permissions.may_review_at(user, g.unit_id)]
    return (Proposal.objects.filter(to_unit_id__in=units, state=Proposal.State.PENDING)
            .select_related("story__unit", "story__author", "proposed_by", "to_unit").order_by("created_at"))


def proposals_sent(user: Any) -> QuerySet[Proposal]:
    """Proposals of stories `user` may see, with their decisions and reasons."""
    return (Proposal.objects.filter(story__in=permissions.visible_stories(user))
            .select_related("story__unit", "to_unit", "proposed_by", "decided_by").order_by("-created_at"))


def themes_for(unit: Unit) -> QuerySet[Theme]:
    """Active themes that apply at `unit`: its own and those of the units above it."""
    ids = [p for p in unit.path.strip("/").split("/") if p]
    paths = ["/" + "/".join(ids[: i + 1]) + "/" for i in range(len(ids))]
    return Theme.objects.filter(unit__path__in=paths, active=True).select_related("unit")


def transitions_for(story: Story) -> QuerySet[StoryTransition]:
    """The story's workflow history, oldest first (an empty actor is the scheduler)."""
    return story.transitions.select_related("actor")


def revisions_for(story: Story) -> QuerySet[StoryRevision]:
    return story.revisions.select_related("editor")


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed"
    text: str


def revision_diff(story: Story, old: int, new: int) -> list[DiffLine]:
    """What changed between two revisions of the story, sentence by sentence, on the readable text
    (title, summary, body)."""
    revisions = {r.number: r for r in story.revisions.filter(number__in=[old, new])}
    if old not in revisions or new not in revisions:
        raise Http404

    def lines(revision: StoryRevision) -> list[str]:
        return [revision.title, revision.summary, *sentences(html.text(revision.body))]

    out: list[DiffLine] = []
    for line in difflib.ndiff(lines(revisions[old]), lines(revisions[new])):
        code, text = line[:2], line[2:]
        if code == "? ":
            continue
        out.append(DiffLine({"  ": "same", "+ ": "added", "- ": "removed"}[code], text))
    return out


def ancestor_unit(unit: Unit, unit_id: Any) -> Unit:
    """A unit above `unit` named by id (where a story may be proposed); Http404 for anything else."""
    ids = [int(p) for p in unit.path.strip("/").split("/") if p][:-1]
    try:
        wanted = int(unit_id)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    found = Unit.objects.filter(pk=wanted, pk__in=ids).first()
    if found is None:
        raise Http404
    return found
