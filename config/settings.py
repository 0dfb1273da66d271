"""educomms settings: one env-driven file. Every variable is documented in README.md, "Configuration"."""

import hashlib
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env("EDUCOMMS_VAR_DIR", str(BASE_DIR / "var")) or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY") or ("insecure-dev-key-change-me" if DEBUG else None)
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# The unit whose public portal is served at "/" (empty: the first department).
PORTAL_UNIT_CODE = env("PORTAL_UNIT_CODE") or ""

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "crontask",
    "educomms.core",
    "educomms.audit",
    "educomms.org",
    "educomms.notifications",
    "educomms.accounts",
    "educomms.api",
    "educomms.newsroom",
    "educomms.portal",
    "educomms.documents",
    "educomms.enquiries",
    "educomms.search",
    "educomms.directives",
    "educomms.monitoring",
    "django.contrib.sitemaps",
]
if env_bool("EDUCOMMS_DEMO_APP", True):
    INSTALLED_APPS.append("educomms.demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Right after OTPMiddleware: a person who uses (or whose unit requires) two-factor sign-in
    # verifies it before reaching any other page.
    "educomms.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "educomms.org.middleware.CurrentUnitMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "educomms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "educomms.core.context_processors.navigation_context",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------------------------
# SQLite by default (embedded): immediate transactions so writers queue instead of failing, WAL so
# readers never block writers, and a busy timeout. DATABASE_URL switches to PostgreSQL.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # Parallel plans cost 50–80 ms to start workers, more than the page queries they would speed up
        # (the people list of a 50,000-person department: 88 ms parallel, 18 ms serial). Raise it for
        # reporting databases if needed.
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            f"-c max_parallel_workers_per_gather={env_int('DB_PARALLEL_WORKERS', 0)}")
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH") or str(VAR_DIR / "educomms.sqlite3"),
            # Persistent connections (seconds; 0: one per request, Django's default). Opening a connection
            # runs the pragmas below and starts with an empty page cache: several ms on every request.
            "CONN_MAX_AGE": env_int("SQLITE_CONN_MAX_AGE", 0),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
                    " PRAGMA foreign_keys=ON; PRAGMA cache_size=-64000; PRAGMA temp_store=MEMORY;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every process (web workers, task workers, scheduler): the portal's page cache is
# invalidated by a generation number stored in it, so a per-process cache would keep serving a changed
# story from the other processes. Redis across machines; otherwise files on this machine.
CACHES: dict[str, dict[str, Any]] = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}
        if env("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
              "LOCATION": env("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
              "OPTIONS": {"MAX_ENTRIES": 20000}}
    )
}
# Entries are kept apart per database: two sites (or a benchmark and the demo) sharing one cache must never
# read each other's pages.
CACHES["default"]["KEY_PREFIX"] = env("CACHE_KEY_PREFIX") or hashlib.sha256(
    f"{DATABASES['default'].get('HOST', '')}:{DATABASES['default'].get('PORT', '')}:"
    f"{DATABASES['default']['NAME']}".encode()).hexdigest()[:12]

# --- Tasks ----------------------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
CRONTASK = {"REDIS_URL": env("CRONTASK_REDIS_URL")}

# --- Authentication --------------------------------------------------------------------------------
AUTH_USER_MODEL = "org.Person"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "educomms.accounts.backends.EmailOrPhoneBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Django's validators, with their messages in Vietnamese (educomms/accounts/validators.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "educomms.accounts.validators.UserAttributeSimilarityValidator"},
    {"NAME": "educomms.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "educomms.accounts.validators.CommonPasswordValidator"},
    {"NAME": "educomms.accounts.validators.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
# The lock-out page (accounts/locked_out.html, status 429) says when to retry, so it is a view.
AXES_LOCKOUT_CALLABLE = "educomms.accounts.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
# Every spelling of a login (e-mail in any case, phone as 0912…, +84 912…) counts against one account.
AXES_USERNAME_CALLABLE = "educomms.accounts.identity.axes_username"
# Behind N reverse proxies, the client address is the Nth entry from the right of X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "educomms.core.http.client_ip"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = env_bool("AXES_VERBOSE", False)

OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "educomms")

# --- Internationalisation ---------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "educomms" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media files ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")) or "")
STATICFILES_DIRS = [BASE_DIR / "educomms" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")) or "")
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if env("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL"),
            "access_key": env("S3_ACCESS_KEY"),
            "secret_key": env("S3_SECRET_KEY"),
            "region_name": env("S3_REGION"),
            "default_acl": None,
            "querystring_auth": True,
        },
    }
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 20) * 1024 * 1024

# Public-opinion monitoring: fetching news feeds, pages and the units' Facebook pages.
MONITORING_HTTP_TIMEOUT = env_int("MONITORING_HTTP_TIMEOUT", 20)  # seconds per connect/read and per download
MONITORING_MAX_BYTES = env_int("MONITORING_MAX_MB", 5) * 1024 * 1024  # largest feed or page read
FACEBOOK_GRAPH_URL = env("FACEBOOK_GRAPH_URL", "https://graph.facebook.com/v21.0")
# Sources on loopback/private addresses are refused unless this is set (intranet sites; tests).
MONITORING_ALLOW_PRIVATE_ADDRESSES = env_bool("MONITORING_ALLOW_PRIVATE_ADDRESSES", False)

# --- E-mail ----------------------------------------------------------------------------------------
EMAIL_BACKEND_PATH = env("EMAIL_BACKEND") or ("django.core.mail.backends.console.EmailBackend" if DEBUG
                                             else "django.core.mail.backends.smtp.EmailBackend")
MAILERS: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": {
            "host": env("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env("EMAIL_HOST_USER", ""),
            "password": env("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "use_ssl": env_bool("EMAIL_USE_SSL", False),
            "timeout": env_int("EMAIL_TIMEOUT", 20),
        },
    }
}
if not EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "educomms <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security --------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "educomms.accounts.views.csrf_failure"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# No inline script anywhere: scripts come from our own origin only.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The scheduler would log every job it fires (a lock refresh every 5 s); the worker logs the tasks.
        "apscheduler": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
