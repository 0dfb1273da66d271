"""Production-like settings used by CI to run `manage.py check --deploy` (never used to serve)."""

import os

os.environ.setdefault("SECRET_KEY", "ci-deploy-check-" + "x" * 50)
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECURE_SSL_REDIRECT", "true")
os.environ.setdefault("SECURE_HSTS_SECONDS", "31536000")
os.environ.setdefault("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true")
os.environ.setdefault("SECURE_HSTS_PRELOAD", "true")
os.environ.setdefault("ALLOWED_HOSTS", "educomms.example.vn")

from config.settings import *  # noqa: E402,F403
