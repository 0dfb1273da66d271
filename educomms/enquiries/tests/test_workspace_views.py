"""Workspace pages (/tiep-nhan/): who sees which questions and feedback, and the moves through the pages.

Decision: questions are handled at the unit they are addressed to, not inherited down the tree — the
department's officer does not see a school's questions (docs/enquiries.md)."""

import pytest
from django.test import Client
from django.urls import reverse

from educomms.enquiries.models import Answer, Feedback, FeedbackNote, Question, QuestionState
from educomms.enquiries.tests.factories import ANSWER, ask, drafted, in_approval, send_feedback

pytestmark = pytest.mark.django_db
INBOX = reverse("enquiries:inbox")


def page(question: Question) -> str:
    return reverse("enquiries:question", args=[question.pk])


def test_it_shows_school_a_questions_to_school_a_officer(world, login):
    question = ask(world)
    client = login(world.officer_a)
    assert question.reference in client.get(INBOX).content.decode()
    response = client.get(page(question))
    assert response.status_code == 200
    html = response.content.decode()
    assert "phuhuynh@example.com" in html and "Phân công" in html


def test_it_hides_school_a_questions_from_school_b_principal(world, login):
    question = ask(world)
    client = login(world.principal_b)
    assert question.reference not in client.get(INBOX).content.decode()
    assert client.get(page(question)).status_code == 404
    assert client.post(reverse("enquiries:question_move", args=[question.pk]),
                       {"action": "spam"}).status_code == 404
    assert Question.objects.get(pk=question.pk).state == QuestionState.RECEIVED


def test_a_teacher_has_no_inbox_and_no_question(world, login):
    question = ask(world)
    client = login(world.teacher_a)
    assert client.get(INBOX).status_code == 404
    assert client.get(page(question)).status_code == 404
    assert b'href="/tiep-nhan/"' not in client.get(reverse("core:home")).content


def test_the_department_officer_does_not_see_school_questions_only_its_own(world, login):
    school_question = ask(world)
    department_question = ask(world, unit=world.department)
    client = login(world.dept_officer)
    html = client.get(INBOX).content.decode()
    assert department_question.reference in html and school_question.reference not in html
    assert client.get(page(school_question)).status_code == 404
    assert client.get(page(department_question)).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    question = ask(world)
    response = client.get(page(question))
    assert response.status_code == 302 and "/tai-khoan/" in response["Location"]


def test_the_navigation_shows_the_inbox_to_handlers(world, login):
    assert "Hỏi đáp, góp ý" in login(world.officer_a).get(reverse("core:home")).content.decode()


def test_overdue_items_are_highlighted(world, login):
    question = ask(world)
    Question.objects.filter(pk=question.pk).update(due_at=question.received_at.replace(year=2020))
    html = login(world.officer_a).get(INBOX).content.decode()
    assert 'data-overdue="1"' in html and "Quá hạn" in html
    assert "Quá hạn" in login(world.officer_a).get(INBOX + "?overdue=1").content.decode()


def test_the_inbox_query_count_is_pinned_and_does_not_grow(world, login, django_assert_max_num_queries):
    for _ in range(3):
        drafted(world)
        send_feedback(world)
    client = login(world.officer_a)
    client.get(INBOX)  # warm the session
    # session, person, grants, current unit (middleware), unread badge, open counts (2), units, page count,
    # the page's rows, nav check
    with django_assert_max_num_queries(11):
        client.get(INBOX)
    for _ in range(10):
        drafted(world)
        send_feedback(world)
    for path in (INBOX, INBOX + "?kind=feedback", INBOX + "?state=all&overdue=1"):
        with django_assert_max_num_queries(11):
            assert client.get(path).status_code == 200


def test_the_whole_flow_through_the_pages(world, login, client):
    question = ask(world)
    officer = login(world.officer_a)
    response = officer.post(reverse("enquiries:question_assign", args=[question.pk]),
                            {"assignee": world.officer_a.pk, "comment": ""})
    assert response.status_code == 302
    response = officer.post(reverse("enquiries:answer_save", args=[question.pk]), {
        "body": "Kính gửi phụ huynh,\n\nHọc sinh THCS công lập được miễn học phí.\nXem https://sgd.example.vn",
        "version": 0})
    assert response.status_code == 302
    answer = Answer.objects.get(question=question)
    assert answer.body.startswith("<p>Kính gửi phụ huynh,</p><p>Học sinh THCS công lập được miễn học phí.<br>")
    assert 'href="https://sgd.example.vn"' in answer.body
    # The text comes back for editing as it was typed.
    assert "Kính gửi phụ huynh,\n\nHọc sinh" in officer.get(page(question)).content.decode()
    assert officer.post(reverse("enquiries:question_move", args=[question.pk]),
                        {"action": "submit"}).status_code == 302
    # The officer sees no approve button; the principal does.
    assert 'data-action="approve"' not in officer.get(page(question)).content.decode()
    principal = client
    principal.force_login(world.principal_a, backend="educomms.accounts.backends.EmailOrPhoneBackend")
    assert 'data-action="approve"' in principal.get(page(question)).content.decode()
    assert principal.post(reverse("enquiries:question_move", args=[question.pk]),
                          {"action": "approve"}).status_code == 302
    assert Question.objects.get(pk=question.pk).state == QuestionState.PUBLISHED


