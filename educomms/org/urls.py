from django.urls import path

from educomms.org import views

app_name = "org"
urlpatterns = [
    path("chuyen-don-vi/", views.switch_unit, name="switch_unit"),
    path("don-vi/<int:unit_id>/", views.unit_detail, name="unit"),
]
