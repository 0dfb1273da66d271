from django.urls import path

from educomms.enquiries import views_public

app_name = "enquiries_public"
urlpatterns = [
    path("hoi-dap/", views_public.questions, name="questions"),
    path("hoi-dap/dat-cau-hoi/", views_public.ask, name="ask"),
    path("hoi-dap/da-gui/", views_public.ask_done, name="ask_done"),
    path("hoi-dap/<int:question_id>/", views_public.question, name="question"),
    path("gop-y/", views_public.feedback, name="feedback"),
    path("gop-y/da-gui/", views_public.feedback_done, name="feedback_done"),
]
