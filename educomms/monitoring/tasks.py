"""Tasks of monitoring: take ids, re-fetch, call the service. The scheduler enqueues due sources every
five minutes, looks for sources failing for more than a day every quarter of an hour, and forgets the
near-duplicate keys of clusters gone quiet once a night."""

from crontask import cron
from django.tasks import task
from django.utils import timezone

from . import alerts, fetching, pipeline, services


@task()
def fetch_source(source_id: int) -> None:
    fetching.fetch_source(source_id=source_id)


@cron("*/5 * * * *")
@task()
def fetch_due_sources() -> None:
    for source_id in fetching.claim_due_sources():
        fetch_source.enqueue(source_id=source_id)


@cron("*/15 * * * *")
@task()
def report_failing_sources() -> None:
    alerts.source_alerts(now=timezone.now())


@task()
def import_file(source_id: int, path: str, name: str, mapping: dict[str, str], actor_id: int | None) -> None:
    fetching.import_file(source_id=source_id, path=path, name=name, mapping=mapping, actor_id=actor_id)


@task()
def backfill_topic(topic_id: int) -> None:
    pipeline.backfill_topic(topic_id=topic_id)


@cron("17 * * * *")
@task()
def ensure_default_topics() -> None:
    services.ensure_default_topics()


@cron("40 2 * * *")
@task()
def prune_cluster_bands() -> None:
    pipeline.prune_cluster_bands()
