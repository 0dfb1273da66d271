"""Reads for the Excel pages and exports: scoped by org.access to where the user may import/export."""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from educomms.org import access
from educomms.org.models import ImportJob, Membership, Unit, subtree_q
from educomms.org.roles import ROLE_CAPABILITIES, Capability

EXPORT_CHUNK = 2000


def importable_units(user: Any) -> list[Unit]:
    """The units where the user holds a role granting import/export (the roots of what they may import
    into), highest first; for a system administrator, the roots of the tree."""
    paths = access.scope_paths(user, Capability.IMPORT_EXPORT)
    if paths is None:
        return list(Unit.objects.filter(parent__isnull=True, active=True))
    ids = [g.unit_id for g in access.grants(user) if Capability.IMPORT_EXPORT in ROLE_CAPABILITIES.get(g.role, ())]
    return sorted(Unit.objects.filter(pk__in=ids), key=lambda u: (u.depth, u.name_folded))


def export_units(user: Any, unit: Unit) -> Iterator[tuple]:
    """The active units below `unit` (its whole subtree, without itself), parents before children, as
    rows in the template's column order."""
    units = access.scope(Unit.objects.filter(subtree_q(unit.path), active=True).exclude(pk=unit.pk), user,
                         unit_field="self", capability=Capability.IMPORT_EXPORT)
    return units.order_by("path").values_list(
        "code", "name", "short_name", "kind", "school_level", "parent__code", "address", "phone", "email",
        "website").iterator(chunk_size=EXPORT_CHUNK)


def export_people(user: Any, unit: Unit) -> Iterator[tuple]:
    """Current memberships of active people in `unit` and below, one row per membership, in the template's
    column order."""
    members = access.scope(
        Membership.objects.active().filter(subtree_q(unit.path, "unit__path"), unit__active=True,
                                           person__is_active=True),
        user, capability=Capability.IMPORT_EXPORT)
    return members.order_by("unit__path", "person__full_name_folded", "person_id", "role").values_list(
        "person__full_name", "person__email", "person__phone", "person__zalo_phone", "person__title",
        "unit__code", "role", "since").iterator(chunk_size=EXPORT_CHUNK)


def recent_jobs(user: Any, unit: Unit, limit: int = 10) -> QuerySet[ImportJob]:
    jobs = access.scope(ImportJob.objects.filter(unit=unit), user, capability=Capability.IMPORT_EXPORT)
    return jobs.select_related("created_by").order_by("-created_at", "-id")[:limit]


def access_job(user: Any, job_id: Any) -> ImportJob:
    """The import job if the user may import/export at its unit; Http404 otherwise (missing alike)."""
    jobs = access.scope(ImportJob.objects.select_related("unit", "created_by"), user,
                        capability=Capability.IMPORT_EXPORT)
    try:
        return jobs.get(pk=int(job_id))
    except (TypeError, ValueError, ImportJob.DoesNotExist) as exc:
        raise Http404 from exc
