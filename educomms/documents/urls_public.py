from django.urls import URLPattern

app_name = "documents_public"
urlpatterns: list[URLPattern] = []
