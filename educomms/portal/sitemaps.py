"""sitemap.xml: every public story of the portal's subtree, and the list pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from educomms.newsroom.models import Audience
from educomms.portal import selectors


class StorySitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return selectors.subtree_stories(selectors.portal_unit()).select_related(None).only(
            "id", "slug", "updated_at", "published_at")

    def location(self, item):
        return reverse("portal:story", args=[item.pk, item.slug])

    def lastmod(self, item):
        return item.updated_at


class ListSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        site = selectors.portal_unit()
        urls = [reverse("portal:home"), reverse("portal:press_room")]
        urls += [reverse("portal:theme", args=[t.slug]) for t in selectors.themes(site)]
        urls += [reverse("portal:audience", args=[a.value]) for a in Audience]
        urls += [reverse("portal:section", args=[u.pk, selectors.unit_slug(u)]) for u in selectors.sections(site)]
        return urls

    def location(self, item):
        return item


SITEMAPS = {"tin": StorySitemap, "trang": ListSitemap}
