"""A question's handling: every move of the table, the four-eyes rule, publication, the asker's e-mail
and the portal cache."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from educomms.audit.models import Event
from educomms.enquiries import services, workflow
from educomms.enquiries.models import Answer, AnswerRevision, Question, QuestionState, QuestionTransition
from educomms.notifications.models import Notification
from educomms.portal import cache as portal_cache

from .factories import ANSWER, ask, drafted, in_approval, published

pytestmark = pytest.mark.django_db
S = QuestionState


def fresh(question: Question) -> Question:
    return Question.objects.get(pk=question.pk)


def test_the_table_has_the_moves_of_the_brief():
    pairs = {(r.source, r.target) for r in workflow.TRANSITIONS}
    assert {(S.DRAFTED, S.IN_APPROVAL), (S.IN_APPROVAL, S.DRAFTED), (S.IN_APPROVAL, S.PUBLISHED),
            (S.RECEIVED, S.CLOSED), (S.IN_APPROVAL, S.CLOSED), (S.RECEIVED, S.SPAM)} <= pairs


def test_an_officer_assigns_a_colleague_who_is_told(world):
    question = ask(world)
    services.assign_question(actor=world.officer_a, question=question, assignee=world.principal_a)
    question = fresh(question)
    assert question.state == S.ASSIGNED and question.assignee == world.principal_a
    assert Notification.objects.filter(kind="enquiries.assigned", recipient=world.principal_a).exists()
    assert Event.objects.filter(verb="enquiries.question.assigned").count() == 1


def test_only_a_handler_of_the_unit_can_be_assigned(world):
    question = ask(world)
    for outsider in (world.teacher_a, world.principal_b, world.dept_officer):
        with pytest.raises(ValidationError):
            services.assign_question(actor=world.officer_a, question=question, assignee=outsider)
    assert fresh(question).state == S.RECEIVED


def test_drafting_the_answer_assigns_the_writer_and_keeps_every_version(world):
    question = drafted(world)
    question = fresh(question)
    assert question.state == S.DRAFTED and question.assignee == world.officer_a
    services.save_answer(actor=world.principal_a, question=question, body="<p>Bản sửa.</p><script>x</script>",
                         version=1)
    answer = Answer.objects.get(question=question)
    assert answer.version == 2 and "<script>" not in answer.body
    assert list(AnswerRevision.objects.filter(answer=answer).values_list("editor", flat=True)) == [
        world.officer_a.pk, world.principal_a.pk]


def test_a_stale_edit_is_refused_and_nothing_is_lost(world):
    question = drafted(world)
    services.save_answer(actor=world.officer_a, question=question, body="<p>Lần hai.</p>", version=1)
    with pytest.raises(ValidationError) as error:
        services.save_answer(actor=world.principal_a, question=question, body="<p>Ghi đè.</p>", version=1)
    assert "đã được người khác sửa" in str(error.value)
    assert Answer.objects.get(question=question).body == "<p>Lần hai.</p>"


def test_an_empty_answer_is_refused(world):
    question = ask(world)
    with pytest.raises(ValidationError):
        services.save_answer(actor=world.officer_a, question=question, body="<p> </p>", version=0)
    assert not Answer.objects.exists() and fresh(question).state == S.RECEIVED


def test_submitting_tells_the_approvers_who_did_not_write_it(world):
    in_approval(world)
    told = {n.recipient for n in Notification.objects.filter(kind="enquiries.submitted")}
    assert told == {world.principal_a}


def test_the_drafter_cannot_approve_their_own_answer(world):
    question = ask(world)
    services.save_answer(actor=world.principal_a, question=question, body=ANSWER, version=0)
    services.submit_answer(actor=world.principal_a, question=question)
    with pytest.raises(PermissionDenied) as error:
        services.approve_answer(actor=world.principal_a, question=question)
    assert "không được tự duyệt" in str(error.value)
    assert fresh(question).state == S.IN_APPROVAL and fresh(question).published_at is None


def test_an_officer_cannot_approve_and_nor_can_the_department(world):
    question = in_approval(world)
    for person in (world.officer_a, world.director, world.spokesperson, world.principal_b, world.admin):
        with pytest.raises(PermissionDenied):
            services.approve_answer(actor=person, question=question)
    assert fresh(question).state == S.IN_APPROVAL


def test_approval_publishes_emails_the_asker_and_renews_the_portal_cache(world, django_capture_on_commit_callbacks):
    question = in_approval(world)
    before = portal_cache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_answer(actor=world.principal_a, question=question, comment="Đồng ý đăng.")
    question = fresh(question)
    answer = Answer.objects.get(question=question)
    assert question.state == S.PUBLISHED and question.published_at and answer.approved_by == world.principal_a
    assert "hoc phi" in question.search_text and "mien hoc phi" in question.search_text
    assert portal_cache.generation() != before
    to_asker = [m for m in mail.outbox if m.to == ["phuhuynh@example.com"]]
    assert len(to_asker) == 1 and question.reference in to_asker[0].subject
    assert f"/hoi-dap/{question.pk}/" in to_asker[0].body
    assert question.asker_notified_at is not None
    assert services.email_asker(question_id=question.pk) is False  # never twice
    assert Notification.objects.filter(kind="enquiries.approve", recipient=world.officer_a).exists()
    assert Event.objects.filter(verb="enquiries.question.approve", actor=world.principal_a).exists()


def test_a_phone_only_asker_gets_no_email(world, django_capture_on_commit_callbacks):
    question = in_approval(world, email="", phone="0912345678")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_answer(actor=world.principal_a, question=question)
    assert fresh(question).state == S.PUBLISHED
    assert not [m for m in mail.outbox if "0912345678" in m.to or m.to == [""]]
    assert fresh(question).asker_notified_at is None


def test_requesting_changes_needs_a_reason_and_sends_the_answer_back(world):
    question = in_approval(world)
    with pytest.raises(ValidationError):
        services.request_answer_changes(actor=world.principal_a, question=question, comment=" ")
    services.request_answer_changes(actor=world.principal_a, question=question, comment="Nêu rõ số nghị quyết.")
    assert fresh(question).state == S.DRAFTED
    assert Notification.objects.filter(kind="enquiries.request_changes", recipient=world.officer_a).exists()
    step = QuestionTransition.objects.filter(question=question).last()
    assert step is not None and step.comment == "Nêu rõ số nghị quyết." and step.actor == world.principal_a


def test_closing_without_publishing_needs_a_reason(world):
    question = ask(world)
    with pytest.raises(ValidationError):
        services.close_question(actor=world.officer_a, question=question, reason="")
    services.close_question(actor=world.officer_a, question=question, reason="Câu hỏi trùng với HD-2026-000001.")
    question = fresh(question)
    assert question.state == S.CLOSED and question.closed_reason.startswith("Câu hỏi trùng")
    services.reopen_question(actor=world.officer_a, question=question)
    assert fresh(question).state == S.RECEIVED and fresh(question).closed_reason == ""


def test_spam_is_marked_by_a_handler_not_by_a_teacher(world):
    question = ask(world)
    with pytest.raises(PermissionDenied):
        services.mark_spam(actor=world.teacher_a, question=question)
    services.mark_spam(actor=world.officer_a, question=question)
    assert fresh(question).state == S.SPAM


def test_a_published_answer_cannot_be_edited_but_can_be_taken_down(world, django_capture_on_commit_callbacks):
    question = published(world)
    with pytest.raises(ValidationError):
        services.save_answer(actor=world.officer_a, question=question, body="<p>Sửa.</p>", version=1)
    with pytest.raises(ValidationError):
        services.close_question(actor=world.officer_a, question=question, reason="Không đăng nữa.")
    before = portal_cache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_answer(actor=world.principal_a, question=question, comment="Số liệu cần cập nhật.")
    question = fresh(question)
    assert question.state == S.DRAFTED and question.published_at is None and question.search_text == ""
    assert portal_cache.generation() != before


def test_a_move_already_taken_by_someone_else_is_refused(world):
    question = in_approval(world)
    stale = fresh(question)
    services.request_answer_changes(actor=world.principal_a, question=question, comment="Sửa lại.")
    with pytest.raises(ValidationError) as error:
        services.approve_answer(actor=world.principal_a, question=stale)
    assert "người khác vừa xử lý" in str(error.value)
    assert fresh(question).state == S.DRAFTED


def test_a_lost_email_to_the_asker_is_sent_by_the_periodic_retry_once(world):
    import datetime as dt

    from django.utils import timezone

    from educomms.enquiries import tasks

    question = published(world)  # on-commit work does not run here: as if the task was lost
    assert not mail.outbox
    tasks.retry_asker_emails.call()
    assert not mail.outbox  # too recent: the task may still be on its way
    Question.objects.filter(pk=question.pk).update(published_at=timezone.now() - dt.timedelta(minutes=20))
    tasks.retry_asker_emails.call()
    tasks.retry_asker_emails.call()
    assert [m.to for m in mail.outbox] == [["phuhuynh@example.com"]]
