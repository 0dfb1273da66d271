from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from educomms.org import access, selectors
from educomms.org.middleware import SESSION_KEY, my_units


@login_required
@require_POST
def switch_unit(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("unit", "")
    if wanted.isdigit() and any(u.pk == int(wanted) for u in my_units(request.user)):
        request.session[SESSION_KEY] = int(wanted)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


@login_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.access_unit(request.user, unit_id)
    return render(request, "org/unit_detail.html", {
        "unit": unit,
        "ancestors": selectors.ancestors(unit),
        "children": selectors.children(request.user, unit),
        "people_by_role": selectors.unit_people_by_role(unit),
    })
