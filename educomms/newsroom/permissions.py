"""Who may do what with a story.

Decisions (see docs/newsroom.md):
- Seeing: published stories follow the ordinary unit scope (a role at a unit shows its subtree). Every
  other state is the working space of the owning unit: the author and the unit's own reviewers and
  approvers see it; nobody else (School B, and also the department — a school proposes upward instead).
- Reviewing and approving are held AT the owning unit, never inherited from an ancestor: the
  department's director does not approve a school's story, and the department's officer does not
  review it (the school's principal and officer do). The system administrator sees everything but
  approves nothing (approval is the spokesperson rule, not an administration task).
- A deputy approves only through an active Delegation from the head of the same unit.
- The author never approves their own story.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from educomms.org import access
from educomms.org.models import Membership, Person, Unit
from educomms.org.roles import ROLE_CAPABILITIES, Capability, Role, roles_with

from .models import Delegation, Proposal, Story, StoryState

PUBLIC_STATES = (StoryState.PUBLISHED,)


def _holds_at(user: Any, unit_id: int, capability: str) -> bool:
    """A role held at exactly this unit (not inherited from an ancestor) carries `capability`."""
    return any(g.unit_id == unit_id and capability in ROLE_CAPABILITIES.get(g.role, ())
               for g in access.grants(user))


def active_delegation(user: Any, unit_id: int) -> Delegation | None:
    if not getattr(user, "is_authenticated", False):
        return None
    today = timezone.localdate()
    if not any(g.unit_id == unit_id and g.role == Role.DEPUTY_HEAD for g in access.grants(user)):
        return None
    return (Delegation.objects.filter(unit_id=unit_id, delegate_id=user.pk, revoked_at__isnull=True,
                                      starts_on__lte=today, ends_on__gte=today).order_by("-starts_on").first())


def may_review_at(user: Any, unit: Unit | int) -> bool:
    return _holds_at(user, unit if isinstance(unit, int) else unit.pk, Capability.REVIEW_STORY)


def may_approve_at(user: Any, unit: Unit | int) -> bool:
    unit_id = unit if isinstance(unit, int) else unit.pk
    return _holds_at(user, unit_id, Capability.APPROVE_STORY) or active_delegation(user, unit_id) is not None


def may_draft_at(user: Any, unit: Unit) -> bool:
    return access.has_capability(user, unit, Capability.DRAFT_STORY)


def is_author(user: Any, story: Story) -> bool:
    return getattr(user, "pk", None) is not None and story.author_id == user.pk


def may_review(user: Any, story: Story) -> bool:
    return may_review_at(user, story.unit_id)


def may_approve(user: Any, story: Story) -> bool:
    """Approver of the owning unit, and not the author (four eyes)."""
    return not is_author(user, story) and may_approve_at(user, story.unit_id)


def is_editor(user: Any, story: Story) -> bool:
    """A reviewer or an approver of the owning unit (sees private notes, the working states)."""
    return may_review(user, story) or may_approve_at(user, story.unit_id)


def may_edit(user: Any, story: Story) -> bool:
    if story.state in (StoryState.DRAFT, StoryState.CHANGES_REQUESTED):
        return is_author(user, story) or is_editor(user, story)
    if story.state == StoryState.IN_REVIEW:
        return is_editor(user, story)
    return False


def visible_stories(user: Any) -> QuerySet[Story]:
    """Stories `user` may see: published ones in their unit scope; the others only for their author and
    the owning unit's reviewers and approvers."""
    if not getattr(user, "is_authenticated", False):
        return Story.objects.none()
    published = access.scope(Story.objects.filter(state__in=PUBLIC_STATES), user)
    if access.scope_paths(user) is None:  # the administrator
        return Story.objects.all()
    editor_units = {g.unit_id for g in access.grants(user)
                    if {Capability.REVIEW_STORY, Capability.APPROVE_STORY} & ROLE_CAPABILITIES.get(g.role, frozenset())}
    today = timezone.localdate()
    editor_units |= set(Delegation.objects.filter(delegate_id=user.pk, revoked_at__isnull=True, starts_on__lte=today,
                                                  ends_on__gte=today).values_list("unit_id", flat=True))
    return Story.objects.filter(Q(pk__in=published.values("pk")) | Q(author_id=user.pk) | Q(unit_id__in=editor_units))


def access_story(user: Any, story_id: Any) -> Story:
    """The story if `user` may see it; Http404 otherwise (missing and out of scope alike)."""
    try:
        return visible_stories(user).select_related("unit", "author").get(pk=int(story_id))
    except (TypeError, ValueError, Story.DoesNotExist) as exc:
        raise Http404 from exc


def unit_editors(unit: Unit | int) -> QuerySet[Person]:
    """The people who act on a unit's stories in review: its reviewers and approvers (active roles at the
    unit itself) and deputies holding an active delegation."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    roles = set(roles_with(Capability.REVIEW_STORY)) | set(roles_with(Capability.APPROVE_STORY))
    members = Membership.objects.active().filter(unit_id=unit_id, role__in=roles, person_id=OuterRef("pk"))
    return Person.objects.filter(Exists(members), is_active=True)


def unit_reviewers(unit: Unit | int) -> QuerySet[Person]:
    unit_id = unit if isinstance(unit, int) else unit.pk
    members = Membership.objects.active().filter(unit_id=unit_id, role__in=roles_with(Capability.REVIEW_STORY),
                                                 person_id=OuterRef("pk"))
    return Person.objects.filter(Exists(members), is_active=True)


def visible_proposals(user: Any) -> QuerySet[Proposal]:
    """Proposals of stories `user` sees, and proposals received by units where `user` reviews."""
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    if access.scope_paths(user) is None:
        return Proposal.objects.all()
    review_units = [g.unit_id for g in access.grants(user) if may_review_at(user, g.unit_id)]
    return Proposal.objects.filter(Q(to_unit_id__in=review_units) | Q(story__in=visible_stories(user)))


def access_proposal(user: Any, proposal_id: Any) -> Proposal:
    try:
        return (visible_proposals(user).select_related("story__unit", "story__author", "to_unit", "proposed_by")
                .get(pk=int(proposal_id)))
    except (TypeError, ValueError, Proposal.DoesNotExist) as exc:
        raise Http404 from exc
