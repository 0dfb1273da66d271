import pytest
from django.urls import reverse

from educomms.newsroom.models import StoryState
from educomms.portal import cache as portal_cache
from educomms.portal.tests.factories import make_story

pytestmark = pytest.mark.django_db


def test_a_cached_home_is_served_without_queries(client, world, django_assert_num_queries):
    make_story(unit=world.department, author=world.dept_officer)
    client.get("/")
    with django_assert_num_queries(0):
        assert client.get("/").status_code == 200


def test_a_published_change_shows_up_after_the_story_is_saved(client, world):
    story = make_story(unit=world.department, author=world.dept_officer, title="Tiêu đề cũ")
    assert "Tiêu đề cũ" in client.get("/").content.decode()
    assert "Tiêu đề cũ" in client.get(reverse("portal:story", args=[story.pk, story.slug])).content.decode()
    story.title = "Tiêu đề mới"
    story.save(update_fields=["title"])
    assert "Tiêu đề mới" in client.get("/").content.decode()
    assert "Tiêu đề mới" in client.get(reverse("portal:story", args=[story.pk, story.slug])).content.decode()


def test_a_retracted_story_disappears_from_cached_pages(client, world):
    story = make_story(unit=world.department, author=world.dept_officer, title="Tin sẽ gỡ")
    url = reverse("portal:story", args=[story.pk, story.slug])
    assert client.get(url).status_code == 200
    story.state = StoryState.RETRACTED
    story.save(update_fields=["state"])
    assert client.get(url).status_code == 404
    assert "Tin sẽ gỡ" not in client.get("/").content.decode()


def test_a_deleted_story_bumps_the_generation(world):
    story = make_story(unit=world.department, author=world.dept_officer)
    before = portal_cache.generation()
    story.delete()
    assert portal_cache.generation() != before


def test_a_cached_page_does_not_change_without_a_story_change(client, world):
    make_story(unit=world.department, author=world.dept_officer, title="Tin đầu")
    client.get("/")
    # A write that bypasses the signals (a queryset update) is not seen until the next story change.
    from educomms.newsroom.models import Story

    Story.objects.update(title="Đổi ngầm")
    assert "Tin đầu" in client.get("/").content.decode()
    portal_cache.bump()
    assert "Đổi ngầm" in client.get("/").content.decode()


def test_unknown_query_strings_are_not_cached(client, world, django_assert_num_queries):
    make_story(unit=world.department, author=world.dept_officer)
    client.get("/?utm_source=zalo")
    # Rendered again, but the portal unit, the site's themes and the section links come from the cache:
    # featured, the latest stories, their themes.
    with django_assert_num_queries(3):
        client.get("/?utm_source=zalo")
