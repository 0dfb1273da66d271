"""Scheduled publishing: the story's task and the minute job publish a due story exactly once."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from educomms.audit.models import Event
from educomms.notifications.models import Notification

from .. import services, tasks
from ..models import Story, StoryState, StoryTransition
from .test_workflow import approved, fresh

S = StoryState


def scheduled(world, minutes=10) -> Story:
    story = approved(world)
    services.schedule_story(actor=world.principal_a, story=story, scheduled_for=timezone.now() +
                            dt.timedelta(minutes=minutes))
    return fresh(story)


def make_due(story: Story) -> None:
    Story.objects.filter(pk=story.pk).update(scheduled_for=timezone.now() - dt.timedelta(seconds=5))


def test_nothing_is_published_before_its_time(world):
    story = scheduled(world)
    tasks.publish_scheduled_story.call(story_id=story.pk)
    tasks.publish_due_stories.call()
    assert fresh(story).state == S.SCHEDULED


def test_the_task_twice_and_the_minute_job_publish_once(world):
    story = scheduled(world)
    make_due(story)
    tasks.publish_scheduled_story.call(story_id=story.pk)
    tasks.publish_scheduled_story.call(story_id=story.pk)
    tasks.publish_due_stories.call()
    story = fresh(story)
    assert story.state == S.PUBLISHED and story.published_at is not None and story.scheduled_for is None
    assert StoryTransition.objects.filter(story=story, to_state=S.PUBLISHED).count() == 1
    assert Event.objects.filter(verb="story.published", object_id=str(story.pk)).count() == 1
    assert Notification.objects.filter(kind="newsroom.published", recipient=world.teacher_a).count() == 1


def test_the_minute_job_catches_a_lost_task(world):
    stories = [scheduled(world), scheduled(world)]
    for story in stories:
        make_due(story)
    tasks.publish_due_stories.enqueue()
    assert [fresh(s).state for s in stories] == [S.PUBLISHED, S.PUBLISHED]


def test_a_cancelled_schedule_is_not_published_by_its_task(world):
    story = scheduled(world)
    make_due(story)
    services.cancel_schedule(actor=world.principal_a, story=story)
    tasks.publish_scheduled_story.call(story_id=story.pk)
    tasks.publish_due_stories.call()
    assert fresh(story).state == S.APPROVED


def test_a_due_story_failing_its_checks_goes_back_to_approved_and_people_are_told(world):
    story = scheduled(world)
    make_due(story)
    Story.objects.filter(pk=story.pk).update(names_students=True)
    tasks.publish_due_stories.call()
    story = fresh(story)
    assert story.state == S.APPROVED
    assert "đồng ý" in StoryTransition.objects.filter(story=story).last().comment
    told = set(Notification.objects.filter(kind="newsroom.schedule_failed").values_list("recipient_id", flat=True))
    assert {world.teacher_a.pk, world.principal_a.pk, world.officer_a.pk} <= told


def test_a_publish_by_hand_and_then_the_job_publish_once(world):
    story = scheduled(world)
    services.publish_story(actor=world.principal_a, story=story)
    make_due(story)
    tasks.publish_due_stories.call()
    assert StoryTransition.objects.filter(story=story, to_state=S.PUBLISHED).count() == 1


def test_the_minute_job_is_registered_with_the_scheduler():
    from crontask import scheduler

    names = [str(job.name) for job in scheduler.get_jobs()]
    assert any("publish_due_stories" in name for name in names)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent transactions need PostgreSQL")
def test_concurrent_tasks_and_the_minute_job_publish_once(world):
    story = scheduled(world)
    make_due(story)
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def run(job) -> None:
        try:
            barrier.wait(timeout=10)
            job()
        except BaseException as exc:  # noqa: BLE001  (reported to the test thread below)
            errors.append(exc)
        finally:
            connections.close_all()

    jobs = [lambda: tasks.publish_scheduled_story.call(story_id=story.pk)] * 2 + [tasks.publish_due_stories.call] * 2
    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert fresh(story).state == S.PUBLISHED
    assert StoryTransition.objects.filter(story=story, to_state=S.PUBLISHED).count() == 1
    assert Event.objects.filter(verb="story.published", object_id=str(story.pk)).count() == 1
