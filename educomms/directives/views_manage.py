"""Pages of issuers: the list, drafting (content, targets editor with an HTMX preview, attachments), issuing
with a progress bar, withdrawal and correction. Each view: input → access → one service or selector →
render."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from educomms.core.http import posted_data
from educomms.newsroom.calendar_selectors import themes_for
from educomms.org import access
from educomms.org.forms import add_service_errors
from educomms.org.models import Unit, subtree_q
from educomms.org.roles import Capability

from . import permissions, selectors, services, targeting
from .forms import (
    AttachmentForm,
    DirectiveForm,
    ManageFilterForm,
    TargetForm,
    WithdrawForm,
    target_formset,
)
from .models import Directive

PAGE_SIZE = 25
MANAGER_CAPABILITIES = (Capability.DRAFT_DIRECTIVE, Capability.ISSUE_DIRECTIVE, Capability.VIEW_COVERAGE)


def may_manage_any(user: Any) -> bool:
    """Holds a capability that the issuers' pages serve, at some unit."""
    return any(access.scope_paths(user, capability) != [] for capability in MANAGER_CAPABILITIES)


def _issuing_unit(request: HttpRequest) -> Unit:
    """The unit drafting (?unit=, else the current unit): 404 out of scope, 403 without DRAFT there."""
    wanted = request.POST.get("unit") or request.GET.get("unit")
    unit = access.access_unit(request.user, wanted) if wanted else getattr(request, "current_unit", None)
    if unit is None:
        raise Http404
    access.require(request.user, unit, Capability.DRAFT_DIRECTIVE)
    return unit


