"""RSS 2.0 and Atom feeds of the portal site and of each theme (Django's syndication framework)."""

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from educomms.newsroom.models import Story, Theme
from educomms.portal import selectors

FEED_SIZE = 20


class SiteFeed(Feed):
    def get_object(self, request: HttpRequest, *args, **kwargs):
        return selectors.portal_unit()

    def title(self, site):
        return site.name

    def link(self, site):
        return reverse("portal:home")

    def description(self, site):
        return _("Tin bài mới của %(unit)s") % {"unit": site.name}

    def items(self, site):
        return selectors.site_stories(site)[:FEED_SIZE]

    def item_title(self, item: Story):
        return item.title

    def item_description(self, item: Story):
        return item.summary

    def item_link(self, item: Story):
        return reverse("portal:story", args=[item.pk, item.slug])

    def item_pubdate(self, item: Story):
        return item.published_at

    def item_updateddate(self, item: Story):
        return item.updated_at


class SiteAtomFeed(SiteFeed):
    feed_type = Atom1Feed
    subtitle = SiteFeed.description


class ThemeFeed(SiteFeed):
    def get_object(self, request: HttpRequest, *args, **kwargs):
        site = selectors.portal_unit()
        return selectors.theme(site, kwargs["slug"])

    def title(self, theme: Theme):
        return f"{theme.name} — {theme.unit.name}"

    def link(self, theme: Theme):
        return reverse("portal:theme", args=[theme.slug])

    def description(self, theme: Theme):
        return theme.description or _("Tin bài theo chủ đề %(theme)s") % {"theme": theme.name}

    def items(self, theme: Theme):
        return selectors.theme_stories(theme.unit, theme)[:FEED_SIZE]


class ThemeAtomFeed(ThemeFeed):
    feed_type = Atom1Feed
    subtitle = ThemeFeed.description
