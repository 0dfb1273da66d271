"""Pages of upward proposals (a school proposes a published story; the department accepts or declines),
approval delegations (the head lets a deputy approve for a date range) and the terms that need a second
look before publishing. Each view: input → access → one service or selector → render."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from educomms.core.http import posted_data
from educomms.newsroom import permissions, selectors, services
from educomms.newsroom import proposal_selectors as pages
from educomms.newsroom.forms_proposals import DeclineForm, DelegationForm, ProposeForm, ReviewTermForm
from educomms.newsroom.models import Delegation, Proposal, StoryState
from educomms.org import access
from educomms.org.forms import add_service_errors
from educomms.org.models import Unit
from educomms.org.roles import ROLE_CAPABILITIES, Capability

PER_PAGE = 25


def _nav(request: HttpRequest, active: str) -> dict[str, Any]:
    """The links between these pages, shown only to those who may use them (from the cached roles)."""
    user = request.user
    return {
        "subnav": active,
        "may_delegate": bool(pages.headed_units(user)),
        "may_manage_terms": user.is_superuser or any(  # type: ignore[union-attr]  # signed in
            Capability.MANAGE_NEWSROOM in ROLE_CAPABILITIES.get(g.role, ()) for g in access.grants(user)),
    }


def _story_url(story_id: int) -> str:
    """The story's workspace page when the story pages are installed, else ""."""
    try:
        return reverse("newsroom:story", args=[story_id])
    except NoReverseMatch:
        return ""


def _with_query(name: str, **query: Any) -> str:
    return f"{reverse(name)}?{urlencode(query)}"


# --- Proposing a published story upward ----------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def story_propose(request: HttpRequest, story_id: int) -> HttpResponse:
    story = selectors.access_story(request.user, story_id)
    if not permissions.may_review(request.user, story):
        raise Http404  # only the owning unit's reviewers propose; to anyone else this page does not exist
    targets = pages.proposal_targets(story)
    published = story.state == StoryState.PUBLISHED
    form = ProposeForm(posted_data(request) if published else None, targets=targets,
                       initial={"to_unit": next((u for u in targets if u.kind == Unit.Kind.DEPARTMENT), None)})
    if published and form.is_valid():
        try:
            proposal = services.propose_story(actor=request.user, story=story, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã đề xuất tin bài lên %(unit)s.") % {"unit": proposal.to_unit.name})
            return redirect(_with_query("newsroom:proposals", tab="sent"))
    return render(request, "newsroom/proposal_form.html", {
        "story": story, "form": form, "published": published, "story_url": _story_url(story.pk),
        "proposals": pages.proposals_of(story), **_nav(request, "proposals"),
    })


# --- The proposals inbox -----------------------------------------------------------------------------

@login_required
@require_GET
def proposals(request: HttpRequest) -> HttpResponse:
    """Two tabs: received (pending first, then the decisions) and sent (with the decision and reason)."""
    tab = "sent" if request.GET.get("tab") == "sent" else "received"
    if tab == "received":
        pending = list(selectors.proposals_received(request.user))
        rows = pages.proposals_decided(request.user)
    else:
        pending, rows = [], pages.proposals_sent(request.user)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "newsroom/proposals.html", {
        "tab": tab, "pending": pending, "page": page, "decline_form": DeclineForm(),
        **_nav(request, "proposals"),
    })


