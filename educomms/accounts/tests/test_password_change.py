from django.urls import reverse

from educomms.audit.models import Event

CHANGE = "/tai-khoan/mat-khau/doi/"


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    assert reverse("accounts:password_change") == CHANGE
    response = client.get(CHANGE)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_it_changes_the_password_and_keeps_the_person_signed_in(login, world):
    client = login(world.teacher_a)
    assert client.get(CHANGE).status_code == 200
    response = client.post(CHANGE, {"old_password": world.password, "new_password1": "Hoa-phuong-do-2026",
                                    "new_password2": "Hoa-phuong-do-2026"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:profile")
    assert "Đã đổi mật khẩu." in response.content.decode()
    world.teacher_a.refresh_from_db()
    assert world.teacher_a.check_password("Hoa-phuong-do-2026")
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert Event.objects.filter(verb="person.password_changed", object_id=str(world.teacher_a.pk)).exists()


def test_it_ends_the_persons_other_sessions(client, world, django_user_model):
    from django.test import Client

    other_device = Client()
    other_device.force_login(world.teacher_a, backend="educomms.accounts.backends.EmailOrPhoneBackend")
    client.force_login(world.teacher_a, backend="educomms.accounts.backends.EmailOrPhoneBackend")
    client.post(CHANGE, {"old_password": world.password, "new_password1": "Hoa-phuong-do-2026",
                         "new_password2": "Hoa-phuong-do-2026"})
    assert other_device.get(reverse("accounts:profile")).status_code == 302


def test_it_refuses_a_wrong_current_password_in_vietnamese(login, world):
    client = login(world.teacher_a)
    html = client.post(CHANGE, {"old_password": "khong-dung-roi", "new_password1": "Hoa-phuong-do-2026",
                                "new_password2": "Hoa-phuong-do-2026"}).content.decode()
    assert "Mật khẩu hiện tại không đúng." in html
    world.teacher_a.refresh_from_db()
    assert world.teacher_a.check_password(world.password)


def test_it_refuses_a_password_like_the_persons_e_mail(login, world):
    client = login(world.teacher_a)
    html = client.post(CHANGE, {"old_password": world.password, "new_password1": "giaovien@thcs-anphu",
                                "new_password2": "giaovien@thcs-anphu"}).content.decode()
    assert "Mật khẩu quá giống thư điện tử của bạn." in html
