import re

import pytest
from django.urls import reverse

from educomms.org import services
from educomms.org.models import Unit
from educomms.portal.selectors import english_name

pytestmark = pytest.mark.django_db

URL = "/en/"


def counts(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in re.findall(r'data-count="(\w+)">(\d+)<', html):
        found.setdefault(name, []).append(value)
    return found


def test_the_english_page_is_at_en(world):
    assert reverse("portal:english") == URL


def test_it_shows_the_department_in_english_to_anonymous_visitors(client, world):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert response.headers["Content-Language"] == "en"
    assert "<h1 class=\"portal-page-title\">Department of Education and Training of Bình Sơn province</h1>" in html
    assert "Sở Giáo dục và Đào tạo tỉnh Bình Sơn" in html
    assert "Press room" in html and "Spokesperson" in html


def test_it_is_english_even_for_a_vietnamese_visitor(client, world):
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<html lang="en">' in html
    assert "Phòng báo chí" not in html


def test_it_lists_the_head_and_the_spokesperson_with_their_contacts(client, world):
    html = client.get(URL).content.decode()
    for person in (world.director, world.spokesperson):
        assert person.full_name in html
        assert f'href="tel:{person.phone}"' in html
        assert f'href="mailto:{person.email}"' in html
    assert world.dept_officer.full_name not in html  # a comms officer is not a spokesperson
    assert world.principal_a.full_name not in html  # nor a school's head


def test_it_shows_the_divisions_and_counts_schools_by_level(client, world):
    html = client.get(URL).content.decode()
    assert world.division.name in html
    assert counts(html) == {"communes": ["1"], "school": ["2"], "schools": ["2"]}
    assert "School – Lower secondary" in html


def test_inactive_schools_and_other_departments_are_not_counted(client, world):
    closed = services.create_unit(actor=world.admin, parent=world.commune, kind=Unit.Kind.SCHOOL,
                                  school_level=Unit.SchoolLevel.PRIMARY, name="Trường Tiểu học Đã Giải Thể")
    Unit.objects.filter(pk=closed.pk).update(active=False)
    services.create_unit(actor=world.admin, parent=world.ministry, kind=Unit.Kind.SCHOOL,
                         school_level=Unit.SchoolLevel.PRIMARY, name="Trường Tiểu học Nơi Khác")
    html = client.get(URL).content.decode()
    assert counts(html) == {"communes": ["1"], "school": ["2"], "schools": ["2"]}


def test_a_school_of_another_level_gets_its_own_row(client, world):
    services.create_unit(actor=world.admin, parent=world.commune, kind=Unit.Kind.SCHOOL,
                         school_level=Unit.SchoolLevel.PRIMARY, name="Trường Tiểu học An Phú")
    html = client.get(URL).content.decode()
    assert counts(html) == {"communes": ["1"], "school": ["1", "2"], "schools": ["3"]}
    assert "School – Primary" in html


def test_the_english_name_keeps_proper_names_and_translates_the_kind(world):
    assert english_name(world.department) == "Department of Education and Training of Bình Sơn province"
    world.department.name = "Sở Giáo dục và Đào tạo thành phố Hà Nội"
    assert english_name(world.department) == "Department of Education and Training of Hà Nội city"
    assert english_name(world.school_a) == "Trường THCS An Phú"


def test_the_english_page_is_cached(client, world, django_assert_num_queries):
    # portal unit, spokesperson register, divisions, grouped counts
    with django_assert_num_queries(4):
        assert client.get(URL).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(URL).status_code == 200


def test_the_home_links_to_the_english_page(client, world):
    html = client.get("/").content.decode()
    assert f'href="{URL}" hreflang="en" lang="en">English</a>' in html


def test_the_english_page_links_back_to_the_vietnamese_home_and_press_room(client, world):
    html = client.get(URL).content.decode()
    assert f'href="{reverse("portal:home")}" hreflang="vi"' in html
    assert f'href="{reverse("portal:press_room")}" hreflang="vi"' in html
