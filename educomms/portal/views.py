"""The public portal: anonymous pages over published stories (input → selector → render)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from educomms.newsroom.models import Audience
from educomms.org.selectors import spokesperson_register
from educomms.portal import selectors
from educomms.portal.cache import cached_page

# The home page's latest list and theme blocks come from the site's latest HOME_WINDOW stories.
HOME_WINDOW = 100


def _page(request: HttpRequest, queryset):
    return Paginator(selectors.cards(queryset), selectors.PAGE_SIZE).get_page(request.GET.get("page"))


@require_GET
@cached_page
def home(request: HttpRequest) -> HttpResponse:
    site = selectors.portal_unit()
    featured = selectors.featured_stories(site)
    recent = selectors.recent_stories(site, limit=HOME_WINDOW)
    shown = {s.pk for s in featured}
    latest = [s for s in recent if s.pk not in shown][:10]
    return render(request, "portal/home.html", {
        "site": site, "featured": featured, "latest": latest,
        "theme_blocks": selectors.stories_by_theme(site, recent, window=HOME_WINDOW),
        "sections": selectors.section_links(site), "audiences": Audience.choices, "nav": "home",
    })


@require_GET
@cached_page
def latest(request: HttpRequest) -> HttpResponse:
    site = selectors.portal_unit()
    return render(request, "portal/list.html", {
        "site": site, "heading": _("Tất cả tin bài"), "page": _page(request, selectors.site_stories(site)),
    })


@require_GET
@cached_page
def section(request: HttpRequest, unit_id: int, slug: str) -> HttpResponse:
    site = selectors.portal_unit()
    unit = selectors.section(site, unit_id)
    if slug != selectors.unit_slug(unit):
        return HttpResponsePermanentRedirect(reverse("portal:section", args=[unit.pk, selectors.unit_slug(unit)]))
    return render(request, "portal/section.html", {
        "site": site, "unit": unit, "page": _page(request, selectors.site_stories(unit)),
    })


@require_GET
@cached_page
def story(request: HttpRequest, story_id: int, slug: str) -> HttpResponse:
    site = selectors.portal_unit()
    item, themes = selectors.story(site, story_id)
    if slug != item.slug:
        return HttpResponsePermanentRedirect(reverse("portal:story", args=[item.pk, item.slug]))
    return render(request, "portal/story.html", {
        "site": site, "story": item, "themes": themes,
        "description": Truncator(item.summary).words(50, truncate=" …"),  # as |truncatewords:50, once
        "audiences": [(a.value, a.label) for a in Audience if a.value in (item.audiences or [])],
        "share_url": request.build_absolute_uri(request.path),
    })


@require_GET
@cached_page
def theme(request: HttpRequest, slug: str) -> HttpResponse:
    site = selectors.portal_unit()
    item = selectors.theme(site, slug)
    return render(request, "portal/list.html", {
        "site": site, "heading": item.name, "intro": item.description, "theme": item,
        "page": _page(request, selectors.theme_stories(site, item)),
    })


@require_GET
@cached_page
def audience(request: HttpRequest, audience: str) -> HttpResponse:
    site = selectors.portal_unit()
    value = selectors.audience(audience)
    return render(request, "portal/list.html", {
        "site": site, "heading": _("Dành cho %(audience)s") % {"audience": value.label.lower()},
        "page": _page(request, selectors.audience_stories(site, value)), "nav": value.value,
    })


@require_GET
@cached_page
def press_room(request: HttpRequest) -> HttpResponse:
    site = selectors.portal_unit()
    return render(request, "portal/press_room.html", {
        "site": site, "register": spokesperson_register(site), "nav": "press",
    })



@require_GET
@cached_page
def english(request: HttpRequest) -> HttpResponse:
    """The unit in English, whatever the visitor's language: contacts, spokespersons, structure."""
    site = selectors.portal_unit()
    with translation.override("en"):
        response = render(request, "portal/english.html", {
            "site": site, "english_name": selectors.english_name(site), "register": spokesperson_register(site),
            "divisions": selectors.divisions(site), "counts": selectors.structure_counts(site), "nav": "english",
        })
    response.headers["Content-Language"] = "en"  # LocaleMiddleware only sets it when missing
    return response


@require_GET
def robots(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("portal:sitemap"))
    lines = ["User-agent: *", "Disallow: /lam-viec/", "Disallow: /tai-khoan/", "Disallow: /mang-luoi/",
             "Disallow: /nhat-ky/", "Disallow: /thong-bao/", "Disallow: /tin-bai/", "Disallow: /tiep-nhan/",
             "Disallow: /quan-ly-van-ban/", "Disallow: /chi-dao/", "Disallow: /api/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
