"""The inbox of mentions, a mention's page, a cluster's page, labels, bulk actions and exports.
Each view: input → access → one service or selector → render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from educomms.core.paging import window
from educomms.org import access
from educomms.org.roles import Capability

from . import exports, permissions, selectors, services
from .forms import BulkActionForm, LabelForm, MentionFilterForm
from .models import Mention
from .nlp.risk import CRISIS_TYPES, shown

PAGE_SIZE = 25


def _filter_form(request: HttpRequest) -> MentionFilterForm:
    return MentionFilterForm(request.GET, topics=selectors.visible_topics(request.user).order_by("unit__path", "name"),
                             sources=selectors.visible_sources(request.user))


def _people_to_assign(user) -> object:
    return access.visible_people(user, Capability.MANAGE_MONITORING).filter(is_active=True).order_by("full_name")


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    if not permissions.may_monitor_any(request.user):
        raise PermissionDenied
    form = _filter_form(request)
    flt = form.filter()
    page = window(selectors.inbox(request.user, flt), request.GET.get("trang"), PAGE_SIZE)  # no count: see core.paging
    mentions = list(page.object_list)
    routed = selectors.matches_by_mention(request.user, [m.pk for m in mentions])
    query = urlencode({k: v for k, v in request.GET.items() if k != "trang" and v})
    return render(request, "monitoring/inbox.html", {
        "form": form, "page": page, "mentions": [(m, routed.get(m.pk, [])) for m in mentions],
        "query": query, "may_manage": permissions.may_manage_any(request.user),
        "people": _people_to_assign(request.user) if permissions.may_manage_any(request.user) else [],
        "counts": selectors.status_counts(request.user), "count_cap": selectors.STATUS_COUNT_CAP,
        "nav_active": "monitoring_inbox",
    })


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """Mark seen, assign, ignore or label the chosen mentions (only those the user may see and act on)."""
    if not permissions.may_manage_any(request.user):
        raise PermissionDenied
    ids = [int(i) for i in request.POST.getlist("mentions") if i.isdigit()]
    visible = list(selectors.visible_mentions(request.user).filter(pk__in=ids).values_list("pk", flat=True))
    form = BulkActionForm(request.POST, mention_ids=visible, people=_people_to_assign(request.user))
    back = request.POST.get("next", "")
    target = back if back.startswith("/du-luan/") else "/du-luan/"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(target)
    data = form.cleaned_data
    try:
        if data["action"] == "label":
            mentions = list(selectors.visible_mentions(request.user).filter(pk__in=data["mentions"]))
            n = services.label_mentions(actor=request.user, mentions=mentions, sentiment=data["sentiment"])
        else:
            matches = services.matches_to_act_on(actor=request.user, mention_ids=data["mentions"])
            n = services.act_on_mentions(actor=request.user, matches=matches, action=data["action"],
                                         assignee=data["assignee"])
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("Đã cập nhật %(n)s tin.") % {"n": n})
    return redirect(target)


@login_required
@require_GET
def mention(request: HttpRequest, mention_id: int) -> HttpResponse:
    m = selectors.access_mention(request.user, mention_id)
    routed = selectors.matches_by_mention(request.user, [m.pk]).get(m.pk, [])
    copies = list(selectors.cluster_mentions(request.user, m.cluster).exclude(pk=m.pk)[:20]) if m.cluster else []
    return render(request, "monitoring/mention.html", {
        "m": m, "routed": routed, "copies": copies, "label_form": LabelForm(initial={
            "sentiment": m.effective_sentiment, "toxicity": m.effective_toxicity}),
        "crisis": [CRISIS_TYPES.get(c, c) for c in m.crisis_types],
        "reasons": [shown(r) for r in m.risk_reasons],  # in the reader's language
        "cases": list(selectors.visible_cases(request.user).filter(mentions=m)),
        "may_manage": permissions.may_manage_any(request.user),
        "may_open_case": permissions.may_handle_any_case(request.user),
        "nav_active": "monitoring_inbox",
    })


@login_required
@require_POST
def label(request: HttpRequest, mention_id: int) -> HttpResponse:
    m = selectors.access_mention(request.user, mention_id)
    if not permissions.may_manage_any(request.user):
        raise PermissionDenied
    form = LabelForm(request.POST)
    if form.is_valid():
        try:
            services.label_mentions(actor=request.user, mentions=[m], sentiment=form.cleaned_data["sentiment"],
                                    toxicity=form.cleaned_data["toxicity"])
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("Đã lưu nhãn. Mô hình sẽ học từ nhãn này ở lần huấn luyện lại."))
    return redirect("monitoring:mention", mention_id=m.pk)


@login_required
@require_GET
def cluster(request: HttpRequest, cluster_id: int) -> HttpResponse:
    c = selectors.access_cluster(request.user, cluster_id)
    members = list(selectors.cluster_mentions(request.user, c)[:200])
    return render(request, "monitoring/cluster.html", {"cluster": c, "members": members,
                                                       "sites": len({m.site for m in members}),
                                                       "nav_active": "monitoring_inbox"})


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The filtered list as Excel (?dinh-dang=xlsx, the default) or CSV."""
    if not permissions.may_monitor_any(request.user):
        raise PermissionDenied
    mentions = selectors.inbox(request.user, _filter_form(request).filter())[: exports.MAX_ROWS]
    if request.GET.get("dinh-dang") == "csv":
        return exports.mentions_csv(mentions)
    return exports.mentions_xlsx(mentions)


def mentions_for_case(request: HttpRequest) -> list[Mention]:
    ids = [int(i) for i in request.POST.getlist("mentions") + request.GET.getlist("tin") if str(i).isdigit()]
    return list(selectors.visible_mentions(request.user).filter(pk__in=ids))
