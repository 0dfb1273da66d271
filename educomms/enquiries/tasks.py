import datetime as dt
import logging

from crontask import cron
from django.tasks import task
from django.utils import timezone

from educomms.enquiries import services
from educomms.enquiries.models import Question, QuestionState

logger = logging.getLogger(__name__)


@task()
def email_asker(question_id: int) -> None:
    services.email_asker(question_id=question_id)


@cron("*/15 * * * *")
@task()
def retry_asker_emails() -> None:
    """Askers of answers published more than 10 minutes ago whose e-mail was lost or failed."""
    cutoff = timezone.now() - dt.timedelta(minutes=10)
    ids = list(Question.objects.filter(state=QuestionState.PUBLISHED, asker_notified_at__isnull=True,
                                       published_at__lt=cutoff).exclude(asker_email="")
               .values_list("id", flat=True)[:200])
    for question_id in ids:
        try:
            services.email_asker(question_id=question_id)
        except OSError:  # SMTP errors are OSError subclasses: the next run tries again
            logger.warning("e-mail to the asker of question %s failed", question_id, exc_info=True)
