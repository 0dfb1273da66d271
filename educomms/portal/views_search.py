"""Portal search (tìm kiếm) across published stories and public documents: input → search → render.
Not cached: every query is different (educomms.search does the work, see docs/documents.md)."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from educomms.core.text import fold
from educomms.newsroom import html
from educomms.portal import selectors
from educomms.search import query
from educomms.search.highlight import WORD, highlight, snippet


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    site = selectors.portal_unit()
    raw = request.GET.get("q", "")
    parsed = query.parse(raw) if raw.strip() else query.ParsedQuery("", [])
    page: Page | None = None
    if parsed.words:
        results = query.search(site, parsed.words)
        paginator: Paginator[Any] = Paginator(results, selectors.PAGE_SIZE)  # type: ignore[arg-type]  # Results counts and slices
        page = paginator.get_page(request.GET.get("page"))
        for hit in page.object_list:
            obj = hit.obj
            if hit.kind == "story":
                hit.title_html = highlight(obj.title, parsed.words)
                in_summary = set(WORD.findall(fold(obj.summary))) & set(parsed.words)
                text = obj.summary if in_summary else (html.text(obj.body) or obj.summary)
                hit.snippet_html = snippet(text, parsed.words)
            else:
                hit.title_html = highlight(obj.title, parsed.words)
                hit.number_html = highlight(obj.number_symbol, parsed.words)
                hit.snippet_html = snippet(obj.summary, parsed.words)
    return render(request, "portal/search.html", {
        "site": site, "query": parsed.text, "error": parsed.error if raw.strip() else "", "words": parsed.words,
        "page": page, "capped": page is not None and page.paginator.count >= query.MAX_HITS,
        "max_hits": query.MAX_HITS, "nav": "search",
    })
