"""Pages of a recipient: the inbox, a directive's page (read, acknowledge, forward) and attachment
downloads. Each view: input → access → one service or selector → render.

Opening a directive's page or one of its files counts as reading it (services.open_directive)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from educomms.org import access
from educomms.org.forms import add_service_errors
from educomms.org.roles import Capability

from . import permissions, selectors, services, targeting
from .forms import AcknowledgeForm, ForwardForm, describe_target
from .models import Attachment, Directive, DirectiveStatus, Receipt

PAGE_SIZE = 25


def _issued_corrections() -> Prefetch:
    # Corrections that reached people (issued): shown beside the directive they correct.
    return Prefetch("directive__corrections", to_attr="issued_corrections",
                    queryset=Directive.objects.filter(status=DirectiveStatus.ISSUED).order_by("issued_at"))


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("chua-doc") == "1"
    receipts = selectors.inbox(request.user, unread=unread_only).prefetch_related(_issued_corrections())
    page = Paginator(receipts, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "directives/inbox.html", {
        "page": page, "unread_only": unread_only, "unread": selectors.unread_count(request.user),
        "now": timezone.now(), "nav_active": "directives_inbox",
    })


def _detail_context(request: HttpRequest, directive: Directive, receipt: Receipt | None, *,
                    ack_form: AcknowledgeForm | None = None, forward_form: ForwardForm | None = None) -> dict:
    user = request.user
    forwardable = selectors.forwardable_units(user, directive)
    may_edit = permissions.may_edit(user, directive)
    may_issue = permissions.may_issue(user, directive)
    is_manager = (may_edit or may_issue or permissions.may_draft_at(user, directive.unit)
                  or permissions.may_view_coverage(user, directive.unit))
    return {
        "directive": directive, "receipt": receipt,
        "attachments": list(directive.attachments.all()),
        "corrections": list(directive.corrections.filter(status=DirectiveStatus.ISSUED).order_by("issued_at")),
        "ack_form": ack_form or AcknowledgeForm(phrase_required=bool(directive.confirmation_phrase)),
        "forwardable": forwardable,
        "forward_form": forward_form or (ForwardForm(units=forwardable) if forwardable else None),
        "forward": receipt.forward if receipt and receipt.forward_id else None,
        "may_edit": may_edit, "may_issue": may_issue, "is_manager": is_manager,
        # Coverage for heads and officers of units that received it (their own subtree).
        "may_see_coverage": is_manager or (not directive.is_draft and access.scope_paths(
            user, Capability.VIEW_COVERAGE) != []),
        "targets": ([describe_target(targeting.TargetSpec.of(t)) for t in selectors.targets_of(directive)]
                    if is_manager else []),
        "job": selectors.issue_progress(directive) if not directive.is_draft else None,
        "now": timezone.now(), "nav_active": "directives_inbox" if receipt else "directives_manage",
    }


@login_required
@require_GET
def detail(request: HttpRequest, directive_id: int) -> HttpResponse:
    directive = selectors.access_directive(request.user, directive_id)
    receipt = None
    if not directive.is_draft:
        receipt = services.open_directive(actor=request.user, directive=directive)
    return render(request, "directives/detail.html", _detail_context(request, directive, receipt))


@login_required
@require_GET
def attachment(request: HttpRequest, directive_id: int, attachment_id: int) -> FileResponse:
    """A file of a directive the user may see; for a recipient, downloading counts as reading."""
    directive = selectors.access_directive(request.user, directive_id)
    found: Attachment | None = directive.attachments.filter(pk=attachment_id).first()
    if found is None:
        raise Http404
    if not directive.is_draft:
        services.open_directive(actor=request.user, directive=directive)
    try:
        handle = default_storage.open(found.file.name or "", "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=found.original_name, content_type=found.mime)


@login_required
@require_POST
def acknowledge(request: HttpRequest, directive_id: int) -> HttpResponse:
    directive = selectors.access_directive(request.user, directive_id)
    receipt = selectors.my_receipt(request.user, directive)
    if receipt is None:
        raise Http404
    form = AcknowledgeForm(request.POST, phrase_required=bool(directive.confirmation_phrase))
    if form.is_valid():
        try:
            services.acknowledge_receipt(actor=request.user, receipt=receipt, comment=form.cleaned_data["comment"],
                                         phrase=form.cleaned_data.get("phrase", ""))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã xác nhận đã đọc văn bản."))
            return redirect("directives:detail", directive_id=directive.pk)
    return render(request, "directives/detail.html", _detail_context(request, directive, receipt, ack_form=form),
                  status=400)


@login_required
@require_POST
def forward(request: HttpRequest, directive_id: int) -> HttpResponse:
    directive = selectors.access_directive(request.user, directive_id)
    units = selectors.forwardable_units(request.user, directive)
    if not units:
        raise Http404
    form = ForwardForm(request.POST, units=units)
    if form.is_valid():
        try:
            done = services.forward_directive(actor=request.user, directive=directive, unit=form.cleaned_data["unit"],
                                              note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã chuyển tiếp văn bản cho %(n)s người của %(unit)s.")
                             % {"n": done.recipients, "unit": form.cleaned_data["unit"].name})
            return redirect("directives:detail", directive_id=directive.pk)
    receipt = selectors.my_receipt(request.user, directive)
    return render(request, "directives/detail.html",
                  _detail_context(request, directive, receipt, forward_form=form), status=400)
