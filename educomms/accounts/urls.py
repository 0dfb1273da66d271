from django.urls import path

from educomms.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("sua/", views.profile_edit, name="profile_edit"),
    path("dang-nhap/", views.SignInView.as_view(), name="login"),
    path("dang-xuat/", views.SignOutView.as_view(), name="logout"),
    path("mat-khau/doi/", views.ChangePasswordView.as_view(), name="password_change"),
    path("mat-khau/quen/", views.ResetRequestView.as_view(), name="password_reset"),
    path("mat-khau/quen/da-gui/", views.ResetDoneView.as_view(), name="password_reset_done"),
    path("mat-khau/dat-lai/xong/", views.ResetCompleteView.as_view(), name="password_reset_complete"),
    path("mat-khau/dat-lai/<uidb64>/<token>/", views.ResetConfirmView.as_view(), name="password_reset_confirm"),
    # Everything of two-factor sign-in lives under one prefix: TwoFactorRequiredMiddleware lets it through.
    path("xac-thuc-hai-lop/", views.otp_root, name="otp_root"),
    path("xac-thuc-hai-lop/thiet-lap/", views.otp_setup, name="otp_setup"),
    path("xac-thuc-hai-lop/xac-minh/", views.otp_verify, name="otp_verify"),
    path("xac-thuc-hai-lop/tat/", views.otp_disable, name="otp_disable"),
    path("xac-thuc-hai-lop/ma-du-phong/", views.otp_backup_codes, name="otp_backup_codes"),
]
