from django.urls import path

from educomms.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:notification_id>/", views.open_notification, name="open"),
    path("da-doc-tat-ca/", views.mark_all_read, name="mark_all_read"),
    path("chuong/", views.badge, name="badge"),
    path("cai-dat/", views.preferences, name="preferences"),
]
