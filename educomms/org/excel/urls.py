from django.urls import path

from educomms.org.excel import views

app_name = "org_excel"
urlpatterns = [
    path("", views.index, name="index"),
    path("don-vi/<int:unit_id>/mau/<slug:kind>/", views.template, name="template"),
    path("don-vi/<int:unit_id>/xuat/<slug:kind>/", views.export, name="export"),
    path("don-vi/<int:unit_id>/nhap/<slug:kind>/", views.upload, name="upload"),
    path("lan-nhap/<int:job_id>/", views.job, name="job"),
    path("lan-nhap/<int:job_id>/loi.xlsx", views.job_errors, name="job_errors"),
]
