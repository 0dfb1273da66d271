import pytest
from django.urls import reverse

from educomms.audit.models import Event
from educomms.monitoring.models import Topic

from .factories import build

pytestmark = pytest.mark.django_db


def test_it_saves_a_topic_for_the_officers_school(login, world):
    client = login(world.officer_a)
    response = client.post(reverse("monitoring:topic_create"), {
        "name": "Bạo lực học đường", "query": '"bạo lực" OR (đánh NEAR/3 "học sinh")', "priority": 3,
        "active": "on"})
    topic = Topic.objects.get(name="Bạo lực học đường")
    assert response.status_code == 302 and topic.unit == world.school_a and topic.priority == 3
    assert Event.objects.filter(verb="monitoring.topic_created", object_id=str(topic.pk)).exists()


def test_it_refuses_a_malformed_query_in_vietnamese_and_saves_nothing(login, world):
    client = login(world.officer_a)
    response = client.post(reverse("monitoring:topic_create"), {"name": "Sai", "query": '(học phí OR "lạm thu"',
                                                                 "priority": 2})
    assert response.status_code == 400
    assert "vị trí" in response.content.decode()
    assert not Topic.objects.filter(name="Sai").exists()


def test_the_preview_shows_matching_recent_mentions(login, world):
    build(world)
    response = login(world.officer_a).post(reverse("monitoring:topic_preview"), {"query": "hoc phi OR lam thu"})
    html = response.content.decode()
    assert response.status_code == 200 and "THCS An Phú thu sai quy định" in html
    assert "khai giảng" not in html


def test_the_preview_points_at_the_error(login, world):
    response = login(world.officer_a).post(reverse("monitoring:topic_preview"), {"query": "học phí AND"})
    html = response.content.decode()
    assert 'data-testid="query-error"' in html and "query-error-at" in html


def test_a_default_topic_is_rebuilt_from_aliases(login, world):
    mw = build(world)
    client = login(world.officer_a)
    client.post(reverse("monitoring:topic_edit", args=[mw.topic_a.pk]), {
        "name": mw.topic_a.name, "priority": 3, "active": "on", "aliases": "Trường An Phú\nTHCS AP"})
    mw.topic_a.refresh_from_db()
    assert '"Trường An Phú"' in mw.topic_a.query and '"THCS AP"' in mw.topic_a.query


def test_the_topic_dashboard_shows_volume_and_sources(login, world):
    mw = build(world)
    html = login(world.dept_officer).get(reverse("monitoring:topic", args=[mw.fees.pk])).content.decode()
    assert 'data-testid="volume-chart"' in html and "baomoi.example.vn" in html


def test_the_topics_page_shows_share_of_voice(login, world, django_assert_max_num_queries):
    build(world)
    client = login(world.dept_officer)
    with django_assert_max_num_queries(14):
        html = client.get(reverse("monitoring:topics")).content.decode()
    assert "Học phí" in html and "THCS An Phú" in html
