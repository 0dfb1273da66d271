"""/hoi-dap/: published questions and answers only, searchable without diacritics, cached like the portal;
the asker's contact and every piece of feedback stay off the public site."""

import pytest
from django.test import Client
from django.urls import reverse

from educomms.enquiries import services

from .factories import ask, drafted, in_approval, published, send_feedback

pytestmark = pytest.mark.django_db
LIST = reverse("enquiries_public:questions")


def detail(question) -> str:
    return reverse("enquiries_public:question", args=[question.pk])


def test_a_published_question_and_its_answer_appear_on_the_list_and_its_page(client, world):
    question = published(world, phone="0912345678")
    html = client.get(LIST).content.decode()
    assert detail(question) in html and "Trần Văn Bình" in html
    response = client.get(detail(question))
    page = response.content.decode()
    assert response.status_code == 200
    assert "miễn học phí" in page and "Trường THCS An Phú" in page
    assert "phuhuynh@example.com" not in page and "0912345678" not in page and "0912 345 678" not in page


def test_searching_without_diacritics_finds_the_question(client, world):
    question = published(world)
    other = published(world, text="Con tôi học lớp 5, khi nào nhà trường tổ chức tuyển sinh lớp 6?",
                      answer="<p>Tuyển sinh lớp 6 theo hình thức xét tuyển từ ngày 15/7.</p>")
    html = client.get(LIST, {"q": "hoc phi"}).content.decode()
    assert detail(question) in html and detail(other) not in html
    assert "<mark>học</mark> <mark>phí</mark>" in html
    assert detail(other) in client.get(LIST, {"q": "TUYỂN SINH"}).content.decode()


def test_it_filters_by_unit(client, world):
    school = published(world)
    department = ask(world, unit=world.department)
    services.save_answer(actor=world.dept_officer, question=department, body="<p>Sở trả lời.</p>", version=0)
    services.submit_answer(actor=world.dept_officer, question=department)
    services.approve_answer(actor=world.spokesperson, question=department)
    html = client.get(LIST, {"don-vi": world.department.pk}).content.decode()
    assert detail(department) in html and detail(school) not in html


def test_unpublished_questions_are_not_public(client, world):
    for question in (ask(world), drafted(world), in_approval(world)):
        assert detail(question) not in client.get(LIST).content.decode()
        assert client.get(detail(question)).status_code == 404
    closed = ask(world)
    services.close_question(actor=world.officer_a, question=closed, reason="Trùng lặp.")
    assert client.get(detail(closed)).status_code == 404


def test_feedback_never_appears_on_any_public_page(client, world):
    item = send_feedback(world, text="Phản ánh riêng tư về việc thu tiền quỹ lớp không rõ ràng ở lớp 7A.")
    published(world)
    for path in (LIST, LIST + "?q=quy+lop", reverse("portal:home"), reverse("portal:search") + "?q=quy+lop",
                 reverse("enquiries_public:feedback"), reverse("portal:sitemap")):
        html = client.get(path).content.decode()
        assert "quỹ lớp" not in html and item.reference not in html and "0987654321" not in html, path


def test_publishing_shows_on_the_cached_list_at_once(client, world, django_capture_on_commit_callbacks):
    question = in_approval(world)
    assert detail(question) not in client.get(LIST).content.decode()  # cached now
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_answer(actor=world.principal_a, question=question)
    assert detail(question) in client.get(LIST).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_answer(actor=world.principal_a, question=question, comment="Cần sửa số liệu.")
    assert detail(question) not in client.get(LIST).content.decode()
    assert client.get(detail(question)).status_code == 404


def test_the_list_query_count_is_pinned(world, django_assert_num_queries, django_assert_max_num_queries):
    for _ in range(13):
        published(world)
    visitor = Client()
    # portal unit (the portal may keep it for a while), the unit of ?don-vi=, units with Q&A (the filter),
    # page count, the page's questions with their unit and answer
    for path in (LIST + "?q=hoc", LIST + f"?don-vi={world.school_a.pk}", LIST):
        with django_assert_max_num_queries(5):
            assert visitor.get(path).status_code == 200
    with django_assert_num_queries(0):  # the same page again comes from the portal cache
        visitor.get(LIST)


def test_the_thank_you_page_shows_only_a_well_formed_reference(client, world):
    html = client.get(reverse("enquiries_public:ask_done") + "?ma=<script>").content.decode()
    assert "<script>" not in html and "Cảm ơn bạn đã gửi câu hỏi" in html
    assert "HD-2026-000042" in client.get(reverse("enquiries_public:ask_done") + "?ma=HD-2026-000042").content.decode()
