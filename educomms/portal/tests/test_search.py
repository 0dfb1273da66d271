import pytest
from django.urls import reverse

from educomms.newsroom.models import StoryState
from educomms.portal.templatetags.portal import highlight
from educomms.portal.tests.factories import make_story

pytestmark = pytest.mark.django_db


def search(client, q, **extra):
    return client.get(reverse("portal:search"), {"q": q, **extra})


def test_search_ignores_diacritics_and_case(client, world):
    make_story(unit=world.department, author=world.dept_officer, title="Đổi mới giáo dục phổ thông")
    make_story(unit=world.department, author=world.dept_officer, title="Lịch thi học kỳ")
    for q in ("giao duc", "giáo dục", "GIÁO DỤC", "doi moi"):
        html = search(client, q).content.decode()
        assert "Tìm thấy 1 tin bài" in html, q
        assert "phổ thông" in html and "Lịch thi học kỳ" not in html


def test_search_marks_the_matches_in_the_original_text(client, world):
    make_story(unit=world.department, author=world.dept_officer, title="Đổi mới giáo dục phổ thông")
    html = search(client, "giao duc").content.decode()
    assert "<mark>giáo</mark> <mark>dục</mark>" in html


def test_search_needs_every_word(client, world):
    make_story(unit=world.department, author=world.dept_officer, title="Tuyển sinh lớp 10")
    make_story(unit=world.department, author=world.dept_officer, title="Tuyển dụng giáo viên")
    html = search(client, "tuyen sinh").content.decode()
    assert "Tìm thấy 1 tin bài" in html and "Tuyển dụng" not in html


def test_search_finds_only_public_stories_of_the_subtree(client, world):
    from educomms.org import services
    from educomms.org.models import Unit

    make_story(unit=world.school_a, author=world.officer_a, title="Ngày hội đọc sách An Phú")
    make_story(unit=world.department, author=world.dept_officer, title="Ngày hội đọc sách nháp",
               state=StoryState.DRAFT)
    other = services.create_unit(actor=world.admin, parent=world.ministry, kind=Unit.Kind.DEPARTMENT,
                                 name="Sở Giáo dục và Đào tạo tỉnh Khác", code="SGDK")
    make_story(unit=other, author=world.admin, title="Ngày hội đọc sách tỉnh khác")
    html = search(client, "ngay hoi doc sach").content.decode()
    assert "Tìm thấy 1 tin bài" in html and "An Phú" in html
    assert "nháp" not in html and "tỉnh khác" not in html


def test_an_empty_search_shows_only_the_form(client, world):
    response = search(client, "")
    assert response.status_code == 200
    assert "Tìm thấy" not in response.content.decode()
    assert "Hãy nhập từ khóa" in search(client, "  !!! ").content.decode()


def test_search_results_are_escaped(client, world):
    make_story(unit=world.department, author=world.dept_officer, title="Tin <script>x</script> giáo dục")
    html = search(client, "<script> giao").content.decode()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_highlight_keeps_diacritics_and_escapes():
    assert highlight("Đào tạo & giáo dục", ["dao", "duc"]) == "<mark>Đào</mark> tạo &amp; giáo <mark>dục</mark>"
    assert highlight("Không có gì", ["xyz"]) == "Không có gì"
    assert highlight("", ["a"]) == ""
