"""Pages of the communication calendar: the month grid, the plan list, key dates, plan items, themes and
the iCalendar export. Each view: input → access → one service or selector → render."""

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from educomms.core import periods
from educomms.core.http import posted_data
from educomms.core.text import fold
from educomms.newsroom import calendar_selectors as selectors
from educomms.newsroom import calendar_services as services
from educomms.newsroom import ical
from educomms.newsroom.forms_calendar import (
    CalendarFilterForm,
    KeyDateForm,
    PlanItemForm,
    ThemeForm,
    parse_day,
)
from educomms.newsroom.models import KeyDate, PlannedStory, Theme
from educomms.org import access
from educomms.org.forms import add_service_errors
from educomms.org.models import Unit
from educomms.org.roles import Capability


def _unit(request: HttpRequest, capability: str = Capability.VIEW_UNIT) -> Unit:
    """The unit asked for (?unit= or a posted unit, within scope: else 404), or the current unit."""
    unit_id = request.POST.get("unit") or request.GET.get("unit")
    if unit_id:
        return access.access_unit(request.user, unit_id, capability)
    current = getattr(request, "current_unit", None)
    if not current:
        raise Http404
    return current


def _theme(unit: Unit, theme_id: Any) -> Theme | None:
    if not theme_id:
        return None
    theme = selectors.themes_for(unit).filter(pk=theme_id).first()
    if theme is None:
        raise Http404
    return theme


def _calendar_url(unit: Unit, day: dt.date | None = None) -> str:
    query = {"unit": unit.pk}
    if day:
        query["month"] = f"{day:%Y-%m}"  # type: ignore[assignment]  # a str beside the int id
    return f"{reverse('newsroom:calendar')}?{urlencode(query)}"


def _editable(user: Any, key_dates: list[Any], items: list[PlannedStory]) -> dict[str, set[int]]:
    """Which of the shown key dates and plan items the user may edit (only those get a link)."""
    return {
        "editable_key_dates": {k.pk for k in key_dates if selectors.may_edit_key_date(user, k)},
        "editable_items": {i.pk for i in items if access.has_capability(user, i.unit, Capability.MANAGE_NEWSROOM)},
    }


@login_required
@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = CalendarFilterForm(request.GET)
    start = filters.month_start(today)
    unit = _unit(request)
    theme = _theme(unit, filters.cleaned_data.get("theme") if filters.is_valid() else None)
    month = selectors.month_view(unit, start.year, start.month, today=today, theme=theme, user=request.user)
    shown = [d for week in month.weeks for d in week]
    return render(request, "newsroom/calendar.html", {
        "unit": unit, "month": month, "theme": theme, "themes": selectors.themes_for(unit), "today": today,
        **_editable(request.user, [o.key_date for d in shown for o in d.key_dates],
                    [i for d in shown for i in d.plan_items]),
        "may_manage_themes": access.has_capability(request.user, selectors.theme_owner(unit),
                                                   Capability.MANAGE_NEWSROOM),
        "units": access.visible_units(request.user).filter(active=True).order_by("path")[:500],
        "may_manage": access.has_capability(request.user, unit, Capability.MANAGE_NEWSROOM),
        "weekdays": [_("Thứ Hai"), _("Thứ Ba"), _("Thứ Tư"), _("Thứ Năm"), _("Thứ Sáu"), _("Thứ Bảy"),
                     _("Chủ nhật")],
        "month_label": _("Tháng %(m)s/%(y)s") % {"m": start.month, "y": start.year},
    })


@login_required
@require_GET
def plan(request: HttpRequest) -> HttpResponse:
    """The school year's key dates and plan items as a list, and the reader's own plan items."""
    today = timezone.localdate()
    filters = CalendarFilterForm(request.GET)
    start = filters.month_start(today)
    unit = _unit(request)
    theme = _theme(unit, filters.cleaned_data.get("theme") if filters.is_valid() else None)
    year = periods.school_year(start)
    key_dates = selectors.key_dates_for(unit, year.start, year.end)
    items = list(selectors.plan_for(unit, year.start, year.end, theme=theme))
    mine = list(selectors.my_plan_items(request.user)[:50])
    return render(request, "newsroom/plan.html", {
        **_editable(request.user, [o.key_date for o in key_dates], items + mine),
        "unit": unit, "theme": theme, "themes": selectors.themes_for(unit), "year": year,
        "previous_year": periods.school_year(year.start - dt.timedelta(days=1)),
        "next_year": periods.school_year(year.end + dt.timedelta(days=1)),
        "key_dates": key_dates, "items": items, "mine": mine,
        "units": access.visible_units(request.user).filter(active=True).order_by("path")[:500],
        "may_manage": access.has_capability(request.user, unit, Capability.MANAGE_NEWSROOM),
    })


