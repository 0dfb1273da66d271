"""/api/v1/directives: my inbox, reading and acknowledging, coverage of a unit, the issuers' list — scoped
like the pages (own receipts only; School B gets 404 for School A; the department sees its subtree)."""

import datetime as dt

import pytest
from django.db import connection

from educomms.api.tests.helpers import error_of

from .. import services
from ..models import Receipt
from .factories import draft, issued, receipt_of


@pytest.fixture
def directive(world, django_capture_on_commit_callbacks):
    return issued(world, django_capture_on_commit_callbacks, confirmation_phrase="Tôi đã đọc")


def test_it_lists_my_directives_with_the_unread_count(world, api_as, directive):
    response = api_as(world.teacher_a).get("/api/v1/directives/inbox")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 1 and body["unread"] == 1
    item = body["items"][0]
    assert item["directive"]["id"] == directive.pk and item["directive"]["number_symbol"] == "125/SGDĐT-VP"
    assert item["opened_at"] is None and item["directive"]["confirmation_phrase"] == "Tôi đã đọc"


def test_the_inbox_takes_a_fixed_number_of_queries(world, api_as, directive, django_capture_on_commit_callbacks,
                                                   django_assert_num_queries):
    issued(world, django_capture_on_commit_callbacks, title="Kế hoạch phòng chống bạo lực học đường")
    client = api_as(world.teacher_a)
    # token + person, the page, the count, the unread count (+ the token's last-used stamp).
    with django_assert_num_queries(5):
        response = client.get("/api/v1/directives/inbox")
    assert response.json()["count"] == 2


def test_a_teacher_opens_and_acknowledges_with_the_phrase(world, api_as, directive):
    client = api_as(world.teacher_a)
    receipt = receipt_of(directive, world.teacher_a)
    opened = client.post(f"/api/v1/directives/receipts/{receipt.pk}/open")
    assert opened.status_code == 200 and opened.json()["opened_at"] is not None
    wrong = client.post(f"/api/v1/directives/receipts/{receipt.pk}/acknowledge", {"phrase": "đã xem"})
    assert wrong.status_code == 400
    assert "Câu xác nhận chưa đúng" in error_of(wrong)["message"] + str(error_of(wrong)["details"])
    ok = client.post(f"/api/v1/directives/receipts/{receipt.pk}/acknowledge",
                     {"phrase": "toi da doc", "comment": "Đã phổ biến tới tổ"})
    assert ok.status_code == 200, ok.content
    assert ok.json()["acknowledged_at"] is not None and ok.json()["ack_comment"] == "Đã phổ biến tới tổ"
    assert client.get("/api/v1/directives/inbox").json()["unread"] == 0


def test_acknowledging_takes_a_couple_of_queries(world, api_as, directive, django_assert_num_queries):
    client = api_as(world.teacher_a)
    receipt = receipt_of(directive, world.teacher_a)
    # The token with its person and its last-used stamp, the receipt with its directive's status and phrase,
    # then on PostgreSQL one statement for the receipt and the counter; elsewhere two, in a transaction
    # (here a savepoint and its release).
    with django_assert_num_queries(4 if connection.vendor == "postgresql" else 7):
        response = client.post(f"/api/v1/directives/receipts/{receipt.pk}/acknowledge", {"phrase": "Tôi đã đọc"})
    assert response.status_code == 200
    # Again within the minute: the token (stamped already) and the receipt, nothing written.
    with django_assert_num_queries(2):
        again = client.post(f"/api/v1/directives/receipts/{receipt.pk}/acknowledge", {"phrase": "Tôi đã đọc"})
    assert again.status_code == 200 and again.json() == response.json()


