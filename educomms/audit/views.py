"""The audit page of a unit: what changed in its subtree, who did it, before → after."""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from educomms.audit import selectors
from educomms.org import access
from educomms.org.roles import Capability

EVENTS_PER_PAGE = 50
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class EventFilterForm(forms.Form):
    verb = forms.ChoiceField(label=_("Hành động"), required=False)
    actor = forms.CharField(label=_("Người thực hiện"), required=False, max_length=100)
    object_type = forms.ChoiceField(label=_("Loại đối tượng"), required=False)
    date_from = forms.DateField(label=_("Từ ngày"), required=False, input_formats=DATE_FORMATS,
                                error_messages={"invalid": _("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.")})
    date_to = forms.DateField(label=_("Đến ngày"), required=False, input_formats=DATE_FORMATS,
                              error_messages={"invalid": _("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.")})

    def __init__(self, *args: Any, object_types: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["verb"].choices = [("", _("Mọi hành động")), *selectors.verb_choices()]  # type: ignore[attr-defined]
        self.fields["object_type"].choices = [("", _("Mọi loại")), *object_types]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Ngày kết thúc phải từ ngày bắt đầu trở về sau."))
        return data


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The audit page of the unit the user is working as, or of the highest unit they may audit."""
    current = request.current_unit  # type: ignore[attr-defined]
    if current is not None and access.has_capability(request.user, current, Capability.VIEW_AUDIT):
        return redirect("audit:unit_events", current.pk)
    units = access.visible_units(request.user, Capability.VIEW_AUDIT).order_by("depth", "path")
    first = units.first()
    if first is None:
        raise Http404
    return redirect("audit:unit_events", first.pk)


@login_required
@require_GET
def unit_events(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.access_unit(request.user, unit_id)
    access.require(request.user, unit, Capability.VIEW_AUDIT)
    form = EventFilterForm(request.GET or None, object_types=selectors.object_types(unit))
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    events = selectors.unit_events(unit, **filters)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    selectors.with_changes(list(page.object_list))
    context = {"unit": unit, "form": form, "page": page, "filtered": bool(filters), "nav_active": "audit"}
    if getattr(request, "htmx", False) and request.htmx.target == "audit-results":  # type: ignore[attr-defined]
        return render(request, "audit/unit_events.html#results", context)
    return render(request, "audit/unit_events.html", context)
