"""Public pages of documents (văn bản) on the portal: list, detail, download. Input → selector → render."""

import mimetypes

from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from educomms.core.files import safe_filename
from educomms.portal.cache import cached_page
from educomms.portal.selectors import portal_unit

from . import selectors
from .forms import PublicFilterForm
from .models import DocumentType


@require_GET
@cached_page
def document_list(request: HttpRequest) -> HttpResponse:
    site = portal_unit()
    form = PublicFilterForm(request.GET)
    values = form.cleaned_data if form.is_valid() else {}
    query = (values.get("q") or "").strip()
    words = selectors.search_words(query)
    documents = selectors.public_documents(site, doc_type=values.get("loai") or "", year=values.get("nam"),
                                           unit_id=values.get("don_vi"), words=words)
    return render(request, "documents/public/list.html", {
        "site": site, "form": form, "query": query, "words": words, "nav": "documents",
        "page": Paginator(documents, selectors.PAGE_SIZE).get_page(request.GET.get("page")),
        "types": DocumentType.choices, "years": selectors.years(site), "units": selectors.issuing_units(site),
        "chosen": values,
    })


@require_GET
@cached_page
def document_detail(request: HttpRequest, document_id: int, slug: str) -> HttpResponse:
    site = portal_unit()
    document = selectors.public_document(site, document_id)
    if slug != selectors.document_slug(document):
        return HttpResponsePermanentRedirect(
            reverse("documents_public:detail", args=[document.pk, selectors.document_slug(document)]))
    return render(request, "documents/public/detail.html", {"site": site, "document": document, "nav": "documents"})


@require_GET
def document_download(request: HttpRequest, document_id: int) -> FileResponse:
    """The file, under a safe ASCII name made of the number and title, with its real content type."""
    site = portal_unit()
    document = selectors.downloadable(site, document_id)
    stored = document.file.name or ""
    ext = stored.rsplit(".", 1)[-1].lower()
    stem = f"{document.number_symbol} {document.title}".replace("/", " ")[:80]  # a "/" would read as a folder
    name = safe_filename(stem, ext).rsplit("-", 1)[0] + f".{ext}"  # drop the random suffix: a stable name
    content_type = document.mime or mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(default_storage.open(stored, "rb"), as_attachment=True, filename=name,
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
