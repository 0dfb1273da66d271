from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from educomms.notifications.selectors import inbox
from educomms.org import access
from educomms.org import selectors as org_selectors
from educomms.org.roles import Capability, Role

HOME_SUB_UNITS = 12


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in start page: the unit the user works as, its sub-units, the latest notifications."""
    unit = request.current_unit  # type: ignore[attr-defined]
    counts = org_selectors.subtree_counts(unit).get(unit.pk, {}) if unit else {}
    children = list(org_selectors.children(request.user, unit)) if unit else []
    return render(request, "core/home.html", {
        "unit": unit,
        "counts": counts,
        "staff_count": counts.get(Role.STAFF, 0),
        "children": children[:HOME_SUB_UNITS],
        "children_count": len(children),
        "notifications": inbox(request.user)[:6],
        "can_view_audit": bool(unit) and access.has_capability(request.user, unit, Capability.VIEW_AUDIT),
        "can_manage_members": bool(unit) and access.has_capability(request.user, unit, Capability.MANAGE_MEMBERS),
    })


def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
