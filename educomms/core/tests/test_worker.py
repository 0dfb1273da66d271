"""The real task worker (django-tasks-db `db_worker`) runs what services enqueue."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from educomms.notifications.models import Delivery
from educomms.notifications.services import notify

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


# The worker closes its database connection between tasks, as it should in production: that needs a
# transactional test rather than one wrapped in a transaction.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_the_database_worker_sends_what_a_service_enqueued(world, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[world.teacher_a], kind="test.hello", title="Kế hoạch tuần 12", body="Xin chào")
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []  # nothing is sent inside the web request

    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)

    delivery = Delivery.objects.get(notification__recipient=world.teacher_a)
    assert delivery.status == Delivery.Status.SENT
    assert [m.to for m in mail.outbox] == [[world.teacher_a.email]]
    assert "Kế hoạch tuần 12" in mail.outbox[0].subject

    # Running the worker again finds nothing to do and never sends twice.
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    assert len(mail.outbox) == 1
