"""WSGI entry point of the portal benchmark's gunicorn (settings: bench._portal_settings)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench._portal_settings")
application = get_wsgi_application()
