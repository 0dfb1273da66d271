"""URL patterns joined into newsroom/urls.py (app "newsroom")."""
from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
