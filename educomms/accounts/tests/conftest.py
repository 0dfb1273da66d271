import os

import pytest
from django.core.cache import cache

# Playwright's sync API runs an event loop in the test thread; the live server's ORM calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _clear_cache():
    """The reset-mail throttle lives in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()
