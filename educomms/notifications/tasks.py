import datetime as dt

from crontask import cron
from django.tasks import task
from django.utils import timezone

from educomms.notifications import services
from educomms.notifications.models import Delivery


@task()
def send_deliveries(delivery_ids: list[int]) -> None:
    for delivery_id in delivery_ids:
        services.send_delivery(delivery_id=delivery_id)


@cron("*/10 * * * *")
@task()
def retry_pending_deliveries() -> None:
    """Pick up deliveries whose first attempt failed transiently or whose task was lost."""
    cutoff = timezone.now() - dt.timedelta(minutes=5)
    ids = list(Delivery.objects.filter(status=Delivery.Status.PENDING, notification__created_at__lt=cutoff)
               .values_list("id", flat=True)[:1000])
    for delivery_id in ids:
        services.send_delivery(delivery_id=delivery_id)
