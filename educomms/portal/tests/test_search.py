"""The portal search (/tim-kiem/?q=): stories and documents, with and without diacritics, highlighted."""

import datetime as dt

import pytest
from django.urls import reverse

from educomms.documents.models import DocumentState, PublicDocument
from educomms.newsroom.models import StoryState
from educomms.portal.tests.factories import make_story

pytestmark = pytest.mark.django_db(transaction=False)


def search(client, q, **extra):
    return client.get(reverse("portal:search"), {"q": q, **extra})


def make_document(*, unit, title, number="12/KH-SGDĐT", summary="", state=DocumentState.PUBLISHED):
    from django.utils import timezone

    from educomms.core.text import fold

    return PublicDocument.objects.create(
        unit=unit, title=title, number_symbol=number, summary=summary, issued_on=dt.date(2026, 9, 1),
        published_at=timezone.now(), state=state, file="documents/x.pdf", doc_type="ke_hoach",
        search_text=fold(f"{number} {title} {summary}"))


def test_it_finds_accented_words_from_a_query_without_diacritics(client, world):
    make_story(unit=world.department, author=world.dept_officer, title="Kỳ thi tốt nghiệp THPT năm 2026")
    make_story(unit=world.department, author=world.dept_officer, title="Lịch thi học kỳ")
    for q in ("ky thi tot nghiep", "kỳ thi tốt nghiệp", "KỲ THI TỐT NGHIỆP"):
        html = search(client, q).content.decode()
        assert "Tìm thấy 1 kết quả" in html, q
        assert "Lịch thi học kỳ" not in html


def test_it_marks_the_original_accented_words(client, world):
    make_story(unit=world.department, author=world.dept_officer, title="Kỳ thi tốt nghiệp THPT")
    html = search(client, "ky thi tot nghiep").content.decode()
    assert "<mark>Kỳ</mark> <mark>thi</mark> <mark>tốt</mark> <mark>nghiệp</mark> THPT" in html


def test_it_needs_every_word(client, world):
    make_story(unit=world.department, author=world.dept_officer, title="Tuyển sinh lớp 10")
    make_story(unit=world.department, author=world.dept_officer, title="Tuyển dụng giáo viên")
    html = search(client, "tuyen sinh").content.decode()
    assert "Tìm thấy 1 kết quả" in html and "Tuyển dụng" not in html


def test_it_finds_only_public_stories_of_the_subtree(client, world):
    from educomms.org import services
    from educomms.org.models import Unit

    make_story(unit=world.school_a, author=world.officer_a, title="Ngày hội đọc sách An Phú")
    make_story(unit=world.department, author=world.dept_officer, title="Ngày hội đọc sách nháp",
               state=StoryState.DRAFT)
    other = services.create_unit(actor=world.admin, parent=world.ministry, kind=Unit.Kind.DEPARTMENT,
                                 name="Sở Giáo dục và Đào tạo tỉnh Khác", code="SGDK")
    make_story(unit=other, author=world.admin, title="Ngày hội đọc sách tỉnh khác")
    html = search(client, "ngay hoi doc sach").content.decode()
    assert "Tìm thấy 1 kết quả" in html and "An Phú" in html
    assert "nháp" not in html and "tỉnh khác" not in html


def test_it_drops_a_story_that_is_retracted(client, world):
    story = make_story(unit=world.department, author=world.dept_officer, title="Thông báo tuyển sinh")
    assert "Tìm thấy 1 kết quả" in search(client, "tuyen sinh").content.decode()
    story.state = StoryState.RETRACTED
    story.save()
    assert "Không có kết quả" in search(client, "tuyen sinh").content.decode()


def test_it_follows_a_story_edit(client, world):
    story = make_story(unit=world.department, author=world.dept_officer, title="Hội khỏe Phù Đổng")
    story.title, story.search_text = "Giải bóng đá học sinh", "giai bong da hoc sinh"
    story.save()
    assert "Không có kết quả" in search(client, "phu dong").content.decode()
    assert "Tìm thấy 1 kết quả" in search(client, "bong da").content.decode()


def test_it_finds_documents_by_number_and_title(client, world):
    make_document(unit=world.department, title="Kế hoạch tổ chức kỳ thi tốt nghiệp", number="125/SGDĐT-VP")
    make_document(unit=world.department, title="Kế hoạch đã thu hồi", number="9/SGDĐT-VP",
                  state=DocumentState.WITHDRAWN)
    html = search(client, "ke hoach").content.decode()
    assert "Tìm thấy 1 kết quả" in html and "<mark>Kế</mark> <mark>hoạch</mark> tổ chức" in html
    assert "Văn bản" in html and "thu hồi" not in html
    assert "Tìm thấy 1 kết quả" in search(client, "125 SGDĐT").content.decode()
    assert "<mark>125</mark>/<mark>SGDĐT</mark>-VP" in search(client, "125/sgddt").content.decode()


def test_it_ranks_title_matches_first(client, world):
    make_story(unit=world.department, author=world.dept_officer, title="Tin tổng hợp",
               summary="Trong tuần có nội dung về chuyển đổi số.", published_ago_minutes=5)
    make_story(unit=world.department, author=world.dept_officer, title="Chuyển đổi số trong trường học",
               published_ago_minutes=600)
    html = search(client, "chuyen doi so").content.decode()
    assert html.index("trong trường học") < html.index("Tin tổng hợp")


def test_it_shows_a_snippet_of_the_body_around_the_match(client, world):
    body = "<p>" + " ".join(["Mở đầu bài viết."] * 30) + " Học sinh tham gia <b>ngày hội STEM</b> sôi nổi.</p>"
    make_story(unit=world.department, author=world.dept_officer, title="Tin hoạt động", summary="Tóm tắt.",
               body=body)
    html = search(client, "stem").content.decode()
    assert "ngày hội <mark>STEM</mark> sôi nổi" in html and "… " in html


def test_an_empty_or_punctuation_query_gets_a_message(client, world):
    response = search(client, "")
    assert response.status_code == 200 and "Tìm thấy" not in response.content.decode()
    assert "Hãy nhập từ khóa có chữ hoặc số." in search(client, "  !!! ").content.decode()


def test_a_too_long_query_gets_a_message(client, world):
    html = search(client, "giáo dục " * 30).content.decode()
    assert "Từ khóa quá dài" in html and "Tìm thấy" not in html
    assert "tối đa 10 từ" in search(client, " ".join(f"tu{i}" for i in range(12))).content.decode()


def test_results_are_escaped(client, world):
    make_story(unit=world.department, author=world.dept_officer, title="Tin <script>alert(1)</script> giáo dục")
    html = search(client, "<script> giao").content.decode()
    assert "<script>alert" not in html and "&lt;<mark>script</mark>&gt;" in html


def test_results_are_paged(client, world):
    for i in range(23):
        make_story(unit=world.department, author=world.dept_officer, title=f"Bản tin giáo dục số {i}")
    first = search(client, "ban tin").content.decode()
    assert "Tìm thấy 23 kết quả" in first and first.count('data-testid="search-hit"') == 20
    second = search(client, "ban tin", page=2).content.decode()
    assert second.count('data-testid="search-hit"') == 3


def test_the_search_page_makes_few_queries(client, world, django_assert_max_num_queries):
    for i in range(25):
        make_story(unit=world.department, author=world.dept_officer, title=f"Bản tin giáo dục số {i}")
    make_document(unit=world.department, title="Bản tin văn bản")
    with django_assert_max_num_queries(5):  # portal unit, the search, stories, documents (+ savepoint-free)
        search(client, "ban tin")
