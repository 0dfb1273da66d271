"""/api/v1/people and /api/v1/memberships: scoped like the pages, writes through the org services."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from educomms.api.tests.helpers import error_of
from educomms.audit.models import Event
from educomms.org import services
from educomms.org.models import Membership, Person, Unit
from educomms.org.roles import Role


def ids(response) -> set[int]:
    return {item["id"] for item in response.json()["items"]}


# --- GET /people ---------------------------------------------------------------------------------

def test_it_lists_only_people_of_school_a_to_its_principal(world, api_as):
    response = api_as(world.principal_a).get("/api/v1/people")
    assert response.status_code == 200
    assert ids(response) == {world.principal_a.pk, world.officer_a.pk, world.teacher_a.pk}


def test_it_hides_school_a_people_from_school_b(world, api_as):
    assert ids(api_as(world.principal_b).get("/api/v1/people")) == {world.principal_b.pk}
    response = api_as(world.principal_b).get("/api/v1/people", data={"unit": world.school_a.pk})
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_it_answers_401_to_an_anonymous_people_list(world, api_as):
    assert api_as(None).get("/api/v1/people").status_code == 401


def test_it_filters_people_by_subtree_role_and_name(world, api_as):
    director = api_as(world.director)
    assert ids(director.get("/api/v1/people", data={"unit": world.commune.pk})) == {
        world.principal_a.pk, world.officer_a.pk, world.teacher_a.pk, world.principal_b.pk}
    assert ids(director.get("/api/v1/people", data={"role": "head"})) == {
        world.director.pk, world.principal_a.pk, world.principal_b.pk}
    assert ids(director.get("/api/v1/people", data={"q": "vu thi hoa"})) == {world.teacher_a.pk}
    assert ids(director.get("/api/v1/people", data={"q": "Vũ Thị"})) == {world.teacher_a.pk}


def test_it_lists_people_whose_roles_ended_on_request(world, api_as):
    membership = Membership.objects.get(person=world.teacher_a)
    services.end_membership(actor=world.principal_a, membership=membership)
    client = api_as(world.principal_a)
    assert world.teacher_a.pk not in ids(client.get("/api/v1/people"))
    assert ids(client.get("/api/v1/people", data={"active": "false"})) == {world.teacher_a.pk}


def test_it_never_names_units_outside_the_readers_scope(world, api_as):
    # The teacher also teaches a few hours at School B: School A's principal must not learn that.
    services.add_membership(actor=world.admin, person=world.teacher_a, unit=world.school_b, role=Role.STAFF)
    items = api_as(world.principal_a).get("/api/v1/people", data={"q": "hoa"}).json()["items"]
    assert [m["unit"]["id"] for m in items[0]["memberships"]] == [world.school_a.pk]
    detail = api_as(world.principal_a).get(f"/api/v1/people/{world.teacher_a.pk}").json()
    assert [m["unit"]["id"] for m in detail["memberships"]] == [world.school_a.pk]
    everywhere = api_as(world.director).get(f"/api/v1/people/{world.teacher_a.pk}").json()
    assert {m["unit"]["id"] for m in everywhere["memberships"]} == {world.school_a.pk, world.school_b.pk}


def test_it_pages_people(world, api_as):
    for n in range(12):
        services.create_person(actor=world.admin, full_name=f"Giáo viên Số {n:02d}", email=f"gv{n}@anphu.test",
                               unit=world.school_a, role=Role.STAFF)
    client = api_as(world.principal_a)
    first = client.get("/api/v1/people", data={"limit": 10}).json()
    second = client.get("/api/v1/people", data={"limit": 10, "offset": 10}).json()
    assert first["count"] == second["count"] == 15
    assert len(first["items"]) == 10 and len(second["items"]) == 5
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in second["items"]}


def _add_staff(world, how_many: int, start: int) -> None:
    for n in range(start, start + how_many):
        person = services.create_person(actor=world.admin, full_name=f"Nhân viên {n:03d}", phone=f"09130{n:05d}",
                                        unit=world.school_a, role=Role.STAFF)
        services.add_membership(actor=world.admin, person=person, unit=world.school_a, role=Role.UNION_REP)


def _people_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/people", data={"limit": 200})
    assert response.status_code == 200
    return len(queries), len(response.json()["items"])


def test_it_lists_many_people_in_a_fixed_number_of_queries(world, api_as):
    client = api_as(world.director)
    client.get("/api/v1/me")  # stamp the token now, so that no last-used write lands in the measurement
    _add_staff(world, 5, 0)
    few, n_few = _people_queries(client)
    _add_staff(world, 60, 5)
    many, n_many = _people_queries(client)
    assert (n_few, n_many) == (12, 72)
    # Token lookup, the reader's roles, count, one page, the page's memberships with their units.
    assert few == many == 5


# --- GET /people/{id} -----------------------------------------------------------------------------------

def test_it_shows_a_person_with_their_memberships(world, api_as):
    response = api_as(world.principal_a).get(f"/api/v1/people/{world.teacher_a.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["full_name"] == "Vũ Thị Hoa" and body["title"] == "Giáo viên Ngữ văn"
    (membership,) = body["memberships"]
    assert membership["role"] == "staff" and membership["role_label"] == "Giáo viên, nhân viên"
    assert membership["since"] == timezone.localdate().isoformat()
    assert membership["until"] is None and membership["active"] is True


def test_it_answers_404_for_a_person_of_a_sibling_school(world, api_as):
    response = api_as(world.principal_b).get(f"/api/v1/people/{world.teacher_a.pk}")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_it_answers_401_to_an_anonymous_person_read(world, api_as):
    assert api_as(None).get(f"/api/v1/people/{world.teacher_a.pk}").status_code == 401


# --- POST /people ----------------------------------------------------------------------------------------

NEW_TEACHER = {"full_name": "  Lê   Thị Thu  ", "email": "Thu.Le@AnPhu.test", "phone": "091 234 5678",
               "title": "Giáo viên Toán", "role": "staff"}


def test_it_creates_a_person_with_a_first_membership(world, api_as):
    response = api_as(world.principal_a).post("/api/v1/people", {**NEW_TEACHER, "unit_id": world.school_a.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["full_name"] == "Lê Thị Thu"
    assert body["email"] == "thu.le@anphu.test" and body["phone"] == "0912345678"
    assert [(m["role"], m["unit"]["id"]) for m in body["memberships"]] == [("staff", world.school_a.pk)]
    assert Event.objects.filter(verb="person.created", object_id=str(body["id"]), actor=world.principal_a).exists()
    assert Event.objects.filter(verb="membership.added", actor=world.principal_a).exists()


def test_it_answers_404_to_school_b_adding_people_to_school_a(world, api_as):
    response = api_as(world.principal_b).post("/api/v1/people", {**NEW_TEACHER, "unit_id": world.school_a.pk})
    assert response.status_code == 404
    assert not Person.objects.filter(email="thu.le@anphu.test").exists()


def test_it_answers_403_to_a_teacher_adding_people(world, api_as):
    response = api_as(world.teacher_a).post("/api/v1/people", {**NEW_TEACHER, "unit_id": world.school_a.pk})
    assert response.status_code == 403
    assert not Person.objects.filter(email="thu.le@anphu.test").exists()


def test_it_answers_401_to_an_anonymous_person_create(world, api_as):
    assert api_as(None).post("/api/v1/people", {**NEW_TEACHER, "unit_id": world.school_a.pk}).status_code == 401


def test_it_reports_bad_contacts_in_vietnamese_and_creates_nobody(world, api_as):
    before = Person.objects.count()
    response = api_as(world.principal_a).post("/api/v1/people", {
        **NEW_TEACHER, "email": "giaovien@thcs-anphu.test", "phone": "12345", "unit_id": world.school_a.pk})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert {d["field"]: d["message"] for d in error["details"]} == {
        "phone": "Số điện thoại “12345” không hợp lệ (cần 10 chữ số, bắt đầu bằng 0)."}
    response = api_as(world.principal_a).post("/api/v1/people", {
        **NEW_TEACHER, "email": "giaovien@thcs-anphu.test", "unit_id": world.school_a.pk})
    assert response.status_code == 400
    assert error_of(response)["message"] == "Thư điện tử giaovien@thcs-anphu.test đã thuộc về người khác."
    response = api_as(world.principal_a).post("/api/v1/people", {
        "full_name": "Không Liên Lạc", "role": "staff", "unit_id": world.school_a.pk})
    assert response.status_code == 400
    assert error_of(response)["message"] == "Cần có thư điện tử hoặc số điện thoại để đăng nhập."
    assert Person.objects.count() == before


# --- POST /people/{id}/memberships ------------------------------------------------------------------------

def test_it_gives_a_teacher_a_second_role(world, api_as):
    response = api_as(world.principal_a).post(f"/api/v1/people/{world.teacher_a.pk}/memberships", {
        "unit_id": world.school_a.pk, "role": "spokesperson", "since": "2026-09-05"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["role"], body["unit"]["id"], body["since"]) == ("spokesperson", world.school_a.pk, "2026-09-05")
    assert Membership.objects.filter(person=world.teacher_a, role=Role.SPOKESPERSON, since=dt.date(2026, 9, 5)).exists()


def test_it_answers_404_to_school_b_giving_roles_to_school_a_people(world, api_as):
    response = api_as(world.principal_b).post(f"/api/v1/people/{world.teacher_a.pk}/memberships", {
        "unit_id": world.school_b.pk, "role": "staff"})
    assert response.status_code == 404
    assert world.teacher_a.memberships.count() == 1


def test_it_answers_403_to_an_officer_giving_roles(world, api_as):
    response = api_as(world.officer_a).post(f"/api/v1/people/{world.teacher_a.pk}/memberships", {
        "unit_id": world.school_a.pk, "role": "spokesperson"})
    assert response.status_code == 403
    assert world.teacher_a.memberships.count() == 1


def test_it_answers_401_to_an_anonymous_membership_add(world, api_as):
    assert api_as(None).post(f"/api/v1/people/{world.teacher_a.pk}/memberships", {
        "unit_id": world.school_a.pk, "role": "staff"}).status_code == 401


def test_it_refuses_a_role_the_person_already_holds(world, api_as):
    response = api_as(world.principal_a).post(f"/api/v1/people/{world.teacher_a.pk}/memberships", {
        "unit_id": world.school_a.pk, "role": "staff"})
    assert response.status_code == 400
    assert error_of(response)["message"] == "Người này đã giữ vai trò này tại đơn vị."
    assert world.teacher_a.memberships.count() == 1


def test_it_refuses_dates_that_are_not_dates(world, api_as):
    response = api_as(world.principal_a).post(f"/api/v1/people/{world.teacher_a.pk}/memberships", {
        "unit_id": world.school_a.pk, "role": "union_rep", "since": "05/09/2026"})
    assert response.status_code == 422
    (detail,) = error_of(response)["details"]
    assert detail["field"] == "since"
    assert detail["message"] == "Ngày không hợp lệ: dùng dạng NNNN-TT-NN, ví dụ 2026-02-05."


# --- POST /memberships/{id}/end ---------------------------------------------------------------------------

def test_it_ends_a_membership_and_keeps_it_as_history(world, api_as):
    membership = Membership.objects.get(person=world.teacher_a)
    response = api_as(world.principal_a).post(f"/api/v1/memberships/{membership.pk}/end")
    assert response.status_code == 200, response.content
    assert response.json()["until"] == timezone.localdate().isoformat()
    assert response.json()["active"] is False
    membership.refresh_from_db()
    assert membership.until == timezone.localdate()
    assert Event.objects.filter(verb="membership.ended", object_id=str(membership.pk)).exists()


def test_it_ends_a_membership_on_a_given_day(world, api_as):
    membership = Membership.objects.get(person=world.teacher_a)
    day = timezone.localdate() + dt.timedelta(days=30)
    response = api_as(world.director).post(f"/api/v1/memberships/{membership.pk}/end", {"until": day.isoformat()})
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.until == day


def test_it_answers_404_to_school_b_ending_school_a_memberships(world, api_as):
    membership = Membership.objects.get(person=world.teacher_a)
    assert api_as(world.principal_b).post(f"/api/v1/memberships/{membership.pk}/end").status_code == 404
    membership.refresh_from_db()
    assert membership.until is None


def test_it_answers_403_to_an_officer_ending_memberships(world, api_as):
    membership = Membership.objects.get(person=world.teacher_a)
    response = api_as(world.officer_a).post(f"/api/v1/memberships/{membership.pk}/end")
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.until is None


def test_it_answers_401_to_an_anonymous_membership_end(world, api_as):
    membership = Membership.objects.get(person=world.teacher_a)
    assert api_as(None).post(f"/api/v1/memberships/{membership.pk}/end").status_code == 401


def test_it_refuses_an_end_before_the_start(world, api_as):
    membership = Membership.objects.get(person=world.teacher_a)
    before_start = (membership.since - dt.timedelta(days=1)).isoformat()
    response = api_as(world.principal_a).post(f"/api/v1/memberships/{membership.pk}/end", {"until": before_start})
    assert response.status_code == 400
    error = error_of(response)
    assert error["details"] == [{"field": "until", "message": "Ngày kết thúc phải sau ngày bắt đầu.",
                                 "type": "invalid", "location": None}]
    membership.refresh_from_db()
    assert membership.until is None


# --- GET /me ----------------------------------------------------------------------------------------------

def test_it_tells_me_who_i_am_with_my_roles_and_units(world, api_as):
    body = api_as(world.director).get("/api/v1/me").json()
    assert body["full_name"] == "Nguyễn Văn Hùng"
    assert body["is_system_admin"] is False
    (role,) = body["roles"]
    assert role["role"] == "head" and role["unit"]["id"] == world.department.pk
    assert "org.manage_units" in role["capabilities"]
    assert [u["id"] for u in body["units"]] == [world.department.pk]


def test_it_answers_401_to_an_anonymous_me(world, api_as):
    assert api_as(None).get("/api/v1/me").status_code == 401


def test_it_shows_the_administrator_the_tree_roots(world, api_as):
    body = api_as(world.admin).get("/api/v1/me").json()
    assert body["is_system_admin"] is True
    assert body["roles"] == []
    assert [u["id"] for u in body["units"]] == [world.ministry.pk]
    assert Unit.objects.filter(parent__isnull=True).count() == 1