def test_it_answers_what_the_acknowledgment_changed(world, api_as, directive):
    receipt = receipt_of(directive, world.teacher_a)
    response = api_as(world.teacher_a).post(f"/api/v1/directives/receipts/{receipt.pk}/acknowledge",
                                            {"phrase": "TÔI ĐÃ ĐỌC", "comment": "  Đã   nhận "})
    assert response.status_code == 200, response.content
    stored = Receipt.objects.get(pk=receipt.pk)
    body = response.json()
    assert set(body) == {"id", "directive_id", "opened_at", "acknowledged_at", "ack_comment"}
    assert (body["id"], body["directive_id"], body["ack_comment"]) == (receipt.pk, directive.pk, "Đã nhận")
    at = stored.acknowledged_at
    assert dt.datetime.fromisoformat(body["acknowledged_at"]) == at.replace(microsecond=at.microsecond // 1000 * 1000)
    assert body["opened_at"] == body["acknowledged_at"]


def test_it_refuses_to_acknowledge_a_withdrawn_directive(world, api_as, directive):
    services.withdraw_directive(actor=world.director, directive=directive, reason="Thay bằng văn bản khác")
    receipt = receipt_of(directive, world.teacher_a)
    response = api_as(world.teacher_a).post(f"/api/v1/directives/receipts/{receipt.pk}/acknowledge",
                                            {"phrase": "Tôi đã đọc"})
    assert response.status_code == 400
    assert "thu hồi" in error_of(response)["message"] + str(error_of(response)["details"])
    assert Receipt.objects.get(pk=receipt.pk).acknowledged_at is None


@pytest.mark.parametrize("receipt_id", ["0", "-1", "99999999999999999999", "abc"])
def test_it_answers_404_or_422_for_an_impossible_receipt_id(world, api_as, directive, receipt_id):
    response = api_as(world.teacher_a).post(f"/api/v1/directives/receipts/{receipt_id}/acknowledge", {})
    assert response.status_code in (404, 422) and response.status_code != 500


def test_nobody_else_reaches_my_receipt(world, api_as, directive):
    receipt = receipt_of(directive, world.teacher_a)
    for person in (world.principal_a, world.principal_b, world.director):
        response = api_as(person).post(f"/api/v1/directives/receipts/{receipt.pk}/acknowledge", {})
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    assert Receipt.objects.get(pk=receipt.pk).acknowledged_at is None


def test_anonymous_gets_401(world, api_as, directive):
    assert api_as(None).get("/api/v1/directives/inbox").status_code == 401


def test_the_department_reads_coverage_of_its_subtree(world, api_as, directive):
    services.acknowledge_receipt(actor=world.teacher_a, receipt=receipt_of(directive, world.teacher_a),
                                 phrase="Tôi đã đọc")
    response = api_as(world.dept_officer).get(f"/api/v1/directives/{directive.pk}/coverage")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["unit"]["id"] == world.department.pk
    assert (body["totals"]["recipients"], body["totals"]["acknowledged"]) == (7, 1)
    assert [r["unit"]["id"] for r in body["children"]] == [world.department.pk, world.commune.pk]
    school = api_as(world.dept_officer).get(f"/api/v1/directives/{directive.pk}/coverage",
                                            {"unit": world.school_a.pk}).json()
    assert (school["totals"]["recipients"], school["totals"]["acknowledged"]) == (3, 1)


def test_a_school_head_reads_their_school_and_gets_404_for_the_sibling(world, api_as, directive):
    client = api_as(world.principal_a)
    mine = client.get(f"/api/v1/directives/{directive.pk}/coverage", {"unit": world.school_a.pk})
    assert mine.status_code == 200 and mine.json()["totals"]["recipients"] == 3
    sibling = api_as(world.principal_b).get(f"/api/v1/directives/{directive.pk}/coverage",
                                            {"unit": world.school_a.pk})
    assert sibling.status_code == 404 and error_of(sibling)["code"] == "not_found"
    # Without a unit the issuing unit is meant: the department, out of a school head's scope.
    assert client.get(f"/api/v1/directives/{directive.pk}/coverage").status_code == 404


def test_a_teacher_has_no_coverage(world, api_as, directive):
    response = api_as(world.teacher_a).get(f"/api/v1/directives/{directive.pk}/coverage",
                                           {"unit": world.school_a.pk})
    assert response.status_code == 404


def test_issuers_list_their_directives_and_schools_see_none_of_the_departments(world, api_as, directive):
    pending = draft(world, title="Hướng dẫn thi tốt nghiệp THPT năm 2027")
    ids = [d["id"] for d in api_as(world.dept_officer).get("/api/v1/directives").json()["items"]]
    assert set(ids) == {directive.pk, pending.pk}
    assert api_as(world.principal_a).get("/api/v1/directives").json()["items"] == []
    found = api_as(world.dept_officer).get("/api/v1/directives", {"q": "thi tot nghiep"}).json()["items"]
    assert [d["id"] for d in found] == [pending.pk]


def test_a_recipient_reads_the_directive_but_not_a_draft(world, api_as, directive):
    response = api_as(world.teacher_a).get(f"/api/v1/directives/{directive.pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["my_receipt"]["id"] == receipt_of(directive, world.teacher_a).pk
    assert body["progress"]["state"] == "done" and body["targets"][0]["unit"]["id"] == world.department.pk
    pending = draft(world)
    assert api_as(world.teacher_a).get(f"/api/v1/directives/{pending.pk}").status_code == 404
    assert api_as(world.principal_b).get(f"/api/v1/directives/{pending.pk}").status_code == 404


def test_a_head_forwards_through_the_api(world, api_as, django_capture_on_commit_callbacks):
    from educomms.org.models import Unit
    from educomms.org.roles import Role

    from ..targeting import TargetSpec

    directive = issued(world, django_capture_on_commit_callbacks, forward_required=True,
                       targets=[TargetSpec(unit=world.department, unit_kinds=[Unit.Kind.SCHOOL], roles=[Role.HEAD])])
    denied = api_as(world.principal_b).post(f"/api/v1/directives/{directive.pk}/forward",
                                            {"unit_id": world.school_a.pk})
    assert denied.status_code == 404
    response = api_as(world.principal_a).post(f"/api/v1/directives/{directive.pk}/forward",
                                              {"unit_id": world.school_a.pk, "note": "Triển khai ngay"})
    assert response.status_code == 201, response.content
    assert response.json()["recipients"] == 2


def test_the_issuers_list_takes_a_fixed_number_of_queries(world, api_as, directive, django_capture_on_commit_callbacks,
                                                          django_assert_num_queries):
    issued(world, django_capture_on_commit_callbacks, title="Kế hoạch phòng chống bạo lực học đường")
    draft(world, title="Hướng dẫn thi tốt nghiệp THPT năm 2027")
    client = api_as(world.dept_officer)
    # token + its stamp, the grants (cached per request), the count, the page with units preloaded.
    with django_assert_num_queries(5):
        response = client.get("/api/v1/directives")
    assert response.json()["count"] == 3
