import pytest
from django.urls import reverse

from educomms.newsroom.models import Audience
from educomms.portal.tests.factories import make_story, make_theme

pytestmark = pytest.mark.django_db


def _home_with_themes(world, themes: int = 9) -> None:
    items = [make_theme(unit=world.department, name=f"Chủ đề {i}", slug=f"chu-de-{i}") for i in range(themes)]
    for i in range(30):
        story = make_story(unit=world.department, author=world.dept_officer, featured=i < 2)
        story.themes.add(items[i % themes])


def test_the_home_takes_few_queries_however_many_themes(client, world, django_assert_num_queries):
    _home_with_themes(world)
    # portal unit, featured, the latest stories, their themes, the site's themes, section links
    with django_assert_num_queries(6):
        assert client.get("/").status_code == 200


def test_the_story_page_takes_few_queries(client, world, django_assert_num_queries):
    theme = make_theme(unit=world.department, name="Chủ đề", slug="chu-de")
    story = make_story(unit=world.department, author=world.dept_officer, attribution_unit=world.school_a,
                       audiences=[Audience.PUBLIC])
    story.themes.add(theme)
    # On an empty cache: portal unit, the story with its unit/cover/attribution, its theme ids, the site's
    # themes (the unit and the themes are then kept for the generation: see the next test).
    with django_assert_num_queries(4):
        assert client.get(reverse("portal:story", args=[story.pk, story.slug])).status_code == 200


def test_a_story_page_not_seen_before_takes_two_queries(client, world, django_assert_num_queries):
    first, second = (make_story(unit=world.department, author=world.dept_officer) for _ in range(2))
    client.get(reverse("portal:story", args=[first.pk, first.slug]))
    # The portal unit and the site's themes are cached: the story with its unit/cover/attribution, its
    # theme ids.
    with django_assert_num_queries(2):
        assert client.get(reverse("portal:story", args=[second.pk, second.slug])).status_code == 200
