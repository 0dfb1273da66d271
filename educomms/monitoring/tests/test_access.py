"""Every monitoring page: the right role in scope succeeds, the same kind of role in a sibling unit gets 404
(School A's officer and principal against School B's principal), anonymous visitors go to the sign-in page."""

import pytest
from django.urls import reverse

from educomms.monitoring import alerts, cases
from educomms.monitoring.models import ActionKind, AlertKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(world, mw):
    alert = alerts.raise_alert(unit_id=world.school_a.pk, kind=AlertKind.HIGH_RISK, dedup_key="t:1", title="Tin rủi ro",
                               mention=mw.fee_mention)
    case = cases.open_case(actor=world.officer_a, unit=world.school_a, mentions=[mw.fee_mention],
                           title="Tin thu sai", claim="Trường thu sai quy định")
    action = cases.add_action(actor=world.officer_a, case=case, kind=ActionKind.CORRECTION, owner=world.officer_a,
                              deadline=None, target="Báo Giáo dục")
    return {"mention": mw.fee_mention.pk, "cluster": mw.fee_mention.cluster_id, "topic": mw.topic_a.pk,
            "alert": alert.pk, "source": mw.page_a.pk, "case": case.pk, "action": action.pk}


# (url name, kwargs from `objects`, method, post data)
SCHOOL_A_PAGES = [
    ("monitoring:mention", {"mention_id": "mention"}, "get", None),
    ("monitoring:label", {"mention_id": "mention"}, "post", {"sentiment": "negative"}),
    ("monitoring:cluster", {"cluster_id": "cluster"}, "get", None),
    ("monitoring:topic", {"topic_id": "topic"}, "get", None),
    ("monitoring:topic_edit", {"topic_id": "topic"}, "get", None),
    ("monitoring:alert", {"alert_id": "alert"}, "get", None),
    ("monitoring:alert_acknowledge", {"alert_id": "alert"}, "post", {}),
    ("monitoring:source", {"source_id": "source"}, "get", None),
    ("monitoring:source_edit", {"source_id": "source"}, "get", None),
    ("monitoring:source_fetch", {"source_id": "source"}, "post", {}),
    ("monitoring:case", {"case_id": "case"}, "get", None),
    ("monitoring:case_findings", {"case_id": "case"}, "post", {"claim": "Trường thu sai", "facts": "Đã kiểm tra"}),
    ("monitoring:case_verdict", {"case_id": "case"}, "post", {"verdict": "unverified"}),
    ("monitoring:case_note", {"case_id": "case"}, "post", {"text": "Đã gọi điện cho phụ huynh"}),
    ("monitoring:case_close", {"case_id": "case"}, "post", {}),
    ("monitoring:case_action_done", {"case_id": "case", "action_id": "action"}, "post", {}),
    ("monitoring:correction_letter", {"case_id": "case", "action_id": "action"}, "get", None),
]


def _url(name, kwargs, objects):
    return reverse(name, kwargs={k: objects[v] for k, v in kwargs.items()})


def _call(client, method, url, data):
    return client.get(url) if method == "get" else client.post(url, data or {})


@pytest.mark.parametrize(("name", "kwargs", "method", "data"), SCHOOL_A_PAGES)
def test_it_serves_school_a_pages_to_school_a_officer(login, world, objects, name, kwargs, method, data):
    response = _call(login(world.officer_a), method, _url(name, kwargs, objects), data)
    assert response.status_code in (200, 302), response.content[:300]


@pytest.mark.parametrize(("name", "kwargs", "method", "data"), SCHOOL_A_PAGES)
def test_it_hides_school_a_pages_from_school_b_principal(login, world, objects, name, kwargs, method, data):
    response = _call(login(world.principal_b), method, _url(name, kwargs, objects), data)
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "kwargs", "method", "data"), SCHOOL_A_PAGES)
def test_it_sends_anonymous_visitors_to_sign_in(client, objects, name, kwargs, method, data):
    response = _call(client, method, _url(name, kwargs, objects), data)
    assert response.status_code == 302 and "/tai-khoan/" in response["Location"]


LIST_PAGES = ["monitoring:inbox", "monitoring:topics", "monitoring:alerts", "monitoring:sources", "monitoring:cases",
              "monitoring:export"]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_it_lists_for_officers_and_refuses_teachers(login, world, mw, name):
    assert login(world.officer_a).get(reverse(name)).status_code == 200
    assert login(world.teacher_a).get(reverse(name)).status_code == 403


def test_it_shows_each_school_only_its_routed_mentions(login, world, mw):
    page_a = login(world.officer_a).get(reverse("monitoring:inbox")).content.decode()
    assert "THCS An Phú thu sai quy định" in page_a and "khai giảng năm học mới" not in page_a
    page_b = login(world.principal_b).get(reverse("monitoring:inbox")).content.decode()
    assert "khai giảng năm học mới" in page_b and "thu sai quy định" not in page_b


def test_it_shows_the_department_everything(login, world, mw):
    page = login(world.dept_officer).get(reverse("monitoring:inbox")).content.decode()
    assert "thu sai quy định" in page and "khai giảng năm học mới" in page and "ngoại khóa" in page


def test_it_hides_the_departments_feed_from_a_school(login, world, mw):
    url = reverse("monitoring:source", args=[mw.feed.pk])
    assert login(world.officer_a).get(url).status_code == 404
    assert login(world.dept_officer).get(url).status_code == 200


def test_it_exports_only_mentions_in_scope(login, world, mw):
    body = login(world.officer_a).get(reverse("monitoring:export") + "?dinh-dang=csv").content.decode("utf-8-sig")
    assert "thu sai quy định" in body and "khai giảng" not in body


def test_it_forbids_school_b_from_acting_on_school_a_mentions_in_bulk(login, world, mw):
    from educomms.monitoring.models import Match

    login(world.principal_b).post(reverse("monitoring:bulk"), {"action": "ignore", "mentions": [mw.fee_mention.pk]})
    assert not Match.objects.filter(mention=mw.fee_mention, status="ignored").exists()
