"""What the documents pages read: the workspace list of a publisher's units, and the public list of the
portal unit's subtree."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from educomms.core.text import fold
from educomms.org.models import Unit

from . import permissions
from .models import DocumentState, PublicDocument

PAGE_SIZE = 20
MAX_SEARCH_WORDS = 10


def document_slug(document: PublicDocument) -> str:
    return document.slug


def search_words(query: str) -> list[str]:
    from educomms.search.highlight import WORD

    return list(dict.fromkeys(WORD.findall(fold(query))))[:MAX_SEARCH_WORDS]


def _filtered(documents: QuerySet[PublicDocument], *, doc_type: str = "", year: int | None = None,
              unit_id: int | None = None, words: list[str] | None = None) -> QuerySet[PublicDocument]:
    if doc_type:
        documents = documents.filter(doc_type=doc_type)
    if year:
        documents = documents.filter(issued_on__year=year)
    if unit_id:
        documents = documents.filter(unit_id=unit_id)
    for word in words or []:
        documents = documents.filter(search_text__contains=word)
    return documents


def managed(user: Any, **filters: Any) -> QuerySet[PublicDocument]:
    """The workspace list: every document (published or withdrawn) of the units where `user` publishes."""
    return _filtered(permissions.managed_documents(user).select_related("unit"), **filters).order_by("-issued_on", "-id")


def _public_base(site: Unit) -> QuerySet[PublicDocument]:
    return PublicDocument.objects.filter(site.subtree_q("unit__path"), unit__active=True).select_related("unit")


def public_documents(site: Unit, **filters: Any) -> QuerySet[PublicDocument]:
    """The public list: published documents of the site's subtree, newest issue date first. Withdrawn ones
    are left out (their pages stay, marked "Đã thu hồi")."""
    return _filtered(_public_base(site).filter(state=DocumentState.PUBLISHED), **filters).order_by("-issued_on", "-id")


def public_document(site: Unit, document_id: int) -> PublicDocument:
    """A published or withdrawn document of the site's subtree; 404 otherwise."""
    found = _public_base(site).prefetch_related("themes").filter(pk=document_id).first()
    if found is None:
        raise Http404("No such public document")
    return found


def downloadable(site: Unit, document_id: int) -> PublicDocument:
    """A published document's file; a withdrawn document's file is no longer served."""
    found = _public_base(site).filter(pk=document_id, state=DocumentState.PUBLISHED).first()
    if found is None or not found.file:
        raise Http404("No such file")
    return found


def issuing_units(site: Unit) -> list[Unit]:
    """Units of the site's subtree that have published documents (the list's unit filter)."""
    ids = (PublicDocument.objects.filter(site.subtree_q("unit__path"), state=DocumentState.PUBLISHED)
           .values("unit_id").distinct())
    return list(Unit.objects.filter(pk__in=ids, active=True).order_by("path"))


def years(site: Unit) -> list[int]:
    dates = (PublicDocument.objects.filter(site.subtree_q("unit__path"), state=DocumentState.PUBLISHED)
             .dates("issued_on", "year", order="DESC"))
    return [d.year for d in dates]
