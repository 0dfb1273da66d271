"""Scheduled publishing. A task per scheduled story (deferred to its time where the backend can defer)
and a job every minute that catches anything due (worker restarts, lost tasks): both call the same
idempotent service, so a story is published once."""

import datetime as dt

from crontask import cron
from django.tasks import task

from educomms.newsroom import services


@task()
def publish_scheduled_story(story_id: int) -> None:
    services.publish_due_story(story_id=story_id)


@cron("* * * * *")
@task()
def publish_due_stories() -> None:
    for story_id in services.due_story_ids():
        services.publish_due_story(story_id=story_id)


def enqueue_scheduled(*, story_id: int, when: dt.datetime) -> None:
    """Enqueue the story's own task for `when`. A backend that cannot defer (the immediate backend of the
    tests) would run it now, before it is due: there the minute job alone publishes it."""
    if not publish_scheduled_story.get_backend().supports_defer:
        return
    publish_scheduled_story.using(run_after=when).enqueue(story_id=story_id)
