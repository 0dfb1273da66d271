"""The product's URLs plus one bench-only view: the ceiling a page can reach through the same middleware
stack (never part of config/urls.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as product_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("__bench/bare/", bare), *product_urlpatterns]
