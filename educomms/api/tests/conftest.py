import pytest

from educomms.api import services
from educomms.api.tests.helpers import ApiClient


@pytest.fixture
def api_as():
    """api_as(person) → an ApiClient with a fresh token of that person; api_as(None) → anonymous."""

    def _as(person) -> ApiClient:
        if person is None:
            return ApiClient()
        _token, secret = services.create_token(actor=person, name="Kiểm thử")
        return ApiClient(secret)

    return _as
