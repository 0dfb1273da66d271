"""Reads for the pages of views_proposals.py: upward proposals (received and sent), approval delegations
and the terms that need a second look. Scoped, with related rows preloaded; `access_*` answer 404 for
missing and out of scope alike."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from educomms.org import access
from educomms.org.models import Membership, Person, Unit
from educomms.org.roles import Capability, Role

from . import permissions
from .models import Delegation, Proposal, ReviewTerm, Story


def _review_units(user: Any) -> list[int]:
    """Units where `user` reviews stories (a role held at the unit itself)."""
    return list(dict.fromkeys(g.unit_id for g in access.grants(user) if permissions.may_review_at(user, g.unit_id)))


# --- Proposals --------------------------------------------------------------------------------------

def proposals_decided(user: Any) -> QuerySet[Proposal]:
    """Proposals already decided by units where `user` reviews, the latest decision first (the pending
    ones are selectors.proposals_received)."""
    return (Proposal.objects.filter(to_unit_id__in=_review_units(user))
            .exclude(state=Proposal.State.PENDING)
            .select_related("story__unit", "to_unit", "proposed_by", "decided_by")
            .order_by("-decided_at", "-id"))


def proposals_sent(user: Any) -> QuerySet[Proposal]:
    """Proposals sent from the units where `user` reviews, or of stories they wrote or proposed (not
    those a department merely sees in its subtree: those are received, not sent), newest first."""
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    mine = Q(story__unit_id__in=_review_units(user)) | Q(proposed_by_id=user.pk) | Q(story__author_id=user.pk)
    return (Proposal.objects.filter(mine)
            .select_related("story__unit", "to_unit", "proposed_by", "decided_by")
            .order_by("-created_at", "-id"))


def proposals_of(story: Story) -> QuerySet[Proposal]:
    """Every proposal of `story` (for its propose page), newest first."""
    return story.proposals.select_related("to_unit", "proposed_by", "decided_by").order_by("-created_at", "-id")


def proposal_targets(story: Story) -> QuerySet[Unit]:
    """The units above the story's unit, where it may be proposed; the nearest first."""
    return Unit.objects.filter(pk__in=story.unit.ancestor_ids[:-1], active=True).order_by("-depth")


# --- Delegations ------------------------------------------------------------------------------------

def headed_units(user: Any) -> list[int]:
    """Units where `user` is the head (who may delegate approval), from the cached grants."""
    return list(dict.fromkeys(g.unit_id for g in access.grants(user) if g.role == Role.HEAD))


def access_headed_unit(user: Any, unit_id: Any) -> Unit:
    """A unit `user` heads, named by id; Http404 for anything else."""
    try:
        wanted = int(unit_id)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    if wanted not in headed_units(user):
        raise Http404
    unit = Unit.objects.filter(pk=wanted).first()
    if unit is None:
        raise Http404
    return unit


def delegations_of(unit: Unit) -> QuerySet[Delegation]:
    """The unit's delegations, the latest start first."""
    return (Delegation.objects.filter(unit=unit).select_related("delegate", "delegator")
            .order_by("-starts_on", "-id"))


def deputies_of(unit: Unit) -> QuerySet[Person]:
    """People holding an active deputy head role at the unit itself (who may be delegated to)."""
    ids = Membership.objects.active().filter(unit=unit, role=Role.DEPUTY_HEAD).values("person_id")
    return Person.objects.filter(pk__in=ids, is_active=True).order_by("full_name")


def access_delegation(user: Any, delegation_id: Any) -> Delegation:
    """A delegation of a unit `user` heads; Http404 otherwise."""
    try:
        return (Delegation.objects.filter(unit_id__in=headed_units(user)).select_related("unit", "delegate")
                .get(pk=int(delegation_id)))
    except (TypeError, ValueError, Delegation.DoesNotExist) as exc:
        raise Http404 from exc


# --- Terms that need a second look ------------------------------------------------------------------

def review_terms_of(unit: Unit) -> QuerySet[ReviewTerm]:
    """The unit's own terms (it may change them)."""
    return ReviewTerm.objects.filter(unit=unit).order_by("term_folded", "id")


def inherited_review_terms(unit: Unit) -> QuerySet[ReviewTerm]:
    """Terms of the units above `unit`, which apply to it too (read-only here)."""
    return ReviewTerm.objects.filter(unit_id__in=unit.ancestor_ids[:-1]).select_related("unit").order_by("unit__depth", "term_folded")


def access_review_term(user: Any, term_id: Any) -> ReviewTerm:
    """A term of a unit where `user` manages the newsroom; Http404 otherwise."""
    try:
        return (access.scope(ReviewTerm.objects.select_related("unit"), user, capability=Capability.MANAGE_NEWSROOM)
                .get(pk=int(term_id)))
    except (TypeError, ValueError, ReviewTerm.DoesNotExist) as exc:
        raise Http404 from exc
