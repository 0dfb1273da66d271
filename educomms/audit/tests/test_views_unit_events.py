"""The audit page of a unit: who changed what in its subtree, filterable, with before → after."""

import datetime as dt
from unittest import mock

from django.urls import reverse
from django.utils import timezone

from educomms.audit.models import Event
from educomms.org import services
from educomms.org.roles import Role


def events_url(unit, **params):
    return reverse("audit:unit_events", args=[unit.pk]), params


def rows(response):
    return list(response.context["page"].object_list)


def test_it_sends_anonymous_visitors_to_the_login_page(world, client):
    url, _ = events_url(world.school_a)
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_it_shows_a_principal_the_events_of_their_school(world, login):
    services.update_unit(actor=world.principal_a, unit=world.school_a, phone="0912345678")
    url, _ = events_url(world.school_a)
    response = login(world.principal_a).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sửa thông tin đơn vị" in html and "Phạm Thị Lan" in html and "0912345678" in html
    units = {e.unit_id for e in rows(response)}
    assert units == {world.school_a.pk}


def test_it_answers_404_to_the_principal_of_the_sibling_school(world, login):
    url, _ = events_url(world.school_a)
    assert login(world.principal_b).get(url).status_code == 404


def test_it_answers_403_to_a_teacher_who_sees_the_school(world, login):
    url, _ = events_url(world.school_a)
    assert login(world.teacher_a).get(url).status_code == 403
    assert login(world.dept_officer).get(url).status_code == 403


def test_it_covers_the_whole_subtree_for_the_director(world, login):
    url, _ = events_url(world.department)
    response = login(world.director).get(url)
    units = {e.unit_id for e in rows(response)}
    assert {world.department.pk, world.commune.pk, world.school_a.pk, world.school_b.pk} <= units
    assert world.ministry.pk not in units


def test_it_filters_by_verb_actor_object_type_and_dates(world, login):
    services.update_unit(actor=world.director, unit=world.school_b, address="Thôn 1")
    services.end_membership(actor=world.principal_a, membership=world.teacher_a.memberships.get())
    client = login(world.director)
    url, _ = events_url(world.department)
    assert [e.verb for e in rows(client.get(url, {"verb": "membership.ended"}))] == ["membership.ended"]
    by_actor = rows(client.get(url, {"actor": "pham thi lan"}))  # without diacritics
    assert [e.actor for e in by_actor] == [world.principal_a]
    units_only = rows(client.get(url, {"object_type": "org.unit"}))
    assert units_only and {e.object_type for e in units_only} == {"org.unit"}
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert len(rows(client.get(url, {"date_from": today, "date_to": today}))) == Event.objects.filter(
        unit_path__startswith=world.department.path).count()
    assert rows(client.get(url, {"date_to": "01/01/2020"})) == []


def test_it_counts_a_day_in_vietnamese_time(world, login):
    # 23:30 on 1 March in Hà Nội is 16:30 UTC: it belongs to 1 March, not 2 March.
    late = dt.datetime(2026, 3, 1, 16, 30, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=late):
        services.update_unit(actor=world.director, unit=world.school_a, address="Khu phố 2")
    client = login(world.director)
    url, _ = events_url(world.department)
    assert [e.verb for e in rows(client.get(url, {"date_from": "01/03/2026", "date_to": "01/03/2026"}))] == [
        "unit.updated"]
    assert rows(client.get(url, {"date_from": "02/03/2026", "date_to": "02/03/2026"})) == []


def test_it_explains_a_bad_date_in_vietnamese(world, login):
    url, _ = events_url(world.department)
    response = login(world.director).get(url, {"date_from": "31/02/2026"})
    assert response.status_code == 200
    assert "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy." in response.content.decode()
    response = login(world.director).get(url, {"date_from": "05/03/2026", "date_to": "01/03/2026"})
    assert "Ngày kết thúc phải từ ngày bắt đầu trở về sau." in response.content.decode()


def test_it_shows_what_changed_from_before_to_after(world, login):
    services.update_unit(actor=world.director, unit=world.school_a, address="Thôn 3", phone="0912345678")
    services.set_unit_active(actor=world.director, unit=world.school_b, active=False)
    url, _ = events_url(world.department)
    response = login(world.director).get(url, {"verb": "unit.updated"})
    event = rows(response)[0]
    assert {(c.label, c.before, c.after) for c in event.changes} == {
        ("Địa chỉ", "—", "Thôn 3"), ("Điện thoại", "—", "0912345678")}
    html = response.content.decode()
    assert "<del>—</del>" in html and "<ins>Thôn 3</ins>" in html
    deactivated = rows(login(world.director).get(url, {"verb": "unit.deactivated"}))[0]
    assert [(c.before, c.after) for c in deactivated.changes] == [("Có", "Không")]


def test_it_names_people_units_and_roles_in_membership_events(world, login):
    url, _ = events_url(world.school_a)
    response = login(world.principal_a).get(url, {"verb": "membership.added"})
    html = response.content.decode()
    assert "Giao nhiệm vụ" in html and "Vũ Thị Hoa" in html and "Giáo viên, nhân viên" in html
    event = next(e for e in rows(response) if "Vũ Thị Hoa" in e.object_repr)
    values = {c.label: c.after for c in event.changes}
    assert values["Người"] == "Vũ Thị Hoa" and values["Đơn vị"] == "Trường THCS An Phú"
    assert values["Vai trò"] == str(Role.STAFF.label)


def test_it_returns_only_the_results_to_htmx(world, login):
    url, _ = events_url(world.department)
    response = login(world.director).get(url, {"verb": "unit.created"}, HTTP_HX_REQUEST="true",
                                         HTTP_HX_TARGET="audit-results")
    html = response.content.decode()
    assert "<html" not in html and "Tạo đơn vị" in html


def test_it_pages_the_events(world, login):
    for i in range(55):
        services.update_unit(actor=world.director, unit=world.school_a, address=f"Số {i}")
    url, _ = events_url(world.school_a)
    client = login(world.director)
    assert len(rows(client.get(url))) == 50
    assert len(rows(client.get(url, {"page": 2}))) == Event.objects.filter(unit=world.school_a).count() - 50


def test_the_menu_shows_the_audit_entry_only_to_those_who_may_audit(world, login):
    index = reverse("audit:index")
    assert index in login(world.principal_a).get(reverse("core:home")).content.decode()
    assert index not in login(world.teacher_a).get(reverse("core:home")).content.decode()


def test_the_audit_entry_opens_the_page_of_the_current_unit(world, login):
    response = login(world.director).get(reverse("audit:index"))
    assert response.status_code == 302
    assert response.url == reverse("audit:unit_events", args=[world.department.pk])
    assert login(world.teacher_a).get(reverse("audit:index")).status_code == 404
