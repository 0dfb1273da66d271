"""Security headers, CSP, session lifetime, CSRF, error pages, and `check --deploy`."""

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

LOGIN = "/tai-khoan/dang-nhap/"


def _assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in (part.strip() for part in csp.split(";")) if d}
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def _assert_no_inline_script_or_style(html):
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, tag
    assert not re.search(r"\sstyle\s*=", html)
    assert not re.search(r"\son[a-z]+\s*=", html)  # no inline event handlers either


def test_the_sign_in_page_sends_the_security_headers(client, db):
    response = client.get(LOGIN)
    _assert_security_headers(response)
    _assert_no_inline_script_or_style(response.content.decode())


@pytest.mark.parametrize("name", ["accounts:profile", "accounts:profile_edit", "accounts:password_change",
                                  "accounts:otp_setup", "core:home"])
def test_signed_in_pages_send_the_security_headers_and_no_inline_script(login, world, name):
    response = login(world.teacher_a).get(reverse(name))
    assert response.status_code == 200
    _assert_security_headers(response)
    _assert_no_inline_script_or_style(response.content.decode())


def test_the_session_cookie_ends_with_the_browser_and_the_session_after_eight_hours(client, world):
    response = client.post(LOGIN, {"username": "0912000006", "password": world.password})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    # A browser-session cookie: no Max-Age, no Expires; not readable by scripts.
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert cookie["httponly"] is True
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert client.session.get_expire_at_browser_close() is True
    # The server forgets the session eight hours after sign-in, even if the browser stays open.
    session = Session.objects.get(session_key=cookie.value)
    expected = timezone.now() + dt.timedelta(hours=8)
    assert abs((session.expire_date - expected).total_seconds()) < 60
    assert client.get(reverse("accounts:profile")).status_code == 200
    Session.objects.filter(session_key=cookie.value).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def _production_env() -> dict[str, str]:
    """This process's environment without what the test settings and the browser tests put in it."""
    dropped = {"SECRET_KEY", "DEBUG", "SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    return {k: v for k, v in os.environ.items() if k not in dropped}


def test_cookies_are_secure_outside_development():
    """Production settings (SECURE_COOKIES defaults to on when DEBUG is off) mark every cookie Secure."""
    env = _production_env()
    code = ("import django;django.setup();from django.conf import settings as s;"
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE, s.SESSION_COOKIE_AGE,"
            " s.SESSION_EXPIRE_AT_BROWSER_CLOSE)")
    out = subprocess.run(  # noqa: S603 - our own interpreter and a fixed snippet
        [sys.executable, "-c", code], env={**env, "DJANGO_SETTINGS_MODULE": "config.settings_prod_check"},
        cwd=Path(settings.BASE_DIR), capture_output=True, text=True, check=True).stdout
    assert out.split()[-5:] == ["True", "True", "True", "28800", "True"]


def test_a_sign_in_post_without_the_csrf_token_is_refused_in_vietnamese(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "0912000006", "password": world.password})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Biểu mẫu đã hết hạn" in html and "CSRF token" not in html and "Forbidden" not in html
    assert "_auth_user_id" not in client.session
    # With the token from the page it goes through.
    page = client.get(LOGIN)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(LOGIN, {"username": "0912000006", "password": world.password,
                                   "csrfmiddlewaretoken": token})
    assert response.status_code == 302


@pytest.mark.parametrize("name", ["accounts:password_reset", "accounts:password_change", "accounts:profile_edit",
                                  "accounts:otp_setup", "accounts:logout"])
def test_every_account_form_is_csrf_protected(world, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.teacher_a, backend="educomms.accounts.backends.EmailOrPhoneBackend")
    response = client.post(reverse(name), {})
    assert response.status_code == 403 and "Biểu mẫu đã hết hạn" in response.content.decode()


def test_the_404_page_is_vietnamese_and_echoes_nothing(client, db):
    response = client.get("/khong-co-trang-nay/<b>xin-chao</b>/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    main = html[html.index("<main"):html.index("</main>")]
    assert "khong-co-trang-nay" not in main and "xin-chao" not in main
    assert "<b>xin-chao</b>" not in html  # the layout's language switch keeps the path, escaped
    _assert_security_headers(response)


def test_an_out_of_scope_object_gets_the_same_404_page(login, world):
    response = login(world.principal_b).get(reverse("org:unit", args=[world.school_a.pk]))
    assert response.status_code == 404 and "Không tìm thấy trang" in response.content.decode()


@pytest.mark.urls("educomms.accounts.tests.urls_errors")
def test_the_403_page_is_vietnamese_and_hides_the_reason(login, world):
    response = login(world.teacher_a).get("/__thu-403/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Bạn không có quyền thực hiện việc này" in html
    assert "internal reason" not in html and "manage_units" not in html


@pytest.mark.urls("educomms.accounts.tests.urls_errors")
def test_the_500_page_is_vietnamese_and_leaks_nothing(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.teacher_a, backend="educomms.accounts.backends.EmailOrPhoneBackend")
    response = client.get("/__thu-500/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Hệ thống đang gặp sự cố" in html
    assert "hunter2" not in html and "RuntimeError" not in html and "/srv/" not in html
    assert "Vũ Thị Hoa" not in html  # rendered without the request: nothing about the person either
    _assert_no_inline_script_or_style(html)


def test_check_deploy_is_clean_under_production_settings():
    env = {**_production_env(), "DJANGO_SETTINGS_MODULE": "config.settings_prod_check"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, cwd=Path(settings.BASE_DIR), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
