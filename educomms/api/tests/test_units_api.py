"""/api/v1/units: scoped like the pages — right role in scope succeeds, School B's head gets 404 for
School A, anonymous gets 401, visible without the capability gets 403."""

from educomms.api.tests.helpers import error_of
from educomms.audit.models import Event
from educomms.org import services
from educomms.org.models import Unit


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


# --- GET /units -----------------------------------------------------------------------------------

def test_it_lists_only_units_in_scope(world, api_as):
    assert set(ids(api_as(world.principal_a).get("/api/v1/units"))) == {world.school_a.pk}
    assert set(ids(api_as(world.principal_b).get("/api/v1/units"))) == {world.school_b.pk}
    department_view = set(ids(api_as(world.director).get("/api/v1/units")))
    assert {world.department.pk, world.division.pk, world.commune.pk, world.school_a.pk, world.school_b.pk} == department_view


def test_it_answers_401_to_an_anonymous_unit_list(world, api_as):
    response = api_as(None).get("/api/v1/units")
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"


def test_it_finds_units_without_diacritics(world, api_as):
    response = api_as(world.director).get("/api/v1/units", data={"q": "truong thcs an phu"})
    assert ids(response) == [world.school_a.pk]
    response = api_as(world.director).get("/api/v1/units", data={"q": "TRƯỜNG THCS"})
    assert set(ids(response)) == {world.school_a.pk, world.school_b.pk}


def test_it_does_not_search_outside_scope(world, api_as):
    assert ids(api_as(world.principal_b).get("/api/v1/units", data={"q": "an phu"})) == []


def test_it_filters_units_by_parent_kind_level_and_state(world, api_as):
    director = api_as(world.director)
    assert set(ids(director.get("/api/v1/units", data={"parent": world.commune.pk}))) == {
        world.school_a.pk, world.school_b.pk}
    assert set(ids(director.get("/api/v1/units", data={"kind": "commune"}))) == {world.commune.pk}
    assert set(ids(director.get("/api/v1/units", data={"school_level": "lower_secondary"}))) == {
        world.school_a.pk, world.school_b.pk}
    services.set_unit_active(actor=world.admin, unit=world.division, active=False)
    assert ids(director.get("/api/v1/units", data={"active": "false"})) == [world.division.pk]
    assert world.division.pk not in ids(director.get("/api/v1/units", data={"active": "true"}))


def test_it_answers_404_for_a_parent_filter_outside_scope(world, api_as):
    response = api_as(world.principal_b).get("/api/v1/units", data={"parent": world.school_a.pk})
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_it_pages_units_with_limit_and_offset(world, api_as):
    for n in range(7):
        services.create_unit(actor=world.admin, parent=world.commune, kind=Unit.Kind.SCHOOL,
                             school_level=Unit.SchoolLevel.PRIMARY, name=f"Trường Tiểu học số {n + 1}")
    director = api_as(world.director)
    everything = ids(director.get("/api/v1/units", data={"limit": 200}))
    assert len(everything) == 12

    page = director.get("/api/v1/units", data={"limit": 5, "offset": 5}).json()
    assert page["count"] == 12 and page["limit"] == 5 and page["offset"] == 5
    assert [u["id"] for u in page["items"]] == everything[5:10]
    last = director.get("/api/v1/units", data={"limit": 5, "offset": 10}).json()
    assert [u["id"] for u in last["items"]] == everything[10:]


def test_it_refuses_a_page_size_beyond_the_limit(world, api_as):
    response = api_as(world.director).get("/api/v1/units", data={"limit": 201})
    assert response.status_code == 422
    error = error_of(response)
    assert error["details"][0]["field"] == "limit"
    assert "200" in error["details"][0]["message"]


# --- GET /units/{id} and its sub-resources -----------------------------------------------------------

