"""Editing, adding, moving, (de)activating a unit and its two-factor setting, through the forms."""

import pytest
from django.urls import reverse

from educomms.audit.models import Event
from educomms.org import services
from educomms.org.models import Unit


def url(name, unit):
    return reverse(f"org:{name}", args=[unit.pk])


def edit_data(unit, **changes):
    data = {"name": unit.name, "short_name": unit.short_name, "kind": unit.kind, "school_level": unit.school_level,
            "code": unit.code or "", "address": unit.address, "phone": unit.phone, "email": unit.email,
            "website": unit.website}
    return {**data, **changes}


# --- access matrix ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["unit_edit", "unit_create", "unit_move", "unit_active", "unit_security"])
def test_it_sends_anonymous_visitors_to_the_login_page(world, client, name):
    response = client.get(url(name, world.school_a))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


@pytest.mark.parametrize("name", ["unit_edit", "unit_create", "unit_move", "unit_active", "unit_security"])
def test_it_answers_404_to_the_principal_of_the_sibling_school(world, login, name):
    client = login(world.principal_b)
    assert client.get(url(name, world.school_a)).status_code == 404
    assert client.post(url(name, world.school_a), {"name": "X"}).status_code == 404


@pytest.mark.parametrize("name", ["unit_edit", "unit_create", "unit_move", "unit_active", "unit_security"])
def test_it_answers_403_to_a_teacher_who_sees_the_school(world, login, name):
    client = login(world.teacher_a)
    assert client.get(url(name, world.school_a)).status_code == 403
    assert client.post(url(name, world.school_a), {"active": "0"}).status_code == 403
    world.school_a.refresh_from_db()
    assert world.school_a.active


def test_it_answers_403_to_the_department_officer_who_sees_but_does_not_manage(world, login):
    client = login(world.dept_officer)
    for name in ["unit_edit", "unit_create", "unit_move", "unit_active", "unit_security"]:
        assert client.get(url(name, world.department)).status_code == 403, name


@pytest.mark.parametrize("name", ["unit_edit", "unit_create", "unit_security"])
def test_it_lets_the_principal_manage_their_own_school(world, login, name):
    assert login(world.principal_a).get(url(name, world.school_a)).status_code == 200


@pytest.mark.parametrize("name", ["unit_move", "unit_active"])
def test_it_keeps_a_principal_from_cutting_their_own_school_loose(world, login, name):
    assert login(world.principal_a).get(url(name, world.school_a)).status_code == 403


@pytest.mark.parametrize("name", ["unit_move", "unit_active"])
def test_it_lets_the_director_restructure_a_school(world, login, name):
    assert login(world.director).get(url(name, world.school_a)).status_code == 200


# --- edit ------------------------------------------------------------------------------------------

def test_it_saves_the_changed_contacts_and_records_only_what_changed(world, login):
    response = login(world.principal_a).post(url("unit_edit", world.school_a), edit_data(
        world.school_a, phone="+84 912 345 678", address="Thôn 3, xã An Phú"))
    assert response.status_code == 302 and response.url == url("unit", world.school_a)
    world.school_a.refresh_from_db()
    assert world.school_a.phone == "0912345678" and world.school_a.address == "Thôn 3, xã An Phú"
    event = Event.objects.filter(verb="unit.updated", object_id=str(world.school_a.pk)).get()
    assert set(event.after) == {"phone", "address"}
    assert event.actor == world.principal_a


def test_it_shows_a_vietnamese_error_for_a_bad_phone_and_changes_nothing(world, login):
    before = Event.objects.count()
    response = login(world.principal_a).post(url("unit_edit", world.school_a), edit_data(
        world.school_a, phone="12345", name="Tên mới"))
    assert response.status_code == 200
    assert "Số điện thoại không hợp lệ." in response.content.decode()
    world.school_a.refresh_from_db()
    assert world.school_a.name == "Trường THCS An Phú" and world.school_a.phone == ""
    assert Event.objects.count() == before


def test_it_refuses_a_code_used_by_another_unit(world, login):
    response = login(world.director).post(url("unit_edit", world.school_a), edit_data(world.school_a, code="THCS-BM"))
    assert "Mã đơn vị THCS-BM đã được dùng." in response.content.decode()
    world.school_a.refresh_from_db()
    assert world.school_a.code == "THCS-AP"


def test_it_asks_for_the_level_of_a_school(world, login):
    response = login(world.director).post(url("unit_edit", world.school_a), edit_data(world.school_a, school_level=""))
    assert "Hãy chọn cấp học của trường." in response.content.decode()
    world.school_a.refresh_from_db()
    assert world.school_a.school_level == Unit.SchoolLevel.LOWER_SECONDARY


# --- add a sub-unit --------------------------------------------------------------------------------

def test_it_adds_a_school_under_the_commune(world, login):
    response = login(world.director).post(url("unit_create", world.commune), {
        "name": "Trường Tiểu học An Phú", "kind": Unit.Kind.SCHOOL, "school_level": Unit.SchoolLevel.PRIMARY,
        "code": "TH-AP", "phone": "0222 3888 777"})
    unit = Unit.objects.get(code="TH-AP")
    assert response.status_code == 302 and response.url == url("unit", unit)
    assert unit.parent == world.commune and unit.path == f"{world.commune.path}{unit.pk}/"
    assert Event.objects.filter(verb="unit.created", object_id=str(unit.pk), actor=world.director).exists()