def _target_units(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(subtree_q(unit.path), active=True).order_by("path")


def _editor(request: HttpRequest, unit: Unit, *, directive: Directive | None = None) -> tuple[DirectiveForm, Any]:
    data = posted_data(request)
    initial_form = DirectiveForm.initial_for(directive) if directive else None
    initial_targets = ([TargetForm.initial_for(targeting.TargetSpec.of(t)) for t in selectors.targets_of(directive)]
                       if directive else [{"unit": unit, "include_subtree": True}])
    form = DirectiveForm(data, initial=initial_form, themes=themes_for(unit))
    targets = target_formset(data, units=_target_units(unit), base_depth=unit.depth, initial=initial_targets,
                             add_row=bool(data and "add_target" in data))
    return form, targets


def _render_editor(request: HttpRequest, unit: Unit, form: DirectiveForm, targets: Any, *,
                   directive: Directive | None = None, status: int = 200) -> HttpResponse:
    return render(request, "directives/edit.html", {
        "unit": unit, "form": form, "targets": targets, "directive": directive,
        "attachments": list(directive.attachments.all()) if directive else [],
        "attachment_form": AttachmentForm(),
        "may_issue": bool(directive and permissions.may_issue(request.user, directive)),
        "nav_active": "directives_manage",
    }, status=status)


@login_required
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    if not may_manage_any(request.user):
        raise PermissionDenied
    filters = ManageFilterForm(request.GET)
    values = filters.cleaned_data if filters.is_valid() else {}
    directives = selectors.directives_for(request.user, status=values.get("status", ""), q=values.get("q", ""))
    page = Paginator(directives, PAGE_SIZE).get_page(request.GET.get("trang"))
    current = getattr(request, "current_unit", None)
    return render(request, "directives/manage.html", {
        "page": page, "filters": filters, "nav_active": "directives_manage",
        "query": urlencode({k: v for k, v in values.items() if v}),
        "may_draft": bool(current and permissions.may_draft_at(request.user, current)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    unit = _issuing_unit(request)
    form, targets = _editor(request, unit)
    if request.method == "POST" and "add_target" not in request.POST and form.is_valid() & targets.is_valid():
        try:
            directive = services.create_directive(actor=request.user, unit=unit, targets=targets.specs(),
                                                  **form.service_values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu dự thảo. Có thể đính kèm tệp, xem trước người nhận rồi ban hành."))
            return redirect("directives:edit", directive_id=directive.pk)
    status = 400 if request.method == "POST" and "add_target" not in request.POST else 200
    return _render_editor(request, unit, form, targets, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, directive_id: int) -> HttpResponse:
    directive = selectors.access_directive(request.user, directive_id)
    if not directive.is_draft:
        messages.info(request, _("Văn bản đã ban hành, không sửa được nữa. Muốn thay đổi, hãy ban hành văn bản "
                                 "đính chính."))
        return redirect("directives:detail", directive_id=directive.pk)
    if not permissions.may_edit(request.user, directive):
        raise PermissionDenied
    form, targets = _editor(request, directive.unit, directive=directive)
    if request.method == "POST" and "add_target" not in request.POST and form.is_valid() & targets.is_valid():
        try:
            services.update_directive(actor=request.user, directive=directive,
                                      version=form.cleaned_data.get("version") or directive.version,
                                      targets=targets.specs(), **form.service_values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu dự thảo."))
            return redirect("directives:edit", directive_id=directive.pk)
    status = 400 if request.method == "POST" and "add_target" not in request.POST else 200
    return _render_editor(request, directive.unit, form, targets, directive=directive, status=status)


@login_required
@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """"Xem trước" (HTMX): how many units and people the targets in the form would reach."""
    unit = _issuing_unit(request)
    targets = target_formset(request.POST, units=_target_units(unit), base_depth=unit.depth)
    result, error = None, ""
    if targets.is_valid():
        try:
            result = targeting.preview(targeting.clean_targets(targets.specs(), issuing_unit=unit))
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(str(e) for e in targets.non_form_errors()) or _("Hãy kiểm tra lại các đối tượng nhận.")
    return render(request, "directives/edit.html#preview", {"result": result, "error": error})


@login_required
@require_POST
def attachment_add(request: HttpRequest, directive_id: int) -> HttpResponse:
    directive = selectors.access_directive(request.user, directive_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(actor=request.user, directive=directive, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã đính kèm tệp."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("directives:edit", directive_id=directive.pk)


@login_required
@require_POST
def attachment_remove(request: HttpRequest, directive_id: int, attachment_id: int) -> HttpResponse:
    directive = selectors.access_directive(request.user, directive_id)
    found = directive.attachments.filter(pk=attachment_id).first()
    if found is None:
        raise Http404
    try:
        services.remove_attachment(actor=request.user, attachment=found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã bỏ tệp đính kèm."))
    return redirect("directives:edit", directive_id=directive.pk)


@login_required
@require_POST
def issue(request: HttpRequest, directive_id: int) -> HttpResponse:
    directive = selectors.access_directive(request.user, directive_id)
    try:
        services.issue_directive(actor=request.user, directive=directive)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("directives:edit" if directive.is_draft else "directives:detail", directive_id=directive.pk)
    return redirect("directives:progress", directive_id=directive.pk)


@login_required
@require_GET
def progress(request: HttpRequest, directive_id: int) -> HttpResponse:
    """The issuing job's progress bar; the HTMX poll (every 2 s) gets only the bar."""
    directive = selectors.access_directive(request.user, directive_id)
    if not (permissions.may_issue(request.user, directive) or permissions.may_draft_at(request.user, directive.unit)):
        raise PermissionDenied
    context = {"directive": directive, "job": selectors.issue_progress(directive), "nav_active": "directives_manage"}
    if request.htmx:  # type: ignore[attr-defined]  # django-htmx middleware
        return render(request, "directives/progress.html#bar", context)
    return render(request, "directives/progress.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, directive_id: int) -> HttpResponse:
    directive = selectors.access_directive(request.user, directive_id)
    if not permissions.may_issue(request.user, directive):
        raise PermissionDenied
    form = WithdrawForm(posted_data(request))
    if form.is_valid():
        try:
            services.withdraw_directive(actor=request.user, directive=directive, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thu hồi văn bản. Người nhận sẽ thấy văn bản ở trạng thái đã thu hồi."))
            return redirect("directives:detail", directive_id=directive.pk)
    return render(request, "directives/withdraw.html", {"directive": directive, "form": form,
                                                        "nav_active": "directives_manage"},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def correct(request: HttpRequest, directive_id: int) -> HttpResponse:
    directive = selectors.access_directive(request.user, directive_id)
    try:
        correction = services.correct_directive(actor=request.user, directive=directive)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("directives:detail", directive_id=directive.pk)
    messages.success(request, _("Đã tạo dự thảo đính chính. Sửa nội dung cần đính chính rồi ban hành."))
    return redirect("directives:edit", directive_id=correction.pk)
