from django.urls import path
from django.views.generic import RedirectView

from educomms.core import views

app_name = "core"
urlpatterns = [
    # "/" belongs to the public portal once it is mounted; until then it leads to the workspace.
    path("", RedirectView.as_view(pattern_name="core:home", permanent=False), name="root"),
    path("lam-viec/", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
]
