"""Topics (their list, editor with a live preview, dashboard) and alerts (list, acknowledgment, settings)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from educomms.org.forms import add_service_errors
from educomms.org.models import Unit
from educomms.org.roles import Capability

from . import charts, permissions, selectors, services
from .forms import AlertPolicyForm, PreviewForm, TopicForm
from .models import Topic
from .query import QueryError, describe, parse


@login_required
@require_GET
def topics(request: HttpRequest) -> HttpResponse:
    if not permissions.may_monitor_any(request.user):
        raise PermissionDenied
    rows = list(selectors.visible_topics(request.user).order_by("unit__path", "-is_default", "name"))
    unit = getattr(request, "current_unit", None)
    return render(request, "monitoring/topics.html", {
        "voices": selectors.share_of_voice(rows), "nav_active": "monitoring_topics",
        "may_create": bool(unit and permissions.may_manage(request.user, unit)), "unit": unit,
    })


def _render_editor(request: HttpRequest, form: TopicForm, *, topic: Topic | None, unit: Unit,
                   status: int = 200) -> HttpResponse:
    return render(request, "monitoring/topic_edit.html", {"form": form, "topic": topic, "unit": unit,
                                                          "nav_active": "monitoring_topics"}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def topic_create(request: HttpRequest) -> HttpResponse:
    unit = permissions.working_unit(request)
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.create_topic(actor=request.user, unit=unit, name=form.cleaned_data["name"],
                                          query=form.cleaned_data["query"], priority=form.cleaned_data["priority"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu chủ đề. Tin mới khớp truy vấn sẽ vào hộp tin của đơn vị."))
            return redirect("monitoring:topic", topic_id=topic.pk)
    return _render_editor(request, form, topic=None, unit=unit, status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def topic_edit(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.access_topic(request.user, topic_id, Capability.MANAGE_MONITORING)
    initial = {"name": topic.name, "query": topic.query, "priority": topic.priority, "active": topic.active,
               "aliases": topic.aliases}
    form = TopicForm(request.POST or None, initial=initial, default=topic.is_default)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.update_topic(actor=request.user, topic=topic, name=d["name"], query=d.get("query", topic.query),
                                  priority=d["priority"], active=d["active"], aliases=d.get("aliases"))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, pgettext("theo dõi dư luận", "Đã lưu chủ đề."))
            return redirect("monitoring:topic", topic_id=topic.pk)
    return _render_editor(request, form, topic=topic, unit=topic.unit,
                          status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def topic_preview(request: HttpRequest) -> HttpResponse:
    """The editor's live preview (HTMX): the query's error with its position, or the recent mentions it matches."""
    if not permissions.may_manage_any(request.user):
        raise PermissionDenied
    form = PreviewForm(request.POST)
    text = form.data.get("query", "")[:2000]
    context: dict = {"text": text}
    if text.strip():
        try:
            query = parse(text)
        except QueryError as exc:
            context.update(error=str(exc), position=exc.position, before=text[: exc.position],
                           at=text[exc.position: exc.position + 1] or " ", after=text[exc.position + 1:])
        else:
            context.update(preview=selectors.preview(request.user, query), normal=describe(query))
    return render(request, "monitoring/_preview.html", context)


@login_required
@require_GET
def topic(request: HttpRequest, topic_id: int) -> HttpResponse:
    t = selectors.access_topic(request.user, topic_id)
    board = selectors.topic_dashboard(t)
    recent = list(selectors.inbox(request.user, selectors.MentionFilter(topic=t))[:10])
    return render(request, "monitoring/topic.html", {
        "topic": t, "board": board, "recent": recent, "chart": charts.volume_chart(board),
        "may_edit": permissions.may_manage(request.user, t.unit), "nav_active": "monitoring_topics",
    })


@login_required
@require_GET
def alerts(request: HttpRequest) -> HttpResponse:
    if not permissions.may_monitor_any(request.user):
        raise PermissionDenied
    open_only = request.GET.get("tat-ca") != "1"
    rows = selectors.visible_alerts(request.user).select_related("mention", "cluster", "source")
    if open_only:
        rows = rows.filter(acknowledged_at=None)
    page = Paginator(rows, 25).get_page(request.GET.get("trang"))
    unit = getattr(request, "current_unit", None)
    return render(request, "monitoring/alerts.html", {
        "page": page, "open_only": open_only, "nav_active": "monitoring_alerts",
        "may_configure": bool(unit and permissions.may_manage(request.user, unit)),
    })


@login_required
@require_GET
def alert(request: HttpRequest, alert_id: int) -> HttpResponse:
    a = selectors.access_alert(request.user, alert_id)
    return render(request, "monitoring/alert.html", {"alert": a, "nav_active": "monitoring_alerts"})


@login_required
@require_POST
def alert_acknowledge(request: HttpRequest, alert_id: int) -> HttpResponse:
    a = selectors.access_alert(request.user, alert_id)
    a = services.acknowledge_alert(actor=request.user, alert=a)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "monitoring/_alert_row.html", {"a": a})
    messages.success(request, _("Đã xác nhận cảnh báo."))
    return redirect(request.POST.get("next") or "monitoring:alerts")


@login_required
@require_http_methods(["GET", "POST"])
def alert_settings(request: HttpRequest) -> HttpResponse:
    unit = permissions.working_unit(request)
    policy = services.policy_for(unit)
    fields = ["risk_threshold", "spike_factor", "spike_min_count", "cluster_growth", "peak_name", "peak_from",
              "peak_to"]
    form = AlertPolicyForm(request.POST or None, initial={f: getattr(policy, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_policy(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu cài đặt cảnh báo."))
            return redirect("monitoring:alerts")
    return render(request, "monitoring/alert_settings.html", {"form": form, "unit": unit,
                                                              "nav_active": "monitoring_alerts"},
                  status=400 if request.method == "POST" else 200)
