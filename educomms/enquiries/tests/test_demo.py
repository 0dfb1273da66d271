"""The demo Q&A and feedback (educomms/demo/enquiries.py) on a small demo province."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from educomms.demo import enquiries as demo_enquiries
from educomms.demo import province
from educomms.enquiries.models import AnswerRevision, Feedback, Question, QuestionState, QuestionTransition
from educomms.org.models import Membership

pytestmark = pytest.mark.django_db
S = QuestionState


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        province.load(schools=24)
        yield demo_enquiries.load()
        transaction.set_rollback(True)


def test_it_loads_questions_in_every_state_and_feedback(demo):
    assert demo.created and demo.published >= 8 and demo.feedback == 4
    states = set(Question.objects.values_list("state", flat=True))
    assert states == {S.PUBLISHED, S.IN_APPROVAL, S.DRAFTED, S.RECEIVED, S.CLOSED, S.SPAM}
    assert Question.objects.values("unit").distinct().count() >= 3
    assert set(Feedback.objects.values_list("state", flat=True)) == {"new", "in_progress", "resolved"}


def test_published_answers_are_approved_by_a_head_or_spokesperson_who_did_not_write_them(demo):
    for question in Question.objects.filter(state=S.PUBLISHED).select_related("answer"):
        approver = question.answer.approved_by_id
        assert approver not in set(AnswerRevision.objects.filter(answer=question.answer)
                                   .values_list("editor_id", flat=True))
        roles = set(Membership.objects.active().filter(unit=question.unit_id, person_id=approver)
                    .values_list("role", flat=True))
        assert roles & {"head", "spokesperson"}
        assert question.asker_notified_at is not None  # loading the demo e-mails nobody
        assert QuestionTransition.objects.filter(question=question, to_state=S.PUBLISHED).exists()


def test_the_history_is_spread_over_past_weeks_and_one_question_is_overdue(demo):
    dates = {q.received_at.date() for q in Question.objects.all()}
    assert len(dates) >= 8
    assert any(q.is_overdue for q in Question.objects.all())


def test_loading_again_changes_nothing(demo):
    again = demo_enquiries.load()
    assert not again.created and again.questions == Question.objects.count() == len(demo_enquiries.QUESTIONS)


def test_the_published_qa_shows_on_the_demo_portal(demo):
    html = Client().get(reverse("enquiries_public:questions") + "?q=hoc+phi").content.decode()
    assert "<mark>học</mark> <mark>phí</mark>" in html and "0905118372" not in html
