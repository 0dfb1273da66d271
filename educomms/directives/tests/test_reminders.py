"""Reminders before and at the deadline to people who have not acknowledged, escalation to the heads of
their units afterwards: each sent once, none after withdrawal or correction."""

import datetime as dt

from django.utils import timezone

from educomms.notifications.models import Delivery, Notification

from .. import reminders, services, tasks
from ..models import Dispatch
from .factories import deadline_in, draft, issue, issued, receipt_of


def reminded(kind="directive.reminder") -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def with_deadline(world, capture, **fields):
    fields.setdefault("remind_days_before", [3, 0])
    fields.setdefault("escalate_days_after", 1)
    return issued(world, capture, ack_deadline=deadline_in(5), **fields)


def test_nothing_is_due_before_the_first_reminder(world, django_capture_on_commit_callbacks):
    with_deadline(world, django_capture_on_commit_callbacks)
    assert reminders.due_steps() == []
    assert reminders.send_due_reminders() == []


def test_people_who_have_not_acknowledged_are_reminded_once(world, django_capture_on_commit_callbacks):
    directive = with_deadline(world, django_capture_on_commit_callbacks)
    services.acknowledge_receipt(actor=world.teacher_a, receipt=receipt_of(directive, world.teacher_a))
    three_days_before = directive.ack_deadline - dt.timedelta(days=3) + dt.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_due_reminders(now=three_days_before)
        reminders.send_due_reminders(now=three_days_before + dt.timedelta(minutes=15))
    assert len(reminded()) == 6 and world.teacher_a.pk not in reminded()
    assert Notification.objects.filter(kind="directive.reminder").count() == 6
    assert Delivery.objects.filter(notification__kind="directive.reminder", channel="email").count() == 6
    assert Dispatch.objects.get(directive=directive, step="before:3").state == Dispatch.State.DONE


def test_the_deadline_reminder_is_a_second_step(world, django_capture_on_commit_callbacks):
    directive = with_deadline(world, django_capture_on_commit_callbacks)
    at_deadline = directive.ack_deadline + dt.timedelta(minutes=1)
    steps = {step for _, step in reminders.due_steps(now=at_deadline)}
    assert steps == {"before:3", "before:0"}


def test_a_crashed_batch_resumes_after_the_last_person_told(world, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(reminders, "BATCH", 3)
    directive = with_deadline(world, django_capture_on_commit_callbacks)
    dispatch = Dispatch.objects.create(directive=directive, step="before:3")
    assert reminders._send_batch(dispatch.pk) is True  # one batch, then the worker dies
    dispatch.refresh_from_db()
    assert dispatch.sent == 3 and dispatch.state == Dispatch.State.RUNNING
    Dispatch.objects.filter(pk=dispatch.pk).update(updated_at=timezone.now() - dt.timedelta(hours=1))
    reminders.send_due_reminders(now=directive.ack_deadline - dt.timedelta(days=3) + dt.timedelta(minutes=1))
    dispatch.refresh_from_db()
    assert dispatch.state == Dispatch.State.DONE and dispatch.sent == 7
    assert Notification.objects.filter(kind="directive.reminder").count() == 7 == len(reminded())


def test_heads_of_lagging_units_are_told_after_the_deadline(world, django_capture_on_commit_callbacks):
    directive = with_deadline(world, django_capture_on_commit_callbacks)
    for person in (world.principal_b,):
        services.acknowledge_receipt(actor=person, receipt=receipt_of(directive, person))
    later = directive.ack_deadline + dt.timedelta(days=1, minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_due_reminders(now=later)
        reminders.send_due_reminders(now=later + dt.timedelta(hours=1))
    # School B acknowledged fully: its head is not told; School A's and the department's heads are, once.
    assert reminded("directive.escalation") == {world.principal_a.pk, world.director.pk}
    assert Notification.objects.filter(kind="directive.escalation").count() == 2
    school_a = Notification.objects.get(kind="directive.escalation", recipient=world.principal_a)
    assert "còn 3 người chưa xác nhận" in school_a.title


def test_a_withdrawn_directive_gets_no_reminders(world, django_capture_on_commit_callbacks):
    directive = with_deadline(world, django_capture_on_commit_callbacks)
    services.withdraw_directive(actor=world.director, directive=directive, reason="Ban hành nhầm")
    assert reminders.due_steps(now=directive.ack_deadline + dt.timedelta(days=2)) == []


def test_a_corrected_directive_gets_no_more_reminders_but_the_correction_does(world, django_capture_on_commit_callbacks):
    directive = with_deadline(world, django_capture_on_commit_callbacks)
    correction = services.correct_directive(actor=world.director, directive=directive)
    correction = issue(world, correction, django_capture_on_commit_callbacks)
    due = reminders.due_steps(now=directive.ack_deadline - dt.timedelta(days=3) + dt.timedelta(minutes=1))
    assert [d for d, _ in due] == [correction.pk]


def test_the_reminder_job_is_registered_with_the_scheduler():
    from crontask import scheduler

    names = [str(job.name) for job in scheduler.get_jobs()]
    assert any("send_due_reminders" in name for name in names)
    assert any("resume_stalled_issues" in name for name in names)
    assert tasks.send_due_reminders is not None


def test_a_directive_without_deadline_is_never_reminded(world, django_capture_on_commit_callbacks):
    issue(world, draft(world, remind_days_before=[1]), django_capture_on_commit_callbacks)
    assert reminders.due_steps(now=timezone.now() + dt.timedelta(days=30)) == []