def test_a_move_without_its_reason_shows_the_message_and_changes_nothing(world, login):
    question = in_approval(world)
    response = login(world.principal_a).post(reverse("enquiries:question_move", args=[question.pk]),
                                             {"action": "request_changes", "comment": ""})
    assert response.status_code == 400 and "Cần ghi rõ lý do." in response.content.decode()
    assert Question.objects.get(pk=question.pk).state == QuestionState.IN_APPROVAL


def test_the_drafter_is_refused_approval_through_the_page(world, login):
    question = ask(world)
    client = login(world.principal_a)
    client.post(reverse("enquiries:answer_save", args=[question.pk]), {"body": "Trả lời đầy đủ.", "version": 0})
    client.post(reverse("enquiries:question_move", args=[question.pk]), {"action": "submit"})
    assert 'data-action="approve"' not in client.get(page(question)).content.decode()
    assert client.post(reverse("enquiries:question_move", args=[question.pk]),
                       {"action": "approve"}).status_code == 403
    assert Question.objects.get(pk=question.pk).state == QuestionState.IN_APPROVAL


def test_a_stale_answer_form_shows_the_concurrency_message(world, login):
    question = drafted(world)
    client = login(world.principal_a)
    response = client.post(reverse("enquiries:answer_save", args=[question.pk]), {"body": "Ghi đè", "version": 0})
    assert response.status_code == 400 and "đã được người khác sửa" in response.content.decode()
    assert Answer.objects.get(question=question).body == ANSWER


# --- Feedback --------------------------------------------------------------------------------------

def test_feedback_is_handled_by_school_a_and_hidden_from_school_b(world, login):
    item = send_feedback(world)
    officer = login(world.officer_a)
    assert item.reference in officer.get(INBOX + "?kind=feedback").content.decode()
    assert officer.get(reverse("enquiries:feedback", args=[item.pk])).status_code == 200
    response = officer.post(reverse("enquiries:feedback_state", args=[item.pk]), {"to": "in_progress"})
    assert response.status_code == 302
    officer.post(reverse("enquiries:feedback_note", args=[item.pk]), {"body": "Đã liên hệ công an xã."})
    response = officer.post(reverse("enquiries:feedback_state", args=[item.pk]), {"to": "resolved", "comment": ""})
    assert response.status_code == 400 and "Cần ghi rõ kết quả xử lý" in response.content.decode()
    officer.post(reverse("enquiries:feedback_state", args=[item.pk]),
                 {"to": "resolved", "comment": "Đã bố trí người hướng dẫn giao thông giờ tan học."})
    assert Feedback.objects.get(pk=item.pk).state == "resolved"
    assert FeedbackNote.objects.filter(feedback=item).count() == 3

    other = Client()  # a fresh session: the officer's success messages are not carried over
    other.force_login(world.principal_b, backend="educomms.accounts.backends.EmailOrPhoneBackend")
    assert item.reference not in other.get(INBOX + "?kind=feedback").content.decode()
    for name in ("enquiries:feedback", "enquiries:feedback_attachment"):
        assert other.get(reverse(name, args=[item.pk])).status_code == 404
    assert other.post(reverse("enquiries:feedback_note", args=[item.pk]), {"body": "x"}).status_code == 404


def test_the_department_officer_does_not_see_school_feedback(world, login):
    item = send_feedback(world)
    assert login(world.dept_officer).get(reverse("enquiries:feedback", args=[item.pk])).status_code == 404
    assert login(world.teacher_a).get(reverse("enquiries:feedback", args=[item.pk])).status_code == 404


def test_the_attachment_is_served_only_to_the_unit(world, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("bien ban.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    item = send_feedback(world, attachment=pdf)
    response = login(world.officer_a).get(reverse("enquiries:feedback_attachment", args=[item.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
