"""The language switch: Django's set_language at /i18n/, buttons in the layout."""

from django.conf import settings
from django.urls import reverse

LOGIN = "/tai-khoan/dang-nhap/"


def test_the_page_is_vietnamese_by_default(client, db):
    response = client.get(LOGIN)
    assert '<html lang="vi">' in response.content.decode()
    assert response.wsgi_request.LANGUAGE_CODE == "vi"


def test_choosing_english_sets_the_cookie_and_serves_the_next_page_in_english(client, db):
    assert reverse("set_language") == "/i18n/setlang/"
    response = client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    assert response.status_code == 302 and response.url == LOGIN
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en" and int(cookie["max-age"]) == 365 * 24 * 60 * 60
    page = client.get(LOGIN)
    assert '<html lang="en">' in page.content.decode()
    assert page.wsgi_request.LANGUAGE_CODE == "en"
    # And back.
    client.post("/i18n/setlang/", {"language": "vi", "next": LOGIN})
    assert '<html lang="vi">' in client.get(LOGIN).content.decode()


def test_the_views_run_with_the_chosen_language_active(login, world):
    from django.utils import translation

    client = login(world.teacher_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    seen = {}

    def spy(sender, **kwargs):
        seen["language"] = translation.get_language()

    from django.core.signals import request_finished

    request_finished.connect(spy)
    try:
        response = client.get(reverse("accounts:profile"))
    finally:
        request_finished.disconnect(spy)
    assert response.status_code == 200 and '<html lang="en">' in response.content.decode()
    assert seen["language"] == "en"


def test_the_switch_ignores_a_foreign_next_address(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == "/"


def test_an_unknown_language_is_ignored(client, db):
    client.post("/i18n/setlang/", {"language": "fr", "next": LOGIN})
    assert '<html lang="vi">' in client.get(LOGIN).content.decode()
