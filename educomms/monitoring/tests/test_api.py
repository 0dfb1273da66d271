"""/api/v1/monitoring: mentions, topics, alerts — scoped like the pages (School B gets 404 for School A; the
department sees its subtree; anonymous callers get 401)."""

import pytest

from educomms.api.tests.helpers import error_of
from educomms.monitoring import alerts
from educomms.monitoring.models import Alert, AlertKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(world, mw):
    return alerts.raise_alert(unit_id=world.school_a.pk, kind=AlertKind.HIGH_RISK, dedup_key="api:1", title="Tin rủi ro",
                              mention=mw.fee_mention)


def test_it_lists_the_schools_routed_mentions_with_their_risk(world, api_as, mw):
    body = api_as(world.officer_a).get("/api/v1/monitoring/mentions").json()
    titles = {m["title"] for m in body["items"]}
    assert "Phụ huynh phản ánh THCS An Phú thu sai quy định" in titles
    assert "Trường THCS Bình Minh khai giảng năm học mới" not in titles
    fee = next(m for m in body["items"] if m["id"] == mw.fee_mention.pk)
    assert fee["risk_reasons"] and fee["sentiment"] in {"negative", "neutral", "positive"}


def test_it_filters_by_words_without_diacritics(world, api_as, mw):
    body = api_as(world.dept_officer).get("/api/v1/monitoring/mentions", {"q": "khai giang"}).json()
    assert [m["id"] for m in body["items"]] == [mw.opening_mention.pk]


def test_a_mention_of_school_a_is_404_for_school_b(world, api_as, mw):
    assert api_as(world.officer_a).get(f"/api/v1/monitoring/mentions/{mw.fee_mention.pk}").status_code == 200
    response = api_as(world.principal_b).get(f"/api/v1/monitoring/mentions/{mw.fee_mention.pk}")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"


def test_a_topic_filter_out_of_scope_is_404(world, api_as, mw):
    assert api_as(world.principal_b).get("/api/v1/monitoring/mentions", {"topic": mw.topic_a.pk}).status_code == 404
    assert api_as(world.officer_a).get("/api/v1/monitoring/mentions", {"topic": mw.topic_a.pk}).status_code == 200


def test_topics_are_scoped(world, api_as, mw):
    names = {t["name"] for t in api_as(world.principal_b).get("/api/v1/monitoring/topics").json()["items"]}
    assert names == {mw.topic_b.name}


def test_alerts_are_listed_and_acknowledged_in_scope_only(world, api_as, alert):
    school_a = Alert.objects.filter(unit=world.school_a).count()
    assert school_a >= 1
    assert api_as(world.officer_a).get("/api/v1/monitoring/alerts", {"open": True}).json()["count"] == school_a
    assert api_as(world.principal_b).get("/api/v1/monitoring/alerts").json()["count"] == Alert.objects.filter(
        unit=world.school_b).count() == 0
    assert api_as(world.principal_b).post(f"/api/v1/monitoring/alerts/{alert.pk}/acknowledge").status_code == 404
    response = api_as(world.officer_a).post(f"/api/v1/monitoring/alerts/{alert.pk}/acknowledge")
    assert response.status_code == 200 and response.json()["acknowledged_by_id"] == world.officer_a.pk
    assert Alert.objects.get(pk=alert.pk).acknowledged_at is not None


@pytest.mark.parametrize("path", ["/api/v1/monitoring/mentions", "/api/v1/monitoring/topics",
                                  "/api/v1/monitoring/alerts"])
def test_anonymous_callers_get_401(api_as, mw, path):
    assert api_as(None).get(path).status_code == 401


def test_a_teacher_sees_no_mentions(world, api_as, mw):
    assert api_as(world.teacher_a).get("/api/v1/monitoring/mentions").json()["count"] == 0
