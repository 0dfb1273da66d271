from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from educomms.notifications.selectors import inbox
from educomms.org import selectors as org_selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    unit = request.current_unit  # type: ignore[attr-defined]
    counts = org_selectors.subtree_counts(unit).get(unit.pk, {}) if unit else {}
    children = org_selectors.children(request.user, unit)[:12] if unit else []
    return render(request, "core/home.html", {
        "unit": unit,
        "counts": counts,
        "children": children,
        "notifications": inbox(request.user)[:5],
    })


def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