def test_it_does_not_add_a_unit_with_an_empty_name(world, login):
    count = Unit.objects.count()
    response = login(world.director).post(url("unit_create", world.commune), {
        "name": "   ", "kind": Unit.Kind.OTHER})
    assert response.status_code == 200
    assert "Tên đơn vị không được để trống." in response.content.decode() \
        or "Trường này là bắt buộc." in response.content.decode()
    assert Unit.objects.count() == count


def test_it_does_not_add_under_an_inactive_unit(world, login):
    services.set_unit_active(actor=world.admin, unit=world.division, active=False)
    response = login(world.director).post(url("unit_create", world.division), {"name": "Tổ mới", "kind": "other"})
    assert "Đơn vị cấp trên đang ngừng hoạt động." in response.content.decode()
    assert not Unit.objects.filter(name="Tổ mới").exists()


# --- move ------------------------------------------------------------------------------------------

def test_it_moves_a_school_to_another_commune_and_records_it(world, login):
    other = services.create_unit(actor=world.admin, parent=world.department, kind=Unit.Kind.COMMUNE, name="Xã Bình An")
    old_path = world.school_a.path
    response = login(world.director).post(url("unit_move", world.school_a), {"new_parent": other.pk})
    assert response.status_code == 302
    world.school_a.refresh_from_db()
    assert world.school_a.parent == other and world.school_a.path == f"{other.path}{world.school_a.pk}/"
    event = Event.objects.get(verb="unit.moved", object_id=str(world.school_a.pk))
    assert event.actor == world.director
    assert event.before == {"parent": world.commune.pk, "path": old_path}
    # The move shows in the audit page of the department, with both parents by name.
    html = login(world.director).get(reverse("audit:unit_events", args=[world.department.pk])).content.decode()
    assert "Chuyển đơn vị" in html and "Xã Bình An" in html and "Xã An Phú" in html


def test_it_refuses_to_move_a_unit_under_itself_and_changes_nothing(world, login):
    path = world.commune.path
    response = login(world.director).post(url("unit_move", world.commune), {"new_parent": world.school_a.pk})
    assert response.status_code == 200
    assert "Đơn vị đã chọn không hợp lệ hoặc bạn không có quyền với đơn vị đó." in response.content.decode()
    world.commune.refresh_from_db()
    assert world.commune.path == path
    assert not Event.objects.filter(verb="unit.moved").exists()


def test_it_asks_where_to_move(world, login):
    response = login(world.director).post(url("unit_move", world.school_a), {})
    assert "Hãy chọn một đơn vị." in response.content.decode()


def test_it_refuses_a_new_parent_the_user_may_not_manage(world, login):
    # The admin's ministry is outside the director's scope.
    response = login(world.director).post(url("unit_move", world.school_a), {"new_parent": world.ministry.pk})
    assert "Đơn vị đã chọn không hợp lệ" in response.content.decode()
    world.school_a.refresh_from_db()
    assert world.school_a.parent == world.commune


# --- deactivate / reactivate ------------------------------------------------------------------------

def test_it_deactivates_and_reactivates_a_school(world, login):
    client = login(world.director)
    assert client.post(url("unit_active", world.school_b), {"active": "0"}).status_code == 302
    world.school_b.refresh_from_db()
    assert not world.school_b.active and world.school_b.deactivated_at is not None
    html = client.get(url("unit", world.school_b)).content.decode()
    assert 'data-testid="inactive-badge"' in html
    assert client.post(url("unit_active", world.school_b), {"active": "1"}).status_code == 302
    world.school_b.refresh_from_db()
    assert world.school_b.active
    verbs = list(Event.objects.filter(object_id=str(world.school_b.pk), object_type="org.unit")
                 .values_list("verb", flat=True))
    assert "unit.deactivated" in verbs and "unit.reactivated" in verbs


def test_it_explains_in_vietnamese_why_a_unit_with_active_sub_units_stays(world, login):
    response = login(world.director).post(url("unit_active", world.commune), {"active": "0"})
    assert response.status_code == 200
    assert "Hãy ngừng hoạt động hoặc chuyển các đơn vị trực thuộc trước." in response.content.decode()
    world.commune.refresh_from_db()
    assert world.commune.active


# --- two-factor setting ----------------------------------------------------------------------------

def test_it_lets_the_principal_require_two_factor_for_leaders(world, login):
    response = login(world.principal_a).post(url("unit_security", world.school_a), {"require_leader_2fa": "on"})
    assert response.status_code == 302
    world.school_a.refresh_from_db()
    assert world.school_a.require_leader_2fa
    # From now on the principal must sign in with a second factor; the director turns it off again.
    response = login(world.director).post(url("unit_security", world.school_a), {})
    assert response.status_code == 302
    world.school_a.refresh_from_db()
    assert not world.school_a.require_leader_2fa
