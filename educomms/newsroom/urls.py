from django.urls import path

from educomms.newsroom import urls_proposals, urls_stories, views_calendar

app_name = "newsroom"
urlpatterns = [
    # Calendar, content plan, key dates and themes (views_calendar.py)
    path("lich/", views_calendar.calendar, name="calendar"),
    path("lich.ics", views_calendar.export_ical, name="calendar_ics"),
    path("ke-hoach/", views_calendar.plan, name="plan"),
    path("ke-hoach/them/", views_calendar.plan_create, name="plan_create"),
    path("ke-hoach/<int:item_id>/sua/", views_calendar.plan_edit, name="plan_edit"),
    path("ngay-trong-diem/them/", views_calendar.key_date_create, name="key_date_create"),
    path("ngay-trong-diem/<int:key_date_id>/sua/", views_calendar.key_date_edit, name="key_date_edit"),
    path("ngay-trong-diem/<int:key_date_id>/xoa/", views_calendar.key_date_delete, name="key_date_delete"),
    path("chu-de/", views_calendar.themes, name="themes"),
    path("chu-de/them/", views_calendar.theme_create, name="theme_create"),
    path("chu-de/<int:theme_id>/sua/", views_calendar.theme_edit, name="theme_edit"),
    path("chu-de/<int:theme_id>/thu-tu/", views_calendar.theme_move, name="theme_move"),
    path("chu-de/<int:theme_id>/hoat-dong/", views_calendar.theme_active, name="theme_active"),
]
# Stories (views_stories.py) and proposals, delegations, review terms (views_proposals.py)
urlpatterns += urls_stories.urlpatterns + urls_proposals.urlpatterns
