"""The person page, editing contacts, adding a person at a unit, giving and ending roles."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from educomms.audit.models import Event
from educomms.org import services
from educomms.org.models import Membership, Person
from educomms.org.roles import Role


def person_url(name, person):
    return reverse(f"org:{name}", args=[person.pk])


def contacts(person, **changes):
    return {"full_name": person.full_name, "title": person.title, "email": person.email or "",
            "phone": person.phone or "", "zalo_phone": person.zalo_phone, **changes}


# --- person page -----------------------------------------------------------------------------------

def test_it_shows_a_teacher_to_their_principal(world, login):
    response = login(world.principal_a).get(person_url("person", world.teacher_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vũ Thị Hoa" in html and "Giáo viên Ngữ văn" in html and "giaovien@thcs-anphu.test" in html
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert f"từ {today}" in html and "Trường THCS An Phú" in html


def test_it_answers_404_to_the_principal_of_the_sibling_school(world, login):
    assert login(world.principal_b).get(person_url("person", world.teacher_a)).status_code == 404


def test_it_sends_anonymous_visitors_to_the_login_page(world, client):
    for name in ["person", "person_edit", "membership_add"]:
        response = client.get(person_url(name, world.teacher_a))
        assert response.status_code == 302 and reverse("accounts:login") in response.url
    assert client.get(reverse("org:person_create", args=[world.school_a.pk])).status_code == 302
    membership = world.teacher_a.memberships.get()
    assert client.get(reverse("org:membership_end", args=[membership.pk])).status_code == 302


def test_it_shows_current_and_ended_roles_with_dates(world, login):
    old = services.add_membership(actor=world.admin, person=world.teacher_a, unit=world.school_a,
                                  role=Role.UNION_REP, since=dt.date(2024, 9, 5), until=dt.date(2025, 6, 1))
    assert not old.is_active
    html = login(world.principal_a).get(person_url("person", world.teacher_a)).content.decode()
    assert "Đại diện đoàn thể" in html and "từ 05/09/2024" in html and "đến 01/06/2025" in html
    assert "Đã kết thúc" in html and "Hiện tại" in html


def test_it_keeps_a_former_teacher_visible_to_their_old_school(world, login):
    services.end_membership(actor=world.principal_a, membership=world.teacher_a.memberships.get())
    assert login(world.principal_a).get(person_url("person", world.teacher_a)).status_code == 200
    assert login(world.principal_b).get(person_url("person", world.teacher_a)).status_code == 404


def test_it_offers_management_only_to_managers(world, login):
    edit = person_url("person_edit", world.teacher_a)
    html = login(world.officer_a).get(person_url("person", world.teacher_a)).content.decode()
    assert edit not in html and "Kết thúc</a>" not in html
    html = login(world.principal_a).get(person_url("person", world.teacher_a)).content.decode()
    assert edit in html and person_url("membership_add", world.teacher_a) in html and "Kết thúc</a>" in html


# --- edit contacts ---------------------------------------------------------------------------------

def test_it_saves_new_contacts(world, login):
    response = login(world.principal_a).post(person_url("person_edit", world.teacher_a), contacts(
        world.teacher_a, phone="0987 654 321", zalo_phone="0987654321", title="Tổ trưởng Ngữ văn"))
    assert response.status_code == 302
    world.teacher_a.refresh_from_db()
    assert world.teacher_a.phone == "0987654321" and world.teacher_a.title == "Tổ trưởng Ngữ văn"
    assert Event.objects.filter(verb="person.updated", object_id=str(world.teacher_a.pk)).exists()


def test_it_refuses_a_phone_of_someone_else_in_vietnamese(world, login):
    response = login(world.principal_a).post(person_url("person_edit", world.teacher_a),
                                             contacts(world.teacher_a, phone="0912000007"))
    assert response.status_code == 200
    assert "Số điện thoại 0912000007 đã thuộc về người khác." in response.content.decode()
    world.teacher_a.refresh_from_db()
    assert world.teacher_a.phone == "0912000006"


def test_it_needs_an_email_or_a_phone(world, login):
    response = login(world.principal_a).post(person_url("person_edit", world.teacher_a),
                                             contacts(world.teacher_a, phone="", email=""))
    assert "Cần có thư điện tử hoặc số điện thoại để đăng nhập." in response.content.decode()
    world.teacher_a.refresh_from_db()
    assert world.teacher_a.email == "giaovien@thcs-anphu.test"


def test_it_answers_403_to_an_officer_who_sees_but_does_not_manage(world, login):
    client = login(world.officer_a)
    assert client.get(person_url("person_edit", world.teacher_a)).status_code == 403
    assert client.post(person_url("person_edit", world.teacher_a),
                       contacts(world.teacher_a, title="X")).status_code == 403


def test_it_keeps_a_school_head_from_editing_a_department_leader_who_teaches_there(world, login):
    services.add_membership(actor=world.admin, person=world.director, unit=world.school_a, role=Role.STAFF)
    client = login(world.principal_a)
    assert client.get(person_url("person", world.director)).status_code == 200
    assert client.get(person_url("person_edit", world.director)).status_code == 403


def test_it_answers_404_for_editing_a_person_of_the_sibling_school(world, login):
    assert login(world.principal_b).get(person_url("person_edit", world.teacher_a)).status_code == 404


# --- add a person at a unit ------------------------------------------------------------------------

def test_it_adds_a_teacher_with_a_first_role(world, login):
    response = login(world.principal_a).post(reverse("org:person_create", args=[world.school_a.pk]), {
        "full_name": "Ngô Thị Bích", "title": "Giáo viên Toán", "email": "bich@thcs-anphu.test",
        "phone": "0912 111 222", "role": Role.STAFF})
    person = Person.objects.get(email="bich@thcs-anphu.test")
    assert response.status_code == 302 and response.url == person_url("person", person)
    assert person.phone == "0912111222" and person.full_name_folded == "ngo thi bich"
    assert Membership.objects.active().filter(person=person, unit=world.school_a, role=Role.STAFF).exists()


def test_it_does_not_add_a_person_whose_email_is_taken(world, login):
    count = Person.objects.count()
    response = login(world.principal_a).post(reverse("org:person_create", args=[world.school_a.pk]), {
        "full_name": "Người Trùng", "email": "giaovien@thcs-anphu.test", "role": Role.STAFF})
    assert "Thư điện tử giaovien@thcs-anphu.test đã thuộc về người khác." in response.content.decode()
    assert Person.objects.count() == count


def test_it_answers_403_and_404_for_adding_people(world, login):
    url = reverse("org:person_create", args=[world.school_a.pk])
    assert login(world.officer_a).get(url).status_code == 403
    assert login(world.principal_b).get(url).status_code == 404
    assert login(world.principal_a).get(url).status_code == 200


# --- give a role -----------------------------------------------------------------------------------

def test_it_gives_a_teacher_the_spokesperson_role(world, login):
    response = login(world.principal_a).post(person_url("membership_add", world.teacher_a), {
        "unit": world.school_a.pk, "role": Role.SPOKESPERSON, "since": "01/12/2026"})
    assert response.status_code == 302
    membership = Membership.objects.get(person=world.teacher_a, role=Role.SPOKESPERSON)
    assert membership.unit == world.school_a and membership.since == dt.date(2026, 12, 1)
    assert Event.objects.filter(verb="membership.added", object_id=str(membership.pk)).exists()


def test_it_refuses_a_unit_the_actor_does_not_manage(world, login):
    response = login(world.principal_a).post(person_url("membership_add", world.teacher_a), {
        "unit": world.school_b.pk, "role": Role.STAFF, "since": "01/12/2026"})
    assert response.status_code == 200
    assert "Đơn vị đã chọn không hợp lệ hoặc bạn không có quyền với đơn vị đó." in response.content.decode()
    assert not Membership.objects.filter(person=world.teacher_a, unit=world.school_b).exists()


def test_it_refuses_a_role_held_twice_and_a_bad_date(world, login):
    client = login(world.principal_a)
    response = client.post(person_url("membership_add", world.teacher_a), {
        "unit": world.school_a.pk, "role": Role.STAFF, "since": "01/12/2026"})
    assert "Người này đã giữ vai trò này tại đơn vị." in response.content.decode()
    response = client.post(person_url("membership_add", world.teacher_a), {
        "unit": world.school_a.pk, "role": Role.DEPUTY_HEAD, "since": "31/02/2026"})
    assert "Ngày không hợp lệ (dd/mm/yyyy)." in response.content.decode()
    assert world.teacher_a.memberships.count() == 1


def test_it_answers_403_to_people_who_manage_no_one(world, login):
    assert login(world.teacher_a).get(person_url("membership_add", world.officer_a)).status_code == 403


def test_it_answers_404_for_giving_a_role_to_a_person_of_the_sibling_school(world, login):
    assert login(world.principal_b).get(person_url("membership_add", world.teacher_a)).status_code == 404


# --- end a role ------------------------------------------------------------------------------------

@pytest.fixture
def teaching(world):
    return world.teacher_a.memberships.get()


def test_it_ends_a_role_and_keeps_it_as_history(world, login, teaching):
    client = login(world.principal_a)
    assert client.get(reverse("org:membership_end", args=[teaching.pk])).status_code == 200
    response = client.post(reverse("org:membership_end", args=[teaching.pk]), {"until": ""})
    assert response.status_code == 302 and response.url == person_url("person", world.teacher_a)
    teaching.refresh_from_db()
    assert teaching.until == timezone.localdate() and not teaching.is_active
    html = client.get(person_url("person", world.teacher_a)).content.decode()
    assert "Đã kết thúc" in html


def test_it_refuses_an_end_before_the_start(world, login, teaching):
    before = (teaching.since - dt.timedelta(days=3)).strftime("%d/%m/%Y")
    response = login(world.principal_a).post(reverse("org:membership_end", args=[teaching.pk]), {"until": before})
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()
    teaching.refresh_from_db()
    assert teaching.until is None


def test_it_answers_403_and_404_for_ending_roles(world, login, teaching):
    url = reverse("org:membership_end", args=[teaching.pk])
    assert login(world.officer_a).post(url, {}).status_code == 403
    assert login(world.principal_b).post(url, {}).status_code == 404
    teaching.refresh_from_db()
    assert teaching.until is None


# --- nobody hands out more than they hold ----------------------------------------------------------

@pytest.fixture
def deputy(world):
    return services.create_person(actor=world.admin, full_name="Bùi Văn Đức", email="pho@thcs-anphu.test",
                                  password=world.password, unit=world.school_a, role=Role.DEPUTY_HEAD)


def test_a_deputy_head_cannot_make_anyone_head(world, login, deputy):
    client = login(deputy)
    response = client.post(person_url("membership_add", deputy), {
        "unit": world.school_a.pk, "role": Role.HEAD, "since": "01/12/2026"})
    assert response.status_code == 200
    assert "Bạn không thể giao hoặc kết thúc vai trò này" in response.content.decode()
    assert not Membership.objects.filter(person=deputy, role=Role.HEAD).exists()
    response = client.post(reverse("org:person_create", args=[world.school_a.pk]), {
        "full_name": "Hiệu Trưởng Mới", "email": "moi@thcs-anphu.test", "role": Role.HEAD})
    assert "Bạn không thể giao hoặc kết thúc vai trò này" in response.content.decode()
    assert not Person.objects.filter(email="moi@thcs-anphu.test").exists()


def test_a_deputy_head_gives_staff_roles_but_cannot_end_the_heads(world, login, deputy):
    client = login(deputy)
    response = client.post(person_url("membership_add", world.officer_a), {
        "unit": world.school_a.pk, "role": Role.STAFF, "since": "01/12/2026"})
    assert response.status_code == 302
    head = world.principal_a.memberships.get()
    assert client.post(reverse("org:membership_end", args=[head.pk]), {}).status_code == 403
    head.refresh_from_db()
    assert head.until is None


def test_a_role_that_starts_later_can_be_ended_before_it_starts(world, login):
    later = services.add_membership(actor=world.admin, person=world.teacher_a, unit=world.school_a,
                                    role=Role.UNION_REP, since=timezone.localdate() + dt.timedelta(days=30))
    html = login(world.principal_a).get(person_url("person", world.teacher_a)).content.decode()
    assert "Sắp bắt đầu" in html and reverse("org:membership_end", args=[later.pk]) in html
