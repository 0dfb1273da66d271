"""Directive pages, mounted at /chi-dao/ (app "directives")."""

from django.urls import URLPattern, path

from . import views_coverage, views_inbox, views_manage

app_name = "directives"
urlpatterns: list[URLPattern] = [
    # A recipient
    path("", views_inbox.inbox, name="inbox"),
    path("<int:directive_id>/", views_inbox.detail, name="detail"),
    path("<int:directive_id>/tep/<int:attachment_id>/", views_inbox.attachment, name="attachment"),
    path("<int:directive_id>/xac-nhan/", views_inbox.acknowledge, name="acknowledge"),
    path("<int:directive_id>/chuyen-tiep/", views_inbox.forward, name="forward"),
    # Issuers
    path("quan-ly/", views_manage.manage, name="manage"),
    path("quan-ly/soan/", views_manage.create, name="create"),
    path("quan-ly/xem-truoc/", views_manage.preview, name="preview"),
    path("<int:directive_id>/sua/", views_manage.edit, name="edit"),
    path("<int:directive_id>/tep/them/", views_manage.attachment_add, name="attachment_add"),
    path("<int:directive_id>/tep/<int:attachment_id>/xoa/", views_manage.attachment_remove, name="attachment_remove"),
    path("<int:directive_id>/ban-hanh/", views_manage.issue, name="issue"),
    path("<int:directive_id>/ban-hanh/tien-do/", views_manage.progress, name="progress"),
    path("<int:directive_id>/thu-hoi/", views_manage.withdraw, name="withdraw"),
    path("<int:directive_id>/dinh-chinh/", views_manage.correct, name="correct"),
    # Coverage
    path("<int:directive_id>/tiep-nhan/", views_coverage.coverage_page, name="coverage"),
    path("<int:directive_id>/tiep-nhan/hang/", views_coverage.coverage_rows, name="coverage_rows"),
    path("<int:directive_id>/tiep-nhan/excel/", views_coverage.export_coverage, name="coverage_export"),
    path("<int:directive_id>/tiep-nhan/chua-xac-nhan/", views_coverage.export_not_acknowledged,
         name="not_acknowledged_export"),
]
