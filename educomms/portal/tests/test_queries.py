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


def _with_cover(story, world):
    from django.core.files.base import ContentFile

    from educomms.newsroom.models import StoryAsset

    asset = StoryAsset(story=story, kind=StoryAsset.Kind.IMAGE, uploaded_by=world.dept_officer, alt_text="Ảnh bìa",
                       caption="Chú thích", width=800, height=450, variants={"800": "stories/c-800.webp"})
    asset.file.save("c.webp", ContentFile(b"RIFF0000WEBP"), save=False)
    asset.save()
    story.cover = asset
    story.save(update_fields=["cover"])
    return story


def test_a_story_page_not_seen_before_takes_two_queries(client, world, django_assert_num_queries):
    first = make_story(unit=world.department, author=world.dept_officer)
    # Everything the page shows: a school's story with a cover, themes and audiences, republished.
    second = _with_cover(make_story(unit=world.school_a, author=world.teacher_a, attribution_unit=world.school_b,
                                    audiences=[Audience.PARENTS]), world)
    second.themes.add(make_theme(unit=world.department, name="Chủ đề", slug="chu-de"))
    client.get(reverse("portal:story", args=[first.pk, first.slug]))
    # The portal unit and the site's themes are cached: the story with its unit/cover/attribution, its
    # theme ids.
    with django_assert_num_queries(2):
        response = client.get(reverse("portal:story", args=[second.pk, second.slug]))
    html = response.content.decode()
    assert response.status_code == 200 and 'alt="Ảnh bìa"' in html and "Chú thích" in html
    assert world.school_b.name in html and world.school_a.display_name in html
