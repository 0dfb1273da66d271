from django.urls import path

from educomms.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.index, name="index"),
    path("don-vi/<int:unit_id>/", views.unit_events, name="unit_events"),
]
