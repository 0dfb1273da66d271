"""Who receives a directive: target rows turned into one SQL predicate on current memberships.

A target is a unit (with or without its subtree) narrowed by unit kinds, school levels and roles; the
recipients are the people with a current role in an active unit matching any target. Everything here is
a queryset or a count: nothing loops over people in Python (1.7 million at national scale).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from educomms.org.models import Membership, Unit, subtree_q
from educomms.org.roles import Role

from .models import DirectiveTarget


@dataclass(frozen=True)
class TargetSpec:
    unit: Unit
    include_subtree: bool = True
    unit_kinds: Sequence[str] = field(default_factory=tuple)
    school_levels: Sequence[str] = field(default_factory=tuple)
    roles: Sequence[str] = field(default_factory=tuple)

    @classmethod
    def of(cls, target: DirectiveTarget) -> "TargetSpec":
        return cls(unit=target.unit, include_subtree=target.include_subtree, unit_kinds=tuple(target.unit_kinds),
                   school_levels=tuple(target.school_levels), roles=tuple(target.roles))


@dataclass(frozen=True)
class Preview:
    units: int
    people: int


def clean_targets(targets: Iterable[TargetSpec], *, issuing_unit: Unit) -> list[TargetSpec]:
    """Checked and de-duplicated targets; ValidationError (Vietnamese) when one is wrong. Every target
    lies inside the issuing unit's subtree."""
    out: list[TargetSpec] = []
    for t in targets:
        if not t.unit.path.startswith(issuing_unit.path):
            raise ValidationError({"targets": _("Đơn vị “%(unit)s” không thuộc phạm vi của đơn vị ban hành.")
                                   % {"unit": t.unit.name}})
        for values, allowed, label in ((t.unit_kinds, Unit.Kind.values, _("Loại đơn vị")),
                                       (t.school_levels, Unit.SchoolLevel.values, _("Cấp học")),
                                       (t.roles, Role.values, _("Vai trò"))):
            bad = [v for v in values if v not in allowed]
            if bad:
                raise ValidationError({"targets": _("%(what)s không hợp lệ: %(v)s.") % {"what": label,
                                                                                     "v": ", ".join(bad)}})
        spec = TargetSpec(unit=t.unit, include_subtree=t.include_subtree,
                          unit_kinds=tuple(sorted(set(t.unit_kinds))),
                          school_levels=tuple(sorted(set(t.school_levels))), roles=tuple(sorted(set(t.roles))))
        if spec not in out:
            out.append(spec)
    if not out:
        raise ValidationError({"targets": _("Hãy chọn ít nhất một đơn vị nhận văn bản.")})
    return out


def _unit_q(t: TargetSpec, prefix: str) -> Q:
    """The unit part of a target, on the unit reached through `prefix` ("" for Unit itself)."""
    q = subtree_q(t.unit.path, f"{prefix}path") if t.include_subtree else Q(**{f"{prefix}pk": t.unit.pk})
    if t.unit_kinds:
        q &= Q(**{f"{prefix}kind__in": list(t.unit_kinds)})
    if t.school_levels:
        q &= Q(**{f"{prefix}school_level__in": list(t.school_levels)})
    return q


def membership_q(targets: Iterable[TargetSpec]) -> Q:
    parts = []
    for t in targets:
        q = _unit_q(t, "unit__")
        if t.roles:
            q &= Q(role__in=list(t.roles))
        parts.append(q)
    return reduce(or_, parts) if parts else Q(pk__in=[])


def unit_q(targets: Iterable[TargetSpec]) -> Q:
    """Units that may hold recipients (the unit part of every target)."""
    parts = [_unit_q(t, "") for t in targets]
    return reduce(or_, parts) if parts else Q(pk__in=[])


def recipient_memberships(targets: Iterable[TargetSpec]) -> QuerySet[Membership]:
    """Current memberships of active people in active units matching any target (a person may appear
    more than once: count distinct person ids)."""
    return (Membership.objects.active().filter(unit__active=True, person__is_active=True)
            .filter(membership_q(list(targets))).order_by())


def target_units(targets: Iterable[TargetSpec]) -> QuerySet[Unit]:
    return Unit.objects.filter(active=True).filter(unit_q(list(targets))).order_by("path")


def preview(targets: Iterable[TargetSpec]) -> Preview:
    """How many units and distinct people would receive a directive with these targets: one grouped SQL
    count over the memberships."""
    specs = list(targets)
    if not specs:
        return Preview(units=0, people=0)
    counts = recipient_memberships(specs).aggregate(units=Count("unit_id", distinct=True),
                                                    people=Count("person_id", distinct=True))
    return Preview(units=counts["units"] or 0, people=counts["people"] or 0)


def specs_of(directive_id: int) -> list[TargetSpec]:
    return [TargetSpec.of(t) for t in DirectiveTarget.objects.filter(directive_id=directive_id).select_related("unit")]
