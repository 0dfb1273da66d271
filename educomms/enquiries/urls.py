from django.urls import path

from educomms.enquiries import views

app_name = "enquiries"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("cau-hoi/<int:question_id>/", views.question, name="question"),
    path("cau-hoi/<int:question_id>/phan-cong/", views.question_assign, name="question_assign"),
    path("cau-hoi/<int:question_id>/tra-loi/", views.answer_save, name="answer_save"),
    path("cau-hoi/<int:question_id>/chuyen/", views.question_move, name="question_move"),
    path("gop-y/<int:feedback_id>/", views.feedback, name="feedback"),
    path("gop-y/<int:feedback_id>/trang-thai/", views.feedback_state, name="feedback_state"),
    path("gop-y/<int:feedback_id>/ghi-chu/", views.feedback_note, name="feedback_note"),
    path("gop-y/<int:feedback_id>/tep/", views.feedback_attachment, name="feedback_attachment"),
]
