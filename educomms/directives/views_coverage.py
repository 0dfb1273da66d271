"""Coverage (tình hình tiếp nhận) of a directive under a unit: a tree table that opens level by level (HTMX
rows), where the cascade stopped, laggard units, a chart over time, and two Excel exports. The unit is
always reached through access_unit(user, id, VIEW_COVERAGE): School B's head asking for School A gets 404."""

import tempfile
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from educomms.org import access
from educomms.org.models import Unit
from educomms.org.roles import ROLE_CAPABILITIES, Capability, Role

from . import charts, coverage, exports, selectors
from .models import Directive

LAGGARDS_SHOWN = 10
CASCADE_STOPS_SHOWN = 50


def _unit(request: HttpRequest, directive: Directive) -> Unit:
    """?unit= within the user's coverage scope (else 404); by default the issuing unit, or the highest unit
    where the user may see coverage and that received the directive."""
    wanted = request.GET.get("unit")
    if wanted:
        return access.access_unit(request.user, wanted, Capability.VIEW_COVERAGE)
    if access.has_capability(request.user, directive.unit, Capability.VIEW_COVERAGE):
        return directive.unit
    for grant in access.grants(request.user):  # ordered by path: the highest first
        if Capability.VIEW_COVERAGE in ROLE_CAPABILITIES.get(grant.role, ()):
            unit = access.access_unit(request.user, grant.unit_id, Capability.VIEW_COVERAGE)
            if selectors.received_by_unit(directive, unit):
                return unit
    raise PermissionDenied


def heads_over(user: Any, unit: Unit) -> bool:
    """The user is the head of `unit` or of a unit above it (the people list is for heads only)."""
    if getattr(user, "is_superuser", False):
        return True
    return any(g.role == Role.HEAD and unit.path.startswith(g.path) for g in access.grants(user))


def _rows(directive: Directive, unit: Unit, root_depth: int) -> list[dict[str, Any]]:
    return [{"row": row, "level": (row.unit.depth - root_depth) if row.unit else 1,
             "own": row.unit_id == unit.pk} for row in coverage.children(directive, unit)]


@login_required
@require_GET
def coverage_page(request: HttpRequest, directive_id: int) -> HttpResponse:
    directive = selectors.access_directive(request.user, directive_id)
    unit = _unit(request, directive)
    total = coverage.totals(directive, unit)
    above = [int(p) for p in unit.path.strip("/").split("/")[:-1]]
    ancestors = list(access.visible_units(request.user, Capability.VIEW_COVERAGE).filter(pk__in=above).order_by("path"))
    return render(request, "directives/coverage.html", {
        "directive": directive, "unit": unit, "total": total, "ancestors": ancestors,
        "rows": _rows(directive, unit, unit.depth),
        # Laggards rank by the acknowledged share: nothing to rank when no acknowledgment is asked for.
        "laggards": coverage.laggards(directive, unit, limit=LAGGARDS_SHOWN) if directive.ack_required else [],
        "stops": list(coverage.cascade_stops(directive, unit)[:CASCADE_STOPS_SHOWN + 1]),
        "stops_shown": CASCADE_STOPS_SHOWN,
        "chart": charts.build(coverage.daily(directive, unit)),
        "may_export_people": heads_over(request.user, unit),
        "nav_active": "directives_manage",
    })


@login_required
@require_GET
def coverage_rows(request: HttpRequest, directive_id: int) -> HttpResponse:
    """The child rows of one unit in the tree table (HTMX), indented below the page's root unit."""
    directive = selectors.access_directive(request.user, directive_id)
    unit = access.access_unit(request.user, request.GET.get("unit"), Capability.VIEW_COVERAGE)
    try:
        root_depth = int(request.GET.get("root_depth", unit.depth))
    except ValueError:
        root_depth = unit.depth
    return render(request, "directives/coverage.html#rows", {
        "directive": directive, "unit": unit, "rows": _rows(directive, unit, min(root_depth, unit.depth)),
        "root_depth": min(root_depth, unit.depth),
    })


def _xlsx(out: Any, name: str) -> FileResponse:
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=name, content_type=exports.XLSX_MIME)


@login_required
@require_GET
def export_coverage(request: HttpRequest, directive_id: int) -> FileResponse:
    directive = selectors.access_directive(request.user, directive_id)
    unit = _unit(request, directive)
    out = tempfile.TemporaryFile()  # noqa: SIM115 (closed by FileResponse)
    exports.write_coverage(directive, coverage.totals(directive, unit), coverage.children(directive, unit), out)
    return _xlsx(out, exports.filename("tiep-nhan", directive, unit.short_name or unit.name))


@login_required
@require_GET
def export_not_acknowledged(request: HttpRequest, directive_id: int) -> FileResponse:
    """People in the unit's subtree who have not acknowledged: for the unit's own head (or a head above)."""
    directive = selectors.access_directive(request.user, directive_id)
    unit = _unit(request, directive)
    if not heads_over(request.user, unit):
        raise PermissionDenied
    out = tempfile.TemporaryFile()  # noqa: SIM115 (closed by FileResponse)
    exports.write_not_acknowledged(directive, unit.name,
                                   selectors.receipts_in(request.user, directive, unit, acknowledged=False), out)
    return _xlsx(out, exports.filename("chua-xac-nhan", directive, unit.short_name or unit.name))
