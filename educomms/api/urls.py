from django.urls import path

from educomms.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.token_list, name="list"),
    path("tao/", views.create_token, name="create"),
    path("<int:token_id>/thu-hoi/", views.revoke_token, name="revoke"),
]