def test_it_shows_a_unit_in_scope_with_its_ancestors(world, api_as):
    response = api_as(world.principal_a).get(f"/api/v1/units/{world.school_a.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Trường THCS An Phú"
    assert body["kind"] == "school" and body["kind_label"] == "Trường học"
    assert body["school_level"] == "lower_secondary" and body["school_level_label"] == "Trung học cơ sở"
    assert [a["id"] for a in body["ancestors"]] == [world.ministry.pk, world.department.pk, world.commune.pk]


def test_it_hides_school_a_from_school_b(world, api_as):
    client = api_as(world.principal_b)
    for suffix in ("", "/children", "/counts", "/spokespersons"):
        response = client.get(f"/api/v1/units/{world.school_a.pk}{suffix}")
        assert response.status_code == 404, suffix
        assert error_of(response)["code"] == "not_found"


def test_it_answers_a_missing_unit_exactly_like_a_hidden_one(world, api_as):
    client = api_as(world.principal_b)
    hidden = client.get(f"/api/v1/units/{world.school_a.pk}")
    missing = client.get("/api/v1/units/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_it_answers_401_to_anonymous_unit_reads(world, api_as):
    anonymous = api_as(None)
    for suffix in ("", "/children", "/counts", "/spokespersons"):
        assert anonymous.get(f"/api/v1/units/{world.school_a.pk}{suffix}").status_code == 401, suffix


def test_it_lists_the_children_of_a_unit(world, api_as):
    response = api_as(world.director).get(f"/api/v1/units/{world.commune.pk}/children")
    assert response.status_code == 200
    assert {u["id"] for u in response.json()["items"]} == {world.school_a.pk, world.school_b.pk}
    assert all(u["child_count"] == 0 for u in response.json()["items"])
    assert api_as(world.principal_a).get(f"/api/v1/units/{world.commune.pk}/children").status_code == 404


def test_it_counts_people_by_role_down_the_subtree(world, api_as):
    response = api_as(world.director).get(f"/api/v1/units/{world.department.pk}/counts")
    assert response.status_code == 200
    body = response.json()
    # Department: director, spokesperson, officer; School A: principal, officer, teacher; School B: principal.
    assert body["by_role"]["head"] == 3
    assert body["by_role"]["comms_officer"] == 2
    assert body["by_role"]["spokesperson"] == 1
    assert body["by_role"]["staff"] == 1
    assert body["total"] == 7
    children = {c["unit"]["id"]: c for c in body["children"]}
    assert children[world.commune.pk]["total"] == 4
    assert children[world.division.pk]["total"] == 0

    school = api_as(world.principal_a).get(f"/api/v1/units/{world.school_a.pk}/counts").json()
    assert (school["by_role"]["head"], school["by_role"]["comms_officer"], school["by_role"]["staff"]) == (1, 1, 1)


def test_it_lists_the_spokespersons_of_a_unit(world, api_as):
    response = api_as(world.teacher_a).get(f"/api/v1/units/{world.school_a.pk}/spokespersons")
    assert response.status_code == 200
    assert [(p["person_id"], p["role"]) for p in response.json()] == [(world.principal_a.pk, "head")]
    department = api_as(world.director).get(f"/api/v1/units/{world.department.pk}/spokespersons").json()
    assert {(p["full_name"], p["role"]) for p in department} == {
        ("Nguyễn Văn Hùng", "head"), ("Trần Thị Mai", "spokesperson")}
    assert department[0]["phone"] and department[0]["email"]


# --- POST /units -------------------------------------------------------------------------------------

NEW_SCHOOL = {"kind": "school", "school_level": "primary", "name": "Trường Tiểu học An Phú",
              "code": "TH-AP", "email": "c1anphu@binhson.edu.vn", "phone": "0220 3888 123"}


def test_it_creates_a_unit_under_a_parent_the_caller_manages(world, api_as):
    response = api_as(world.director).post("/api/v1/units", {**NEW_SCHOOL, "parent_id": world.commune.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["parent_id"] == world.commune.pk
    assert body["school_level"] == "primary"
    assert body["phone"] == "02203888123"
    unit = Unit.objects.get(pk=body["id"])
    assert unit.path == f"{world.commune.path}{unit.pk}/"
    assert Event.objects.filter(verb="unit.created", object_id=str(unit.pk), actor=world.director).exists()


def test_it_answers_404_when_creating_under_a_sibling_school(world, api_as):
    response = api_as(world.principal_b).post("/api/v1/units", {**NEW_SCHOOL, "parent_id": world.school_a.pk})
    assert response.status_code == 404
    assert not Unit.objects.filter(code="TH-AP").exists()


def test_it_answers_403_to_a_teacher_creating_a_unit(world, api_as):
    response = api_as(world.teacher_a).post("/api/v1/units", {**NEW_SCHOOL, "parent_id": world.school_a.pk})
    assert response.status_code == 403
    error = error_of(response)
    assert error["code"] == "forbidden"
    assert error["message"] == "Bạn không có quyền thực hiện thao tác này."
    assert not Unit.objects.filter(code="TH-AP").exists()


def test_it_answers_401_to_an_anonymous_create(world, api_as):
    assert api_as(None).post("/api/v1/units", {**NEW_SCHOOL, "parent_id": world.commune.pk}).status_code == 401
    assert not Unit.objects.filter(code="TH-AP").exists()


def test_it_reports_a_duplicate_code_in_vietnamese_and_creates_nothing(world, api_as):
    before = Unit.objects.count()
    response = api_as(world.director).post("/api/v1/units", {**NEW_SCHOOL, "code": "THCS-AP",
                                                             "parent_id": world.commune.pk})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert error["message"] == "Mã đơn vị THCS-AP đã được dùng."
    assert error["details"] == [{"field": "code", "message": "Mã đơn vị THCS-AP đã được dùng.", "type": "invalid",
                                 "location": None}]
    assert Unit.objects.count() == before


def test_it_reports_missing_and_malformed_fields_with_details(world, api_as):
    before = Unit.objects.count()
    response = api_as(world.director).post("/api/v1/units", {"parent_id": "abc", "kind": "truong",
                                                             "email": "khong-phai-email"})
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    by_field = {d["field"]: d for d in error["details"]}
    assert by_field["name"]["message"] == "Trường này là bắt buộc."
    assert by_field["parent_id"]["message"] == "Cần một số nguyên."
    assert by_field["kind"]["message"].startswith("Giá trị không hợp lệ. Chấp nhận:")
    assert "'school'" in by_field["kind"]["message"]
    assert by_field["email"]["message"] == "Thư điện tử “khong-phai-email” không hợp lệ."
    assert all(d["location"] == "body" for d in error["details"])
    assert Unit.objects.count() == before


# --- PATCH /units/{id} --------------------------------------------------------------------------------

def test_it_lets_a_principal_edit_their_school(world, api_as):
    response = api_as(world.principal_a).patch(f"/api/v1/units/{world.school_a.pk}",
                                               {"address": "Thôn 3, xã An Phú", "phone": "0220.3777.456"})
    assert response.status_code == 200, response.content
    world.school_a.refresh_from_db()
    assert world.school_a.address == "Thôn 3, xã An Phú"
    assert world.school_a.phone == "02203777456"
    assert world.school_a.name == "Trường THCS An Phú"  # fields not sent are left alone
    event = Event.objects.get(verb="unit.updated", object_id=str(world.school_a.pk))
    assert event.after == {"address": "Thôn 3, xã An Phú", "phone": "02203777456"}


def test_it_answers_404_to_school_b_editing_school_a(world, api_as):
    response = api_as(world.principal_b).patch(f"/api/v1/units/{world.school_a.pk}", {"address": "Xâm nhập"})
    assert response.status_code == 404
    world.school_a.refresh_from_db()
    assert world.school_a.address == ""


def test_it_answers_403_to_an_officer_editing_their_school(world, api_as):
    response = api_as(world.officer_a).patch(f"/api/v1/units/{world.school_a.pk}", {"address": "Không được"})
    assert response.status_code == 403
    world.school_a.refresh_from_db()
    assert world.school_a.address == ""


def test_it_answers_401_to_an_anonymous_edit(world, api_as):
    assert api_as(None).patch(f"/api/v1/units/{world.school_a.pk}", {"address": "x"}).status_code == 401


def test_it_refuses_an_empty_name_in_vietnamese(world, api_as):
    response = api_as(world.principal_a).patch(f"/api/v1/units/{world.school_a.pk}", {"name": "  "})
    assert response.status_code == 400
    assert error_of(response)["message"] == "Tên đơn vị không được để trống."
    world.school_a.refresh_from_db()
    assert world.school_a.name == "Trường THCS An Phú"


def test_it_refuses_an_edit_with_no_fields(world, api_as):
    response = api_as(world.principal_a).patch(f"/api/v1/units/{world.school_a.pk}", {})
    assert response.status_code == 400
    assert error_of(response)["message"] == "Không có trường nào để cập nhật."


# --- POST /units/{id}/move -----------------------------------------------------------------------------

def test_it_moves_a_school_with_its_subtree(world, api_as):
    new_commune = services.create_unit(actor=world.admin, parent=world.department, kind=Unit.Kind.COMMUNE,
                                       name="Xã Bình An")
    response = api_as(world.director).post(f"/api/v1/units/{world.school_a.pk}/move",
                                           {"new_parent_id": new_commune.pk})
    assert response.status_code == 200, response.content
    assert response.json()["parent_id"] == new_commune.pk
    world.school_a.refresh_from_db()
    assert world.school_a.path == f"{new_commune.path}{world.school_a.pk}/"
    assert Event.objects.filter(verb="unit.moved", object_id=str(world.school_a.pk)).exists()


def test_it_answers_404_to_school_b_moving_school_a(world, api_as):
    response = api_as(world.principal_b).post(f"/api/v1/units/{world.school_a.pk}/move",
                                              {"new_parent_id": world.school_b.pk})
    assert response.status_code == 404
    world.school_a.refresh_from_db()
    assert world.school_a.parent_id == world.commune.pk


def test_it_answers_403_to_a_principal_moving_their_own_school(world, api_as):
    # The principal manages the school but not the commune above it: the structure is not theirs to change.
    response = api_as(world.principal_a).post(f"/api/v1/units/{world.school_a.pk}/move",
                                              {"new_parent_id": world.school_a.pk})
    assert response.status_code == 403
    response = api_as(world.principal_a).post(f"/api/v1/units/{world.school_a.pk}/move",
                                              {"new_parent_id": world.commune.pk})
    assert response.status_code == 404  # the commune is not even visible to a school head
    world.school_a.refresh_from_db()
    assert world.school_a.parent_id == world.commune.pk


def test_it_answers_403_to_a_department_officer_moving_a_school(world, api_as):
    response = api_as(world.dept_officer).post(f"/api/v1/units/{world.school_a.pk}/move",
                                               {"new_parent_id": world.division.pk})
    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"


def test_it_refuses_to_move_a_unit_under_itself(world, api_as):
    response = api_as(world.director).post(f"/api/v1/units/{world.commune.pk}/move",
                                           {"new_parent_id": world.school_a.pk})
    assert response.status_code == 400
    assert error_of(response)["message"] == (
        "Không thể chuyển một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.")
    world.commune.refresh_from_db()
    assert world.commune.parent_id == world.department.pk


def test_it_answers_401_to_an_anonymous_move(world, api_as):
    assert api_as(None).post(f"/api/v1/units/{world.school_a.pk}/move",
                             {"new_parent_id": world.division.pk}).status_code == 401


# --- POST /units/{id}/deactivate ------------------------------------------------------------------------

def test_it_deactivates_a_school_and_keeps_its_history(world, api_as):
    response = api_as(world.director).post(f"/api/v1/units/{world.school_b.pk}/deactivate")
    assert response.status_code == 200, response.content
    assert response.json()["active"] is False
    assert response.json()["deactivated_at"]
    world.school_b.refresh_from_db()
    assert not world.school_b.active
    assert world.school_b.memberships.count() == 1
    assert Event.objects.filter(verb="unit.deactivated", object_id=str(world.school_b.pk)).exists()


def test_it_answers_404_to_school_b_deactivating_school_a(world, api_as):
    assert api_as(world.principal_b).post(f"/api/v1/units/{world.school_a.pk}/deactivate").status_code == 404
    world.school_a.refresh_from_db()
    assert world.school_a.active


def test_it_answers_403_to_a_principal_closing_their_own_school(world, api_as):
    response = api_as(world.principal_a).post(f"/api/v1/units/{world.school_a.pk}/deactivate")
    assert response.status_code == 403
    world.school_a.refresh_from_db()
    assert world.school_a.active


def test_it_refuses_to_close_a_unit_with_active_sub_units(world, api_as):
    response = api_as(world.director).post(f"/api/v1/units/{world.commune.pk}/deactivate")
    assert response.status_code == 400
    assert error_of(response)["message"] == "Hãy ngừng hoạt động hoặc chuyển các đơn vị trực thuộc trước."
    world.commune.refresh_from_db()
    assert world.commune.active


def test_it_answers_401_to_an_anonymous_deactivation(world, api_as):
    assert api_as(None).post(f"/api/v1/units/{world.school_a.pk}/deactivate").status_code == 401
