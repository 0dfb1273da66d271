"""Workspace pages of public documents (/quan-ly-van-ban/): list, publish, edit, withdraw, for holders of
PUBLISH_DOCUMENT at the document's unit. Each view: input → access → one service or selector → render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from educomms.core.http import posted_data
from educomms.org.forms import add_service_errors
from educomms.org.models import Unit

from . import permissions, selectors, services
from .forms import DocumentForm, PublicFilterForm, WithdrawForm


def _unit(request: HttpRequest) -> Unit:
    """The unit chosen (?unit= or posted), among the user's publishing units; their first one otherwise."""
    units = permissions.publishing_units(request.user)
    unit_id = request.POST.get("unit") or request.GET.get("unit")
    unit = units.filter(pk=int(unit_id)).first() if unit_id and str(unit_id).isdigit() else units.first()
    if unit is None:
        raise Http404
    return unit


@login_required
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    if not permissions.may_publish_anywhere(request.user):
        raise Http404
    form = PublicFilterForm(request.GET)
    values = form.cleaned_data if form.is_valid() else {}
    query = (values.get("q") or "").strip()
    documents = selectors.managed(request.user, doc_type=values.get("loai") or "", year=values.get("nam"),
                                  unit_id=values.get("don_vi"), words=selectors.search_words(query))
    return render(request, "documents/list.html", {
        "form": form, "query": query, "units": list(permissions.publishing_units(request.user)),
        "page": Paginator(documents, selectors.PAGE_SIZE).get_page(request.GET.get("page")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    form = DocumentForm(posted_data(request), request.FILES or None, unit=unit)
    if form.is_valid():
        values = dict(form.cleaned_data)
        values.pop("version", None)
        upload = values.pop("file")
        try:
            document = services.publish_document(actor=request.user, unit=unit, upload=upload, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã công khai văn bản “%(t)s”.") % {"t": document.title})
            return redirect("documents:list")
    return render(request, "documents/form.html", {"form": form, "unit": unit, "editing": None})


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, document_id: int) -> HttpResponse:
    document = permissions.access_document(request.user, document_id)
    initial = {f: getattr(document, f) for f in ("doc_type", "number_symbol", "issued_on", "effective_on", "title",
                                                "summary", "signer_name", "version")}
    initial["themes"] = list(document.themes.all())
    form = DocumentForm(posted_data(request), request.FILES or None, unit=document.unit, initial=initial)
    if form.is_valid():
        values = dict(form.cleaned_data)
        upload = values.pop("file")
        version = values.pop("version") or 0
        try:
            services.update_document(actor=request.user, document=document, version=version, upload=upload, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu văn bản."))
            return redirect("documents:list")
    return render(request, "documents/form.html", {"form": form, "unit": document.unit, "editing": document})


@login_required
@require_http_methods(["GET", "POST"])
def document_withdraw(request: HttpRequest, document_id: int) -> HttpResponse:
    document = permissions.access_document(request.user, document_id)
    form = WithdrawForm(posted_data(request))
    if form.is_valid():
        try:
            services.withdraw_document(actor=request.user, document=document, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied:
            raise
        else:
            messages.success(request, _("Đã thu hồi văn bản “%(t)s”.") % {"t": document.title})
            return redirect("documents:list")
    return render(request, "documents/withdraw.html", {"form": form, "document": document})
