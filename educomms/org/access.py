"""The only way views and API endpoints reach domain objects: scoped by the user's roles.

A role held at a unit grants its capabilities on that unit and its whole subtree. Anything outside
the user's scope answers 404, exactly like something that does not exist.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

from educomms.org.models import Membership, Person, Unit
from educomms.org.roles import ROLE_CAPABILITIES, Capability

_CACHE_ATTR = "_educomms_grants"


@dataclass(frozen=True)
class Grant:
    unit_id: int
    path: str
    role: str


def grants(user: Any) -> list[Grant]:
    """The user's active roles (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        rows = (
            Membership.objects.active()
            .filter(person_id=user.pk, unit__active=True)
            .values_list("unit_id", "unit__path", "role")
            .order_by("unit__path")
        )
        cached = [Grant(unit_id, path, role) for unit_id, path, role in rows]
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user: Any) -> None:
    """Drop the cached grants (after the user's memberships change)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_superuser", False))


def scope_paths(user: Any, capability: str = Capability.VIEW_UNIT) -> list[str] | None:
    """The minimal set of subtree roots where `user` has `capability`; None means everywhere (admin)."""
    if _is_admin(user):
        return None
    paths = sorted({g.path for g in grants(user) if capability in ROLE_CAPABILITIES.get(g.role, ())})
    minimal: list[str] = []
    for path in paths:  # sorted, so an ancestor comes before its descendants
        if not minimal or not path.startswith(minimal[-1]):
            minimal.append(path)
    return minimal


def _q(paths: list[str], field: str) -> Q:
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__gte": p, f"{field}__lt": p[:-1] + "0"}) for p in paths))


def visible_units(user: Any, capability: str = Capability.VIEW_UNIT) -> QuerySet[Unit]:
    """Units where `user` has `capability` (by default: may see)."""
    paths = scope_paths(user, capability)
    units = Unit.objects.all()
    return units if paths is None else units.filter(_q(paths, "path"))


def scope[M: Model](queryset: QuerySet[M], user: Any, *, unit_field: str = "unit",
          capability: str = Capability.VIEW_UNIT) -> QuerySet[M]:
    """`queryset` narrowed to rows whose `unit_field` lies in the user's scope for `capability`."""
    paths = scope_paths(user, capability)
    if paths is None:
        return queryset
    path_field = "path" if unit_field in ("", "self") else f"{unit_field}__path"
    return queryset.filter(_q(paths, path_field))


def has_capability(user: Any, unit: Unit, capability: str) -> bool:
    if _is_admin(user):
        return True
    return any(
        unit.path.startswith(g.path) and capability in ROLE_CAPABILITIES.get(g.role, ())
        for g in grants(user)
    )


def capabilities_at(user: Any, path: str) -> frozenset[str] | None:
    """Every capability the user holds at the unit with materialized path `path` (None: all, an admin)."""
    if _is_admin(user):
        return None
    caps: set[str] = set()
    for g in grants(user):
        if path.startswith(g.path):
            caps |= ROLE_CAPABILITIES.get(g.role, frozenset())
    return frozenset(caps)


def may_grant_role(user: Any, unit: Unit | str, role: str) -> bool:
    """Nobody hands out more than they hold: giving (or ending) `role` at `unit` needs every capability
    the role carries, held there by the user (a deputy head cannot make anyone head, themselves included).
    `unit` may be given by its path. Which capability lets a user hand out roles at all (managing
    members, importing) is the caller's check."""
    held = capabilities_at(user, unit if isinstance(unit, str) else unit.path)
    return held is None or ROLE_CAPABILITIES.get(role, frozenset()) <= held


def require(user: Any, unit: Unit, capability: str) -> None:
    """Raise PermissionDenied (403) when the user sees `unit` but lacks `capability` there."""
    if not has_capability(user, unit, capability):
        raise PermissionDenied


def visible_people(user: Any, capability: str = Capability.VIEW_UNIT, *, former: bool = False) -> QuerySet[Person]:
    """People with an active role in a unit the user may see (and the user themselves); with `former`,
    also people whose roles there have ended (their history stays readable to that unit)."""
    if _is_admin(user):
        return Person.objects.all()
    roles = Membership.objects.all() if former else Membership.objects.active()
    members = scope(roles.filter(person_id=OuterRef("pk")), user, capability=capability)
    return Person.objects.filter(Q(Exists(members)) | Q(pk=getattr(user, "pk", None)))


def _get_or_404[M: Model](queryset: QuerySet[M], object_id: Any) -> M:
    try:
        return queryset.get(pk=int(object_id))
    except (TypeError, ValueError, ObjectDoesNotExist) as exc:
        raise Http404 from exc


def access_unit(user: Any, unit_id: Any, capability: str = Capability.VIEW_UNIT) -> Unit:
    """The unit if the user has `capability` on it; Http404 otherwise (missing or out of scope alike)."""
    return _get_or_404(visible_units(user, capability), unit_id)


def access_person(user: Any, person_id: Any, capability: str = Capability.VIEW_UNIT, *,
                  former: bool = False) -> Person:
    return _get_or_404(visible_people(user, capability, former=former), person_id)


def access_membership(user: Any, membership_id: Any, capability: str = Capability.VIEW_UNIT) -> Membership:
    return _get_or_404(scope(Membership.objects.select_related("person", "unit"), user, capability=capability),
                       membership_id)
