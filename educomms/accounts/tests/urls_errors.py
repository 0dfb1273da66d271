"""The project's URLs plus two that fail on purpose, to render the 403 and 500 pages."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def forbidden(request):
    raise PermissionDenied("internal reason: role staff lacks org.manage_units on unit 42")


def broken(request):
    raise RuntimeError("secret detail: password=hunter2 at /srv/educomms/settings.py")


urlpatterns = [*project_urlpatterns, path("__thu-403/", forbidden), path("__thu-500/", broken)]
