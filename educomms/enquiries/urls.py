from django.urls import URLPattern

app_name = "enquiries"
urlpatterns: list[URLPattern] = []
