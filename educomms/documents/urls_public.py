from django.urls import path

from educomms.documents import views_public

app_name = "documents_public"
urlpatterns = [
    path("van-ban/", views_public.document_list, name="list"),
    path("van-ban/<int:document_id>-<slug:slug>/", views_public.document_detail, name="detail"),
    path("van-ban/<int:document_id>/tai-ve/", views_public.document_download, name="download"),
]
