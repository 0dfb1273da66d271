"""The people list: filters by unit subtree, role, active/ended, text without diacritics; paging."""

import pytest
from django.urls import reverse

from educomms.org import services
from educomms.org.models import Person
from educomms.org.roles import Role

PEOPLE = reverse("org:people")


def names(response) -> list[str]:
    return [p.full_name for p in response.context["page"].object_list]


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(PEOPLE)
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_it_lists_the_current_units_subtree_by_default(world, login):
    response = login(world.principal_a).get(PEOPLE)
    assert response.status_code == 200
    assert names(response) == ["Hoàng Văn Nam", "Phạm Thị Lan", "Vũ Thị Hoa"]
    html = response.content.decode()
    assert "giaovien@thcs-anphu.test" in html and "0912000006" in html and "Giáo viên Ngữ văn" in html
    assert "Giáo viên, nhân viên · <a" in html and f'{reverse("org:unit", args=[world.school_a.pk])}"' in html


def test_it_lets_the_department_see_everyone_below_it(world, login):
    response = login(world.dept_officer).get(PEOPLE)
    assert len(names(response)) == 7


def test_it_answers_404_when_filtering_by_a_sibling_school(world, login):
    assert login(world.principal_b).get(PEOPLE, {"unit": world.school_a.pk}).status_code == 404


def test_it_hides_school_b_people_from_school_a(world, login):
    response = login(world.principal_a).get(PEOPLE, {"q": "dang quoc bao"})
    assert names(response) == []


def test_it_filters_by_unit_role_and_text_without_diacritics(world, login):
    client = login(world.director)
    assert names(client.get(PEOPLE, {"unit": world.commune.pk, "role": Role.HEAD})) == ["Đặng Quốc Bảo",
                                                                                        "Phạm Thị Lan"]
    assert names(client.get(PEOPLE, {"q": "vu thi hoa"})) == ["Vũ Thị Hoa"]
    assert names(client.get(PEOPLE, {"q": "0912000003"})) == ["Lê Minh Tuấn"]
    assert names(client.get(PEOPLE, {"q": "PHATNGON@sgd"})) == ["Trần Thị Mai"]


def test_it_lists_people_whose_roles_ended_when_asked(world, login):
    membership = world.teacher_a.memberships.get()
    services.end_membership(actor=world.director, membership=membership)  # ends today
    client = login(world.principal_a)
    assert "Vũ Thị Hoa" not in names(client.get(PEOPLE))
    ended = client.get(PEOPLE, {"status": "ended"})
    assert names(ended) == ["Vũ Thị Hoa"]
    assert "Không còn nhiệm vụ" in ended.content.decode()
    assert "Vũ Thị Hoa" in names(client.get(PEOPLE, {"status": "all"}))


def test_it_returns_only_the_results_to_htmx(world, login):
    response = login(world.director).get(PEOPLE, {"q": "lan"}, HTTP_HX_REQUEST="true",
                                         HTTP_HX_TARGET="people-results")
    html = response.content.decode()
    assert "<html" not in html and "Phạm Thị Lan" in html
    # The unit filter follows the chosen unit, swapped out of band.
    assert 'id="id_unit" hx-swap-oob="true"' in html


def test_it_offers_the_sub_units_of_the_chosen_unit_as_filters(world, login):
    response = login(world.director).get(PEOPLE, {"unit": world.commune.pk})
    options = [u.pk for u in response.context["unit_options"]]
    assert world.commune.pk in options and world.school_a.pk in options and world.department.pk in options
    assert world.ministry.pk not in options


def test_it_never_names_units_outside_the_readers_scope(world, login):
    services.add_membership(actor=world.admin, person=world.teacher_a, unit=world.school_b, role=Role.STAFF)
    html = login(world.principal_a).get(PEOPLE).content.decode()
    assert "THCS An Phú" in html and "Bình Minh" not in html


@pytest.fixture
def crowd(world):
    """120 teachers at School A: enough for N+1 queries to show, and three pages."""
    for i in range(120):
        services.create_person(actor=world.admin, full_name=f"Giáo Viên Số {i:03d}", email=f"gv{i}@anphu.test",
                               unit=world.school_a, role=Role.STAFF)
    return world


def test_it_pages_fifty_people_at_a_time(crowd, login):
    client = login(crowd.principal_a)
    first = client.get(PEOPLE)
    assert len(names(first)) == 50 and first.context["page"].paginator.count == 123
    third = client.get(PEOPLE, {"page": 3})
    assert len(names(third)) == 23
    assert "Đang xem 101–123 trong 123" in third.content.decode()


def test_the_people_page_keeps_a_fixed_number_of_queries(crowd, login, django_assert_num_queries):
    client = login(crowd.director)
    client.get(PEOPLE)  # warm the session
    # session, user, two-factor check, grants, my units (shared with the current unit), count,
    # filter units (2), unread count, one page of people, their roles with units: none of it grows
    # with the page.
    with django_assert_num_queries(11):
        response = client.get(PEOPLE, {"role": Role.STAFF})
    assert len(names(response)) == 50
    assert Person.objects.count() > 120
