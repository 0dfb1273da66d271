"""Housekeeping jobs on the scheduler."""

from crontask import cron
from django.conf import settings
from django.core.management import call_command
from django.tasks import task


@cron("30 3 * * *")
@task()
def prune_task_results() -> None:
    """Finished task rows older than 14 days are removed (failed ones after 60 days, for diagnosis)."""
    if str(settings.TASKS["default"]["BACKEND"]).startswith("django_tasks_db"):
        call_command("prune_db_task_results", min_age_days=14, failed_min_age_days=60, verbosity=0)
