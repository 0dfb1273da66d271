from django.urls import path

from educomms.org import views

app_name = "org"
urlpatterns = [
    path("", views.unit_tree, name="unit_tree"),
    path("chuyen-don-vi/", views.switch_unit, name="switch_unit"),
    path("chon-don-vi/", views.unit_picker, name="unit_picker"),
    path("don-vi/<int:unit_id>/", views.unit_detail, name="unit"),
    path("don-vi/<int:unit_id>/cap-duoi/", views.unit_children, name="unit_children"),
    path("don-vi/<int:unit_id>/sua/", views.unit_edit, name="unit_edit"),
    path("don-vi/<int:unit_id>/them-don-vi/", views.unit_create, name="unit_create"),
    path("don-vi/<int:unit_id>/chuyen/", views.unit_move, name="unit_move"),
    path("don-vi/<int:unit_id>/hoat-dong/", views.unit_active, name="unit_active"),
    path("don-vi/<int:unit_id>/bao-mat/", views.unit_security, name="unit_security"),
    path("don-vi/<int:unit_id>/them-nhan-su/", views.person_create, name="person_create"),
    path("don-vi/<int:unit_id>/nguoi-phat-ngon/", views.spokespersons, name="spokespersons"),
    path("nhan-su/", views.people, name="people"),
    path("nhan-su/<int:person_id>/", views.person_detail, name="person"),
    path("nhan-su/<int:person_id>/sua/", views.person_edit, name="person_edit"),
    path("nhan-su/<int:person_id>/giao-nhiem-vu/", views.membership_add, name="membership_add"),
    path("nhiem-vu/<int:membership_id>/ket-thuc/", views.membership_end, name="membership_end"),
]
