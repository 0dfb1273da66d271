"""The page of terms that need a second look: those who manage the newsroom at a unit list, add and remove
its terms; the department's terms show below it, read-only."""

import pytest
from django.urls import reverse

from educomms.audit.models import Event

from .. import services
from ..models import ReviewTerm

TERMS = reverse("newsroom:review_terms")


def term(world, unit=None, text="xử lý kỷ luật", note="Kiểm tra căn cứ pháp lý trước khi đăng."):
    return services.add_review_term(actor=world.admin, unit=unit or world.department, term=text, note=note)


def test_it_lets_the_department_officer_add_a_term(world, login):
    client = login(world.dept_officer)
    assert client.get(TERMS).context["unit"] == world.department
    response = client.post(TERMS, {"unit": world.department.pk, "term": "  học sinh  cá biệt ",
                                   "note": "Tránh dán nhãn học sinh."}, follow=True)
    row = ReviewTerm.objects.get()
    assert (row.unit, row.term, row.note) == (world.department, "học sinh cá biệt", "Tránh dán nhãn học sinh.")
    html = response.content.decode()
    assert "Đã thêm cụm từ “học sinh cá biệt”." in html and "Tránh dán nhãn học sinh." in html


def test_it_refuses_an_empty_term(world, login):
    response = login(world.dept_officer).post(TERMS, {"unit": world.department.pk, "term": "   "})
    assert "Cụm từ không được để trống." in response.content.decode()
    assert not ReviewTerm.objects.exists()


def test_it_refuses_the_same_term_without_diacritics(world, login):
    term(world)
    response = login(world.dept_officer).post(TERMS, {"unit": world.department.pk, "term": "Xu ly ky luat"})
    assert "Cụm từ này đã có trong danh sách." in response.content.decode()
    assert ReviewTerm.objects.count() == 1


def test_it_removes_a_term(world, login):
    row = term(world)
    response = login(world.dept_officer).post(reverse("newsroom:review_term_remove", args=[row.pk]), follow=True)
    assert not ReviewTerm.objects.exists()
    assert "Đã bỏ cụm từ “xử lý kỷ luật”." in response.content.decode()
    assert Event.objects.filter(verb="review_term.removed").count() == 1


def test_it_shows_the_school_the_departments_terms_read_only(world, login):
    department_term = term(world)
    school_term = term(world, unit=world.school_a, text="tai nạn", note="")
    response = login(world.officer_a).get(TERMS)
    assert response.context["unit"] == world.school_a
    assert list(response.context["terms"]) == [school_term]
    assert list(response.context["inherited"]) == [department_term]
    html = response.content.decode()
    assert reverse("newsroom:review_term_remove", args=[school_term.pk]) in html
    assert reverse("newsroom:review_term_remove", args=[department_term.pk]) not in html
    # And the school cannot remove the department's term by posting anyway.
    assert login(world.officer_a).post(reverse("newsroom:review_term_remove", args=[department_term.pk])).status_code == 404
    assert ReviewTerm.objects.filter(pk=department_term.pk).exists()


def test_it_hides_school_a_terms_from_the_school_b_principal(world, login):
    row = term(world, unit=world.school_a)
    client = login(world.principal_b)
    assert client.get(TERMS, {"unit": world.school_a.pk}).status_code == 404
    assert client.post(TERMS, {"unit": world.school_a.pk, "term": "bạo lực"}).status_code == 404
    assert client.post(reverse("newsroom:review_term_remove", args=[row.pk])).status_code == 404
    assert list(ReviewTerm.objects.values_list("term", flat=True)) == ["xử lý kỷ luật"]
    assert client.get(TERMS).context["unit"] == world.school_b


@pytest.mark.parametrize("persona", ["teacher_a", "spokesperson"])
def test_it_hides_the_page_from_those_who_do_not_manage_the_newsroom(world, login, persona):
    client = login(getattr(world, persona))
    assert client.get(TERMS).status_code == 404
    assert client.post(TERMS, {"term": "bạo lực"}).status_code == 404
    assert not ReviewTerm.objects.exists()


def test_it_lets_the_department_officer_manage_a_schools_list_below_it(world, login):
    # MANAGE_NEWSROOM is held down the tree, as the services check it.
    response = login(world.dept_officer).post(TERMS, {"unit": world.school_a.pk, "term": "bạo lực học đường"})
    assert response.status_code == 302
    assert ReviewTerm.objects.get().unit == world.school_a


def test_it_keeps_the_list_to_a_fixed_number_of_queries(world, login, django_assert_num_queries):
    for text in ("xử lý kỷ luật", "tai nạn", "bạo lực"):
        term(world, text=text)
        term(world, unit=world.school_a, text=text)
    client = login(world.officer_a)
    client.get(TERMS)
    # the six of every page (session, person, two-factor, grants, unread count, units), then the unit,
    # its terms and the inherited ones with their units
    with django_assert_num_queries(9):
        response = client.get(TERMS)
    assert len(response.context["terms"]) == 3 and len(response.context["inherited"]) == 3


def test_it_sends_anonymous_visitors_to_the_login_page(world, client):
    response = client.get(TERMS)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
