"""A person's notifications: the list, opening one, marking all read, the bell count, preferences."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from educomms.notifications import registry, selectors, services

PER_PAGE = 25
ALL_KINDS = "*"


def _login_required_quiet_for_htmx(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like login_required, but a background HTMX poll from a signed-out page gets 204 (nothing to
    swap) instead of the login page pasted into the navigation bar."""
    protected = login_required(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated and getattr(request, "htmx", False):
            return HttpResponse(status=204)
        return protected(request, *args, **kwargs)

    return wrapper


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_first = request.GET.get("chua-doc-truoc") == "1"
    items = selectors.inbox(request.user, unread_first=unread_first)
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page, "unread_first": unread_first,
                                                       "nav_active": "notifications"})


@login_required
@require_GET
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = selectors.inbox(request.user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    services.mark_read(person=request.user, notification_ids=[notification.pk])
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect("notifications:list")
    return redirect(target)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_read(person=request.user)
    if count:
        messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": count})
    return redirect("notifications:list")


@_login_required_quiet_for_htmx
@require_GET
def badge(request: HttpRequest) -> HttpResponse:
    """The bell with its unread count, polled by base.html every 60 seconds."""
    return render(request, "base.html#bell")


def _preference_rows(person: Any) -> list[dict[str, Any]]:
    """One row per kind ("*" first), one cell per channel: whether it is on, and whether that is the
    person's own choice for this kind or follows the row above it."""
    stored = selectors.preferences(person)
    kinds = list(dict.fromkeys([*registry.KINDS, *sorted(selectors.received_kinds(person)),
                                *sorted(k for k, _c in stored if k != ALL_KINDS)]))
    rows = []
    for kind in [ALL_KINDS, *kinds]:
        cells = []
        for name, channel in registry.CHANNELS.items():
            general = stored.get((ALL_KINDS, name), channel.default_on)
            own = stored.get((kind, name))
            cells.append({"channel": name, "label": channel.label, "field": f"{kind}|{name}", "on": general if own is None else own,
                          "inherited": kind != ALL_KINDS and own is None})
        label = _("Tất cả các loại thông báo") if kind == ALL_KINDS else str(registry.KINDS.get(kind, kind))
        rows.append({"kind": kind, "label": label, "cells": cells})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    rows = _preference_rows(request.user)
    if request.method == "POST":
        # Only what the person changed is stored, so that kinds left alone keep following "*".
        for row in rows:
            for cell in row["cells"]:
                wanted = cell["field"] in request.POST
                if wanted != cell["on"]:
                    services.set_preference(person=request.user, channel=cell["channel"], kind=row["kind"],
                                            enabled=wanted)
        messages.success(request, _("Đã lưu cài đặt thông báo."))
        return redirect("notifications:preferences")
    channels = [(name, channel.label) for name, channel in registry.CHANNELS.items()]
    return render(request, "notifications/preferences.html", {"rows": rows, "channels": channels,
                                                              "nav_active": "notifications"})
