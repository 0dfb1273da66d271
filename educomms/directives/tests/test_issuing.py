"""Issuing: receipts in bulk by a resumable job; issuing twice is impossible; a job killed halfway
completes without duplicates."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from educomms.audit.models import Event
from educomms.notifications.models import Notification

from .. import issuing, services
from ..models import DirectiveStatus, DirectiveUnitCount, IssueJob, Receipt
from ..targeting import TargetSpec
from .factories import draft, issue, issued


def people_of(directive) -> list[int]:
    return sorted(Receipt.objects.filter(directive=directive).values_list("person_id", flat=True))


def test_it_gives_everyone_in_the_department_a_receipt(world, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    everyone = [world.director, world.spokesperson, world.dept_officer, world.principal_a, world.officer_a,
                world.teacher_a, world.principal_b]
    assert people_of(directive) == sorted(p.pk for p in everyone)
    job = directive.issue_job
    assert job.state == IssueJob.State.DONE and job.done == job.total == 7 and job.percent == 100
    assert directive.status == DirectiveStatus.ISSUED and directive.issued_by == world.director
    teacher = Receipt.objects.get(directive=directive, person=world.teacher_a)
    assert teacher.unit == world.school_a and teacher.unit_path == world.school_a.path and teacher.role == "staff"
    assert Event.objects.filter(verb="directive.issued", object_id=str(directive.pk)).count() == 1


def test_it_tells_the_recipients_once_in_batches(world, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(kind="directive.issued").count() == 7
    assert directive.dispatches.get(step="issued").sent == 7


def test_it_refuses_to_issue_twice(world, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        services.issue_directive(actor=world.director, directive=directive)
    assert IssueJob.objects.filter(directive=directive).count() == 1
    assert Receipt.objects.filter(directive=directive).count() == 7


def test_a_school_officer_cannot_issue_the_departments_draft(world):
    directive = draft(world)
    with pytest.raises(PermissionDenied):
        services.issue_directive(actor=world.officer_a, directive=directive)
    directive.refresh_from_db()
    assert directive.status == DirectiveStatus.DRAFT and not Receipt.objects.exists()


def test_a_school_head_cannot_draft_for_the_department(world):
    with pytest.raises(PermissionDenied):
        draft(world, actor=world.principal_a)


def test_targets_outside_the_issuing_unit_are_refused_in_vietnamese(world):
    with pytest.raises(ValidationError) as info:
        draft(world, unit=world.school_a, actor=world.principal_a, targets=[TargetSpec(unit=world.school_b)])
    assert "không thuộc phạm vi" in str(info.value)


def test_a_job_killed_halfway_completes_without_duplicates(world, monkeypatch):
    monkeypatch.setattr(issuing, "CHUNK_UNITS", 1)
    directive = draft(world)
    job = services.issue_directive(actor=world.director, directive=directive)  # the task is not run (no commit)
    issuing.run_issue_job(job_id=job.pk, max_chunks=2)  # the worker dies after two chunks
    job.refresh_from_db()
    assert job.state == IssueJob.State.RUNNING and job.next_chunk == 2 and 0 < job.done < 7
    written_first = Receipt.objects.filter(directive=directive).count()
    assert written_first == job.done
    issuing.run_issue_job(job_id=job.pk)  # another worker resumes
    job.refresh_from_db()
    assert job.state == IssueJob.State.DONE and job.done == 7 and job.attempts == 2
    assert len(people_of(directive)) == len(set(people_of(directive))) == 7


def test_a_chunk_written_but_not_recorded_is_not_written_twice(world, monkeypatch):
    """Even receipts that exist without the job knowing (written by hand, or a forward) are not doubled."""
    monkeypatch.setattr(issuing, "CHUNK_UNITS", 1)
    directive = draft(world)
    job = services.issue_directive(actor=world.director, directive=directive)
    issuing.run_issue_job(job_id=job.pk, max_chunks=0)  # planned, nothing written
    job.refresh_from_db()
    start, end = job.chunks[0], job.chunks[-1]
    from ..targeting import recipient_memberships, specs_of

    issuing.insert_receipts(directive=directive, memberships=recipient_memberships(specs_of(directive.pk))
                            .filter(unit__path__gte=start, unit__path__lt=end))
    issuing.run_issue_job(job_id=job.pk)
    assert Receipt.objects.filter(directive=directive).count() == 7
    counts = DirectiveUnitCount.objects.filter(directive=directive)
    assert sum(c.recipients for c in counts) == 7


def test_a_resumed_failed_job_is_picked_up_by_the_scheduler(world, django_capture_on_commit_callbacks):
    directive = draft(world)
    job = services.issue_directive(actor=world.director, directive=directive)
    IssueJob.objects.filter(pk=job.pk).update(state=IssueJob.State.FAILED, attempts=1)
    assert services.resume_stalled_issues() == [job.pk]  # the immediate backend runs it at once
    job.refresh_from_db()
    assert job.state == IssueJob.State.DONE and Receipt.objects.filter(directive=directive).count() == 7


def test_a_withdrawn_directive_stops_its_unfinished_job(world, monkeypatch):
    monkeypatch.setattr(issuing, "CHUNK_UNITS", 1)
    directive = draft(world)
    job = services.issue_directive(actor=world.director, directive=directive)
    issuing.run_issue_job(job_id=job.pk, max_chunks=1)
    services.withdraw_directive(actor=world.director, directive=directive, reason="Ban hành nhầm đối tượng")
    issuing.run_issue_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == IssueJob.State.STOPPED and Receipt.objects.filter(directive=directive).count() < 7


def test_a_directive_without_recipients_finishes_at_once(world, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks,
                       targets=[TargetSpec(unit=world.department, unit_kinds=["centre"])])
    assert directive.issue_job.state == IssueJob.State.DONE and directive.issue_job.total == 0


def test_issuing_after_the_deadline_passed_is_refused(world):
    import datetime as dt

    from django.utils import timezone

    directive = draft(world, ack_deadline=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(ValidationError) as info:
        services.issue_directive(actor=world.director, directive=directive)
    assert "Hạn xác nhận đã qua" in str(info.value)


def test_issue_helper_runs_the_task(world, django_capture_on_commit_callbacks):
    directive = issue(world, draft(world, targets=[TargetSpec(unit=world.school_a)]), django_capture_on_commit_callbacks)
    assert len(people_of(directive)) == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent transactions need PostgreSQL")
def test_two_issues_at_once_issue_once(world):
    directive = draft(world)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            services.issue_directive(actor=world.director, directive=directive)
            outcomes.append("issued")
        except ValidationError:
            outcomes.append("refused")
        except BaseException as exc:  # noqa: BLE001  (reported to the test thread below)
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["issued", "refused"]
    assert IssueJob.objects.filter(directive=directive).count() == 1
    assert Receipt.objects.filter(directive=directive).count() == 7
