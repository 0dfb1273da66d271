"""sitemap.xml: every public story, document and answered question of the portal's subtree, and the list
pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from educomms.documents import selectors as documents
from educomms.enquiries import selectors as enquiries
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


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return documents.public_documents(selectors.portal_unit()).select_related(None).only(
            "id", "title", "published_at").order_by("-published_at", "-id")

    def location(self, item):
        return reverse("documents_public:detail", args=[item.pk, documents.document_slug(item)])

    def lastmod(self, item):
        return item.published_at


class QuestionSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return enquiries.published_questions(selectors.portal_unit()).select_related(None).only(
            "id", "published_at").order_by("-published_at", "-id")

    def location(self, item):
        return reverse("enquiries_public:question", args=[item.pk])

    def lastmod(self, item):
        return item.published_at


class ListSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        site = selectors.portal_unit()
        urls = [reverse("portal:home"), reverse("portal:press_room"), reverse("documents_public:list"),
                reverse("enquiries_public:questions")]
        urls += [reverse("portal:theme", args=[t.slug]) for t in selectors.themes(site)]
        urls += [reverse("portal:audience", args=[a.value]) for a in Audience]
        urls += [reverse("portal:section", args=[u.pk, selectors.unit_slug(u)]) for u in selectors.sections(site)]
        return urls

    def location(self, item):
        return item


SITEMAPS = {"tin": StorySitemap, "van-ban": DocumentSitemap, "hoi-dap": QuestionSitemap, "trang": ListSitemap}