@login_required
@require_GET
def export_ical(request: HttpRequest) -> HttpResponse:
    """The unit's key dates and plan items from a month ago to the end of the next school year (.ics)."""
    unit = _unit(request)
    today = timezone.localdate()
    start = today - dt.timedelta(days=31)
    end = periods.school_year(periods.school_year(today).end + dt.timedelta(days=1)).end
    host = request.get_host().split(":")[0] or "educomms"
    events = [
        ical.Event(uid=f"keydate-{o.key_date.pk}-{o.starts_on:%Y}@{host}", summary=o.key_date.title,
                   starts_on=o.starts_on, ends_on=o.ends_on, description=o.key_date.description,
                   categories=str(o.key_date.get_kind_display()))
        for o in selectors.key_dates_for(unit, start, end)
    ] + [
        ical.Event(uid=f"plan-{item.pk}@{host}", summary=_("Kế hoạch: %(t)s") % {"t": item.title},
                   starts_on=item.due_on, ends_on=item.due_on,
                   description="\n".join(filter(None, [
                       _("Đơn vị: %(u)s") % {"u": item.unit.name},
                       _("Người phụ trách: %(p)s") % {"p": item.owner.full_name},
                       _("Trạng thái: %(s)s") % {"s": item.get_status_display()},
                       _("Chủ đề: %(t)s") % {"t": item.theme.name} if item.theme else "", item.notes])),
                   categories=item.theme.name if item.theme else "",
                   url=request.build_absolute_uri(reverse("newsroom:plan_edit", args=[item.pk])))
        for item in selectors.plan_for(unit, start, end)
    ]
    body = ical.render(events, name=_("Lịch truyền thông — %(u)s") % {"u": unit.name})
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    name = slugify(fold(unit.short_name or unit.name)) or "lich"
    response["Content-Disposition"] = f'attachment; filename="lich-truyen-thong-{name}.ics"'
    return response


