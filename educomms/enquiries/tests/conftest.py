import os

import pytest
from django.core.cache import cache

# Playwright's sync API runs an event loop in the test thread; the live server's ORM calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Public Q&A pages are cached like the portal's: each test starts with an empty cache."""
    cache.clear()
    yield
    cache.clear()
