"""Tasks of directives: take ids, re-fetch, call the service. The issuing job and the batched notices
run in workers; two scheduler jobs pick up what a dead worker left and send due reminders."""

from crontask import cron
from django.tasks import task

from . import issuing, reminders, services


@task()
def run_issue(job_id: int) -> None:
    issuing.run_issue_job(job_id=job_id)


@task()
def run_dispatch(dispatch_id: int) -> None:
    reminders.run_dispatch(dispatch_id=dispatch_id)


@cron("*/5 * * * *")
@task()
def resume_stalled_issues() -> None:
    services.resume_stalled_issues()


@cron("*/15 * * * *")
@task()
def send_due_reminders() -> None:
    reminders.send_due_reminders()
