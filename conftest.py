"""Fixtures shared by every test: the persona world, and Chromium for browser tests."""

import os
import shutil

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from django.utils import translation

from educomms.core.testing.world import World, build_world

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def vietnamese_world():
    """Build a test's data in Vietnamese whatever an earlier request left active (audit history, alert titles
    and case timelines are stored as written), and leave no English behind for later tests."""
    with translation.override("vi"):
        yield


@pytest.fixture
def api_as():
    """api_as(person) → an /api/v1 client with a fresh token of that person; api_as(None) → anonymous."""
    from educomms.api import services
    from educomms.api.tests.helpers import ApiClient

    def _as(person) -> ApiClient:
        if person is None:
            return ApiClient()
        _token, secret = services.create_token(actor=person, name="Kiểm thử")
        return ApiClient(secret)

    return _as


@pytest.fixture
def login(client):
    """login(person) → the test client signed in as that person."""

    def _login(person):
        client.force_login(person, backend="educomms.accounts.backends.EmailOrPhoneBackend")
        return client

    return _login


# --- Browser tests (Playwright driving Debian's Chromium) ------------------------------------------

class _SerialLiveServer(WSGIServer):
    """The live server handling one request at a time. On the in-memory SQLite test database every
    request thread shares one connection, and two requests at once (a page and its image) misuse it
    ("bad parameter or other API misuse"); one at a time, with `Connection: close`, they cannot."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override


@pytest.fixture(scope="session", autouse=True)
def _serial_live_server_on_memory_sqlite(django_db_setup, django_db_blocker):
    from django.db import connection

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        LiveServerThread.server_class = _SerialLiveServer
    yield


def _chromium_available() -> bool:
    return bool(shutil.which(CHROMIUM) or os.path.exists(CHROMIUM))


def pytest_collection_modifyitems(config, items):
    if _chromium_available():
        return
    if os.environ.get("EDUCOMMS_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"Browser tests are required but Chromium was not found at {CHROMIUM}.")
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}: browser tests skipped")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not _chromium_available():
        terminalreporter.write_line(
            f"NOTICE: Chromium not found at {CHROMIUM}; browser tests were SKIPPED. "
            "Run `make test` as root to install it, or set CHROMIUM_PATH.", yellow=True, bold=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}
