from django.urls import reverse

LOGIN = "/tai-khoan/dang-nhap/"


def test_it_shows_the_vietnamese_sign_in_page_with_a_reset_link_and_language_switch(client, db):
    response = client.get(reverse("accounts:login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("accounts:login") == LOGIN
    assert "Thư điện tử hoặc số điện thoại" in html
    assert "Quên mật khẩu?" in html and reverse("accounts:password_reset") in html
    assert 'action="/i18n/setlang/"' in html and 'value="en"' in html
    assert "csrfmiddlewaretoken" in html


def test_it_signs_in_with_an_e_mail_in_any_case(client, world):
    response = client.post(LOGIN, {"username": "GiaoVien@THCS-AnPhu.test", "password": world.password})
    assert response.status_code == 302 and response.url == reverse("core:home")
    assert client.get(reverse("accounts:profile")).context["user"] == world.teacher_a


def test_it_signs_in_with_a_phone_number_written_the_international_way(client, world):
    response = client.post(LOGIN, {"username": "+84 912 000 006", "password": world.password})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == world.teacher_a.pk


def test_it_refuses_a_wrong_password_with_a_vietnamese_message(client, world):
    response = client.post(LOGIN, {"username": "0912000006", "password": "sai-mat-khau-123"})
    assert response.status_code == 200
    assert "Thư điện tử/số điện thoại hoặc mật khẩu không đúng." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_gives_the_same_answer_for_an_unknown_account(client, world):
    response = client.post(LOGIN, {"username": "khongco@sgd.test", "password": "sai-mat-khau-123"})
    assert response.status_code == 200
    assert "Thư điện tử/số điện thoại hoặc mật khẩu không đúng." in response.content.decode()


def test_it_asks_for_missing_fields_in_vietnamese(client, db):
    html = client.post(LOGIN, {"username": "", "password": ""}).content.decode()
    assert "Hãy nhập thư điện tử hoặc số điện thoại." in html
    assert "Hãy nhập mật khẩu." in html


def test_it_refuses_a_deactivated_person(client, world):
    world.teacher_a.is_active = False
    world.teacher_a.save(update_fields=["is_active"])
    response = client.post(LOGIN, {"username": "0912000006", "password": world.password})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_it_follows_a_local_next_but_not_a_foreign_one(client, world):
    response = client.post(LOGIN + "?next=/tai-khoan/", {"username": "0912000006", "password": world.password,
                                                        "next": "/tai-khoan/"})
    assert response.url == "/tai-khoan/"
    client.post(reverse("accounts:logout"))
    response = client.post(LOGIN, {"username": "0912000006", "password": world.password,
                                   "next": "https://evil.example/"})
    assert response.url == reverse("core:home")


def test_it_sends_a_signed_in_person_from_the_sign_in_page_to_the_home_page(login, world):
    response = login(world.teacher_a).get(LOGIN)
    assert response.status_code == 302 and response.url == reverse("core:home")


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_it_signs_out_only_by_post(login, world):
    client = login(world.teacher_a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("accounts:logout"), follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    assert "Bạn đã đăng xuất." in response.content.decode()
    assert client.get(reverse("accounts:profile")).status_code == 302
