import pytest
from django.urls import reverse

from educomms.newsroom.models import Audience
from educomms.portal.tests.factories import make_story, make_theme

pytestmark = pytest.mark.django_db


def test_the_home_takes_few_queries(client, world, django_assert_num_queries):
    themes = [make_theme(unit=world.department, name=f"Chủ đề {i}", slug=f"chu-de-{i}") for i in range(2)]
    for i in range(12):
        story = make_story(unit=world.department, author=world.dept_officer, featured=i < 2)
        story.themes.add(themes[i % 2])
    # portal unit, featured, latest, themes, 2 × theme stories, sections
    with django_assert_num_queries(7):
        assert client.get("/").status_code == 200


def test_the_story_page_takes_few_queries(client, world, django_assert_num_queries):
    theme = make_theme(unit=world.department, name="Chủ đề", slug="chu-de")
    story = make_story(unit=world.department, author=world.dept_officer, attribution_unit=world.school_a,
                       audiences=[Audience.PUBLIC])
    story.themes.add(theme)
    # portal unit, the story with its unit/cover/attribution, its themes
    with django_assert_num_queries(3):
        assert client.get(reverse("portal:story", args=[story.pk, story.slug])).status_code == 200
