import xml.etree.ElementTree as ET  # noqa: S405  (parses only our own responses)

import pytest
from django.urls import reverse

from educomms.newsroom.models import StoryState
from educomms.portal.tests.factories import make_story, make_theme

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def parse(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314  (the portal's own feed, not untrusted input)


def test_the_site_rss_feed_lists_the_departments_published_stories(client, world):
    make_story(unit=world.department, author=world.dept_officer, title="Tin đã đăng")
    make_story(unit=world.department, author=world.dept_officer, title="Tin nháp", state=StoryState.DRAFT)
    response = client.get(reverse("portal:rss"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    root = parse(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert root.findtext("channel/title") == "Sở Giáo dục và Đào tạo tỉnh Bình Sơn"
    items = root.findall("channel/item")
    assert [i.findtext("title") for i in items] == ["Tin đã đăng"]
    assert items[0].findtext("link").startswith("http://testserver/tin/")


def test_the_site_atom_feed_parses_with_the_right_entries(client, world):
    make_story(unit=world.department, author=world.dept_officer, title="Tin một")
    make_story(unit=world.school_a, author=world.officer_a, title="Tin của trường")
    root = parse(client.get(reverse("portal:atom")).content)
    assert root.tag == f"{ATOM}feed"
    assert [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")] == ["Tin một"]


def test_a_theme_feed_lists_only_that_themes_stories(client, world):
    theme = make_theme(unit=world.department, name="An toàn trường học", slug="an-toan")
    make_story(unit=world.department, author=world.dept_officer, title="Phòng cháy").themes.add(theme)
    make_story(unit=world.department, author=world.dept_officer, title="Không liên quan")
    rss = parse(client.get(reverse("portal:theme_rss", args=["an-toan"])).content)
    assert [i.findtext("title") for i in rss.findall("channel/item")] == ["Phòng cháy"]
    atom = parse(client.get(reverse("portal:theme_atom", args=["an-toan"])).content)
    assert [e.findtext(f"{ATOM}title") for e in atom.findall(f"{ATOM}entry")] == ["Phòng cháy"]
    assert client.get(reverse("portal:theme_rss", args=["khong-co"])).status_code == 404


def test_the_sitemap_lists_published_stories_only(client, world):
    published = make_story(unit=world.school_a, author=world.officer_a)
    draft = make_story(unit=world.department, author=world.dept_officer, state=StoryState.DRAFT)
    retracted = make_story(unit=world.department, author=world.dept_officer, state=StoryState.RETRACTED)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = [u.findtext(f"{ns}loc") for u in parse(response.content).findall(f"{ns}url")]
    assert f"http://testserver/tin/{published.pk}-{published.slug}/" in urls
    assert not any(f"/tin/{s.pk}-" in u for s in (draft, retracted) for u in urls)
    assert "http://testserver/" in urls and "http://testserver/phong-bao-chi/" in urls
    assert any("/don-vi/" in u for u in urls)


def test_robots_txt_points_to_the_sitemap(client, world):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /lam-viec/" in body
