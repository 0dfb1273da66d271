"""Monitoring pages, mounted at /du-luan/ (app "monitoring")."""

from django.urls import URLPattern, path

from . import views_cases, views_mentions, views_sources, views_topics

app_name = "monitoring"
urlpatterns: list[URLPattern] = [
    # Mentions
    path("", views_mentions.inbox, name="inbox"),
    path("thao-tac/", views_mentions.bulk, name="bulk"),
    path("xuat/", views_mentions.export, name="export"),
    path("tin/<int:mention_id>/", views_mentions.mention, name="mention"),
    path("tin/<int:mention_id>/nhan/", views_mentions.label, name="label"),
    path("cum/<int:cluster_id>/", views_mentions.cluster, name="cluster"),
    # Topics
    path("chu-de/", views_topics.topics, name="topics"),
    path("chu-de/them/", views_topics.topic_create, name="topic_create"),
    path("chu-de/xem-truoc/", views_topics.topic_preview, name="topic_preview"),
    path("chu-de/<int:topic_id>/", views_topics.topic, name="topic"),
    path("chu-de/<int:topic_id>/sua/", views_topics.topic_edit, name="topic_edit"),
    # Alerts
    path("canh-bao/", views_topics.alerts, name="alerts"),
    path("canh-bao/cai-dat/", views_topics.alert_settings, name="alert_settings"),
    path("canh-bao/<int:alert_id>/", views_topics.alert, name="alert"),
    path("canh-bao/<int:alert_id>/xac-nhan/", views_topics.alert_acknowledge, name="alert_acknowledge"),
    # Sources and imports
    path("nguon/", views_sources.sources, name="sources"),
    path("nguon/them/", views_sources.source_create, name="source_create"),
    path("nguon/<int:source_id>/", views_sources.source, name="source"),
    path("nguon/<int:source_id>/sua/", views_sources.source_edit, name="source_edit"),
    path("nguon/<int:source_id>/lay-tin/", views_sources.source_fetch, name="source_fetch"),
    path("nhap/", views_sources.import_upload, name="import_upload"),
    path("nhap/<str:token>/", views_sources.import_map, name="import_map"),
    # Cases of false or inaccurate information
    path("vu-viec/", views_cases.case_list, name="cases"),
    path("vu-viec/mo/", views_cases.case_open, name="case_open"),
    path("vu-viec/<int:case_id>/", views_cases.case_detail, name="case"),
    path("vu-viec/<int:case_id>/xac-minh/", views_cases.case_findings, name="case_findings"),
    path("vu-viec/<int:case_id>/ket-luan/", views_cases.case_verdict, name="case_verdict"),
    path("vu-viec/<int:case_id>/bien-phap/", views_cases.case_action, name="case_action"),
    path("vu-viec/<int:case_id>/bien-phap/<int:action_id>/xong/", views_cases.case_action_done,
         name="case_action_done"),
    path("vu-viec/<int:case_id>/bien-phap/<int:action_id>/cong-van.docx", views_cases.correction_letter,
         name="correction_letter"),
    path("vu-viec/<int:case_id>/ghi-chu/", views_cases.case_note, name="case_note"),
    path("vu-viec/<int:case_id>/ket-thuc/", views_cases.case_close, name="case_close"),
]