@login_required
@require_POST
def proposal_accept(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = permissions.access_proposal(request.user, proposal_id)
    try:
        copy = services.accept_proposal(actor=request.user, proposal=proposal)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("newsroom:proposals")
    messages.success(request, _("Đã nhận đăng lại “%(title)s”: bản của đơn vị đang chờ duyệt.") % {"title": copy.title})
    return redirect(_story_url(copy.pk) or reverse("newsroom:proposals"))


@login_required
@require_http_methods(["GET", "POST"])
def proposal_decline(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = permissions.access_proposal(request.user, proposal_id)
    if not permissions.may_review_at(request.user, proposal.to_unit_id):
        raise PermissionDenied  # the proposing school sees its proposal but does not decide it
    form = DeclineForm(posted_data(request))
    if proposal.state != Proposal.State.PENDING:
        messages.error(request, _("Đề xuất này đã được xét (%(state)s).") % {"state": proposal.get_state_display()})
        return redirect("newsroom:proposals")
    if form.is_valid():
        try:
            services.decline_proposal(actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã trả lời không nhận “%(title)s”.") % {"title": proposal.story.title})
            return redirect("newsroom:proposals")
    return render(request, "newsroom/proposal_decline.html", {
        "proposal": proposal, "form": form, **_nav(request, "proposals"),
    })


# --- Approval delegations ------------------------------------------------------------------------------

def _headed_unit(request: HttpRequest) -> Unit:
    """The unit asked for (?unit= or posted), which the user must head; else the current unit when they
    head it, else the first unit they head; Http404 for someone who heads none."""
    wanted: Any = request.POST.get("unit") or request.GET.get("unit")
    if not wanted:
        headed = pages.headed_units(request.user)
        current = getattr(request, "current_unit", None)
        wanted = current.pk if current and current.pk in headed else (headed[0] if headed else None)
    return pages.access_headed_unit(request.user, wanted)


@login_required
@require_http_methods(["GET", "POST"])
def delegations(request: HttpRequest) -> HttpResponse:
    unit = _headed_unit(request)
    deputies = pages.deputies_of(unit)
    form = DelegationForm(posted_data(request), deputies=deputies)
    if form.is_valid():
        try:
            delegation = services.create_delegation(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ủy quyền cho %(name)s duyệt tin bài từ %(start)s đến %(end)s.") % {
                "name": delegation.delegate.full_name, "start": delegation.starts_on.strftime("%d/%m/%Y"),
                "end": delegation.ends_on.strftime("%d/%m/%Y")})
            return redirect(_with_query("newsroom:delegations", unit=unit.pk))
    return render(request, "newsroom/delegations.html", {
        "unit": unit, "form": form, "has_deputies": deputies.exists(), "today": timezone.localdate(),
        "delegations": pages.delegations_of(unit), "headed": pages.headed_units(request.user),
        **_nav(request, "delegations"),
    })


@login_required
@require_POST
def delegation_revoke(request: HttpRequest, delegation_id: int) -> HttpResponse:
    delegation: Delegation = pages.access_delegation(request.user, delegation_id)
    services.revoke_delegation(actor=request.user, delegation=delegation)
    messages.success(request, _("Đã thu hồi ủy quyền của %(name)s.") % {"name": delegation.delegate.full_name})
    return redirect(_with_query("newsroom:delegations", unit=delegation.unit_id))


# --- Terms that need a second look -----------------------------------------------------------------------

def _terms_unit(request: HttpRequest) -> Unit:
    """The unit asked for, or the current unit; where the user manages the newsroom, else Http404."""
    wanted = request.POST.get("unit") or request.GET.get("unit") or getattr(request.current_unit, "pk", None)  # type: ignore[attr-defined]
    return access.access_unit(request.user, wanted, Capability.MANAGE_NEWSROOM)


@login_required
@require_http_methods(["GET", "POST"])
def review_terms(request: HttpRequest) -> HttpResponse:
    unit = _terms_unit(request)
    form = ReviewTermForm(posted_data(request))
    if form.is_valid():
        try:
            term = services.add_review_term(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm cụm từ “%(term)s”.") % {"term": term.term})
            return redirect(_with_query("newsroom:review_terms", unit=unit.pk))
    return render(request, "newsroom/review_terms.html", {
        "unit": unit, "form": form, "terms": pages.review_terms_of(unit),
        "inherited": pages.inherited_review_terms(unit), **_nav(request, "review_terms"),
    })


@login_required
@require_POST
def review_term_remove(request: HttpRequest, term_id: int) -> HttpResponse:
    term = pages.access_review_term(request.user, term_id)
    unit_id, text = term.unit_id, term.term
    services.remove_review_term(actor=request.user, term=term)
    messages.success(request, _("Đã bỏ cụm từ “%(term)s”.") % {"term": text})
    return redirect(_with_query("newsroom:review_terms", unit=unit_id))
