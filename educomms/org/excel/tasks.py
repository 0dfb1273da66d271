"""Tasks of the Excel import: take the job id, re-fetch, call the service."""

from crontask import cron
from django.tasks import task

from educomms.org.excel import services


@task()
def run_import(job_id: int) -> None:
    services.run_import_job(job_id=job_id)


@cron("*/5 * * * *")
@task()
def requeue_stalled_imports() -> None:
    services.requeue_stalled_jobs()
