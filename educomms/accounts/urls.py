from django.contrib.auth import views as auth_views
from django.urls import path

from educomms.accounts import views
from educomms.accounts.forms import SignInForm

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", auth_views.LoginView.as_view(template_name="accounts/login.html",
                                                    authentication_form=SignInForm,
                                                    redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.profile, name="profile"),
]
