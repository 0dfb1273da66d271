import pytest
from django.db import transaction

from educomms.demo import province


@pytest.fixture(scope="module")
def full_province(django_db_setup, django_db_blocker):
    """The full default demo province, loaded once for the module and rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        result = province.load()
        yield result
        transaction.set_rollback(True)
