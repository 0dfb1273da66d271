"""Tasks of the Excel import: take the job id, re-fetch, call the service."""

from django.tasks import task

from educomms.org.excel import services


@task()
def run_import(job_id: int) -> None:
    services.run_import_job(job_id=job_id)
