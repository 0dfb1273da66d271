from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from educomms.audit.services import current_ip
from educomms.core.http import client_ip
from educomms.org import access
from educomms.org.models import Unit

SESSION_KEY = "current_unit_id"


def my_units(user: Any) -> list[Unit]:
    """The units where the user holds a role (for the unit switcher), highest first."""
    ids = list(dict.fromkeys(g.unit_id for g in access.grants(user)))
    if not ids and getattr(user, "is_superuser", False):
        return list(Unit.objects.filter(parent__isnull=True))
    by_id = Unit.objects.in_bulk(ids)
    return sorted((by_id[i] for i in ids if i in by_id), key=lambda u: (u.depth, u.name_folded))


def current_unit(request: HttpRequest) -> Unit | None:
    """The unit the user is working as (chosen in the switcher); defaults to their highest unit."""
    if not request.user.is_authenticated:
        return None
    units = request.my_units  # type: ignore[attr-defined]  # set by CurrentUnitMiddleware, computed once
    wanted = request.session.get(SESSION_KEY)
    for unit in units:
        if unit.pk == wanted:
            return unit
    return units[0] if units else None


class CurrentUnitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.my_units = SimpleLazyObject(lambda: my_units(request.user))  # type: ignore[attr-defined]
        request.current_unit = SimpleLazyObject(lambda: current_unit(request))  # type: ignore[attr-defined]
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
