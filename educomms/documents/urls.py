from django.urls import path

from educomms.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("them/", views.document_create, name="create"),
    path("<int:document_id>/sua/", views.document_edit, name="edit"),
    path("<int:document_id>/thu-hoi/", views.document_withdraw, name="withdraw"),
]
