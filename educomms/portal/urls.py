from django.contrib.sitemaps.views import sitemap
from django.urls import path

from educomms.portal import feeds, views, views_search
from educomms.portal.sitemaps import SITEMAPS

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("tin/", views.latest, name="latest"),
    path("tin/<int:story_id>-<slug:slug>/", views.story, name="story"),
    path("chu-de/<slug:slug>/", views.theme, name="theme"),
    path("chu-de/<slug:slug>/rss.xml", feeds.ThemeFeed(), name="theme_rss"),
    path("chu-de/<slug:slug>/atom.xml", feeds.ThemeAtomFeed(), name="theme_atom"),
    path("doi-tuong/<str:audience>/", views.audience, name="audience"),
    path("don-vi/<int:unit_id>-<slug:slug>/", views.section, name="section"),
    path("tim-kiem/", views_search.search, name="search"),
    path("phong-bao-chi/", views.press_room, name="press_room"),
    path("en/", views.english, name="english"),
    path("rss.xml", feeds.SiteFeed(), name="rss"),
    path("atom.xml", feeds.SiteAtomFeed(), name="atom"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
]
