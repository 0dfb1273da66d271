"""Settings for the test suite: the same settings, with fast hashing and tasks run in-process."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_COOKIES", "false")

from config.settings import *  # noqa: E402,F403
from config.settings import DATABASES, TEMPLATES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The fetcher tests run real HTTP servers on 127.0.0.1 (fetch.http.check_address refuses it otherwise).
MONITORING_ALLOW_PRIVATE_ADDRESSES = True
# Tasks run immediately (in the same process) unless a test switches to the database backend.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Each test process its own cache (the default is files shared by the processes of one machine).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "educomms-tests"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
AXES_ENABLED = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["NAME"] = os.environ.get("SQLITE_PATH", ":memory:")
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_SQLITE_PATH")} if os.environ.get("TEST_SQLITE_PATH") else {}
TEMPLATES[0]["OPTIONS"]["debug"] = True
