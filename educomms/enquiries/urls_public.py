from django.urls import URLPattern

app_name = "enquiries_public"
urlpatterns: list[URLPattern] = []
