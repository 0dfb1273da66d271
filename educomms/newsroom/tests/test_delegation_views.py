"""The delegation page: the head of a unit lets a deputy of the same unit approve stories for a date range,
and revokes it; nobody else sees the page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from educomms.newsroom import permissions
from educomms.org import services as org_services
from educomms.org.roles import Role

from ..models import Delegation

DELEGATIONS = reverse("newsroom:delegations")


def deputy(world, unit=None, name="Bùi Thị Thu", email="phohieutruong@thcs-anphu.test"):
    return org_services.create_person(actor=world.admin, full_name=name, email=email, password=world.password,
                                      unit=unit or world.school_a, role=Role.DEPUTY_HEAD, title="Phó hiệu trưởng")


def day(offset: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=offset)


def form(person, start: int = 0, end: int = 7, **extra):
    return {"delegate": person.pk, "starts_on": day(start).strftime("%d/%m/%Y"),
            "ends_on": day(end).strftime("%d/%m/%Y"), **extra}


def test_it_lets_the_principal_delegate_to_her_deputy_who_may_then_approve(world, login):
    thu = deputy(world)
    client = login(world.principal_a)
    assert client.get(DELEGATIONS).status_code == 200
    response = client.post(DELEGATIONS, form(thu), follow=True)
    delegation = Delegation.objects.get()
    assert (delegation.unit, delegation.delegator, delegation.delegate) == (world.school_a, world.principal_a, thu)
    assert (delegation.starts_on, delegation.ends_on) == (day(0), day(7))
    html = response.content.decode()
    assert f"Đã ủy quyền cho Bùi Thị Thu duyệt tin bài từ {day(0):%d/%m/%Y} đến {day(7):%d/%m/%Y}." in html
    assert "Đang có hiệu lực" in html
    assert permissions.may_approve_at(thu, world.school_a)


def test_it_refuses_an_end_before_the_start_in_vietnamese(world, login):
    thu = deputy(world)
    response = login(world.principal_a).post(DELEGATIONS, form(thu, start=5, end=2))
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu." in response.content.decode()
    assert not Delegation.objects.exists()


def test_it_refuses_a_date_that_does_not_exist(world, login):
    thu = deputy(world)
    response = login(world.principal_a).post(DELEGATIONS, {"delegate": thu.pk, "starts_on": "31/02/2026",
                                                            "ends_on": ""})
    html = response.content.decode()
    assert "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 05/02/2026)." in html
    assert "Hãy nhập ngày (dd/mm/yyyy)." in html
    assert not Delegation.objects.exists()


def test_it_refuses_a_range_already_over(world, login):
    thu = deputy(world)
    response = login(world.principal_a).post(DELEGATIONS, form(thu, start=-10, end=-3))
    assert "Khoảng thời gian ủy quyền đã qua." in response.content.decode()
    assert not Delegation.objects.exists()


def test_it_refuses_a_deputy_of_another_unit(world, login):
    deputy(world)
    deputy_b = deputy(world, unit=world.school_b, name="Ngô Văn Dũng", email="phohieutruong@thcs-binhminh.test")
    response = login(world.principal_a).post(DELEGATIONS, form(deputy_b))
    assert "Chỉ ủy quyền cho phó thủ trưởng của chính đơn vị." in response.content.decode()
    assert not Delegation.objects.exists()


def test_it_says_when_the_unit_has_no_deputy(world, login):
    response = login(world.principal_b).get(DELEGATIONS)
    assert response.status_code == 200 and response.context["unit"] == world.school_b
    assert "Đơn vị chưa có phó thủ trưởng nào đang giữ chức vụ" in response.content.decode()


def test_it_revokes_a_delegation(world, login):
    thu = deputy(world)
    client = login(world.principal_a)
    client.post(DELEGATIONS, form(thu))
    delegation = Delegation.objects.get()
    response = client.post(reverse("newsroom:delegation_revoke", args=[delegation.pk]), follow=True)
    assert Delegation.objects.get().revoked_at is not None
    assert "Đã thu hồi ủy quyền của Bùi Thị Thu." in response.content.decode()
    assert not permissions.may_approve_at(thu, world.school_a)


def test_it_hides_school_a_delegations_from_the_school_b_principal(world, login):
    thu = deputy(world)
    login(world.principal_a).post(DELEGATIONS, form(thu))
    delegation = Delegation.objects.get()
    client = login(world.principal_b)
    assert client.get(DELEGATIONS, {"unit": world.school_a.pk}).status_code == 404
    assert client.post(DELEGATIONS, form(thu, unit=world.school_a.pk)).status_code == 404
    assert client.post(reverse("newsroom:delegation_revoke", args=[delegation.pk])).status_code == 404
    assert Delegation.objects.get().revoked_at is None
    assert "Bùi Thị Thu" not in client.get(DELEGATIONS).content.decode()


@pytest.mark.parametrize("persona", ["officer_a", "teacher_a", "dept_officer", "spokesperson"])
def test_it_hides_the_page_from_those_who_head_no_unit(world, login, persona):
    assert login(getattr(world, persona)).get(DELEGATIONS).status_code == 404


def test_it_does_not_let_the_director_delegate_at_a_school(world, login):
    thu = deputy(world)
    client = login(world.director)
    assert client.get(DELEGATIONS).context["unit"] == world.department
    assert client.get(DELEGATIONS, {"unit": world.school_a.pk}).status_code == 404
    assert client.post(DELEGATIONS, form(thu, unit=world.school_a.pk)).status_code == 404
    assert not Delegation.objects.exists()


def test_it_shows_the_principal_no_link_to_delegations_for_others(world, login):
    assert reverse("newsroom:delegations") in login(world.principal_a).get(reverse("newsroom:proposals")).content.decode()
    assert reverse("newsroom:delegations") not in login(world.officer_a).get(reverse("newsroom:proposals")).content.decode()


def test_it_keeps_the_list_to_a_fixed_number_of_queries(world, login, django_assert_num_queries):
    thu = deputy(world)
    client = login(world.principal_a)
    for start in (0, 10, 20):
        client.post(DELEGATIONS, form(thu, start=start, end=start + 5))
    client.get(DELEGATIONS)
    # the six of every page (session, person, two-factor, grants, unread count, units), then the unit,
    # the deputies (exists and choices) and the delegations with their people
    with django_assert_num_queries(10):
        response = client.get(DELEGATIONS)
    assert len(response.context["delegations"]) == 3


def test_it_sends_anonymous_visitors_to_the_login_page(world, client):
    response = client.get(DELEGATIONS)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