# Key dates ------------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def key_date_create(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    access.require(request.user, unit, Capability.MANAGE_NEWSROOM)
    form = KeyDateForm(posted_data(request), initial={"starts_on": parse_day(request.GET.get("date"))},
                       national_choice=request.user.is_superuser)
    if form.is_valid():
        values = dict(form.cleaned_data)
        national = values.get("kind") in (KeyDate.Kind.NATIONAL, KeyDate.Kind.SECTOR)
        try:
            key_date = services.create_key_date(actor=request.user, unit=None if national else unit, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm ngày trọng điểm “%(t)s”.") % {"t": key_date.title})
            return redirect(_calendar_url(unit, key_date.starts_on))
    return render(request, "newsroom/calendar_keydate_form.html", {"form": form, "unit": unit, "editing": None})


@login_required
@require_http_methods(["GET", "POST"])
def key_date_edit(request: HttpRequest, key_date_id: int) -> HttpResponse:
    key_date = selectors.access_key_date(request.user, key_date_id)
    if not selectors.may_edit_key_date(request.user, key_date):
        raise PermissionDenied
    initial = {f: getattr(key_date, f) for f in ("title", "starts_on", "ends_on", "recurring", "description")}
    form = KeyDateForm(posted_data(request), initial=initial)
    if form.is_valid():
        try:
            services.update_key_date(actor=request.user, key_date=key_date, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu ngày trọng điểm."))
            return redirect(_calendar_url(key_date.unit or request.current_unit, key_date.starts_on))  # type: ignore[attr-defined]
    return render(request, "newsroom/calendar_keydate_form.html",
                  {"form": form, "unit": key_date.unit, "editing": key_date})


@login_required
@require_POST
def key_date_delete(request: HttpRequest, key_date_id: int) -> HttpResponse:
    key_date = selectors.access_key_date(request.user, key_date_id)
    if not selectors.may_edit_key_date(request.user, key_date):
        raise PermissionDenied
    unit, day = key_date.unit or request.current_unit, key_date.starts_on  # type: ignore[attr-defined]
    services.delete_key_date(actor=request.user, key_date=key_date)
    messages.success(request, _("Đã xóa ngày trọng điểm."))
    return redirect(_calendar_url(unit, day))


# Content plan ---------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    access.require(request.user, unit, Capability.MANAGE_NEWSROOM)
    today = timezone.localdate()
    form = PlanItemForm(posted_data(request), unit=unit, today=today,
                        initial={"due_on": parse_day(request.GET.get("date")), "owner": request.user.pk})
    if form.is_valid():
        try:
            item = services.create_planned_story(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm “%(t)s” vào kế hoạch.") % {"t": item.title})
            return redirect(_calendar_url(unit, item.due_on))
    return render(request, "newsroom/plan_form.html", {"form": form, "unit": unit, "editing": None})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item: PlannedStory = selectors.access_plan_item(request.user, item_id)
    access.require(request.user, item.unit, Capability.MANAGE_NEWSROOM)
    fields = ("title", "owner", "due_on", "theme", "key_date", "format", "status", "notes")
    form = PlanItemForm(posted_data(request), unit=item.unit, today=timezone.localdate(),
                        initial={f: getattr(item, f) for f in fields})
    if form.is_valid():
        try:
            services.update_planned_story(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu mục kế hoạch."))
            return redirect(_calendar_url(item.unit, item.due_on))
    return render(request, "newsroom/plan_form.html", {"form": form, "unit": item.unit, "editing": item})


# Themes ---------------------------------------------------------------------------------------------

def _theme_owner(request: HttpRequest) -> Unit:
    owner = selectors.theme_owner(_unit(request))
    access.require(request.user, owner, Capability.MANAGE_NEWSROOM)
    return owner


@login_required
@require_GET
def themes(request: HttpRequest) -> HttpResponse:
    owner = _theme_owner(request)
    return render(request, "newsroom/themes.html", {"owner": owner, "themes": selectors.themes_of(owner)})


@login_required
@require_http_methods(["GET", "POST"])
def theme_create(request: HttpRequest) -> HttpResponse:
    owner = _theme_owner(request)
    form = ThemeForm(posted_data(request))
    if form.is_valid():
        try:
            services.create_theme(actor=request.user, unit=owner, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm chủ đề."))
            return redirect(f"{reverse('newsroom:themes')}?unit={owner.pk}")
    return render(request, "newsroom/themes_form.html", {"form": form, "owner": owner, "editing": None})


@login_required
@require_http_methods(["GET", "POST"])
def theme_edit(request: HttpRequest, theme_id: int) -> HttpResponse:
    theme = selectors.access_theme(request.user, theme_id)
    form = ThemeForm(posted_data(request), initial={"name": theme.name, "description": theme.description})
    if form.is_valid():
        try:
            services.update_theme(actor=request.user, theme=theme, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu chủ đề."))
            return redirect(f"{reverse('newsroom:themes')}?unit={theme.unit_id}")
    return render(request, "newsroom/themes_form.html", {"form": form, "owner": theme.unit, "editing": theme})


@login_required
@require_POST
def theme_move(request: HttpRequest, theme_id: int) -> HttpResponse:
    theme = selectors.access_theme(request.user, theme_id)
    services.move_theme(actor=request.user, theme=theme, up=request.POST.get("direction") != "down")
    return redirect(f"{reverse('newsroom:themes')}?unit={theme.unit_id}")


@login_required
@require_POST
def theme_active(request: HttpRequest, theme_id: int) -> HttpResponse:
    theme = selectors.access_theme(request.user, theme_id)
    services.set_theme_active(actor=request.user, theme=theme, active=request.POST.get("active") == "1")
    return redirect(f"{reverse('newsroom:themes')}?unit={theme.unit_id}")
