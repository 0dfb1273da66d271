"""Sign-in, sign-out, language switch and two-factor set-up in Chromium."""

import os
import re

import pytest
from django.contrib.sessions.models import Session  # noqa: F401  (the live server shares the test database)
from playwright.sync_api import Page, expect

from educomms.accounts.tests.helpers import code_from_secret
from educomms.org import services as org_services

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _short_timeouts(page: Page):
    page.set_default_timeout(10_000)


@pytest.fixture
def csp_errors(page: Page):
    """Console errors and script errors collected while the test runs. A CSP violation is logged as a
    console error ("Refused to execute inline script because it violates ... Content Security Policy");
    a missing script or stylesheet as "Failed to load resource". Only the browser's own favicon probe
    is left out (the project serves none)."""
    errors: list[str] = []

    def on_console(msg):
        if msg.type == "error" and not (msg.location or {}).get("url", "").endswith("/favicon.ico"):
            errors.append(f"{msg.text} @ {(msg.location or {}).get('url', '')}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def sign_in(page: Page, base: str, login: str, password: str) -> None:
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Thư điện tử hoặc số điện thoại").fill(login)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_it_signs_in_with_a_spaced_international_phone_number(page: Page, live_server, world):
    sign_in(page, live_server.url, "+84 912 000 006", world.password)
    expect(page).to_have_url(f"{live_server.url}/lam-viec/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vũ Thị Hoa")


def test_a_wrong_password_shows_the_vietnamese_error(page: Page, live_server, world):
    sign_in(page, live_server.url, "0912000006", "khong-phai-mat-khau")
    expect(page.get_by_role("alert")).to_have_text("Thư điện tử/số điện thoại hoặc mật khẩu không đúng.")
    expect(page).to_have_url(re.compile(r"/tai-khoan/dang-nhap/$"))
    # What was typed as the login stays in the field; the password does not.
    expect(page.get_by_label("Thư điện tử hoặc số điện thoại")).to_have_value("0912000006")
    expect(page.get_by_label("Mật khẩu", exact=True)).to_have_value("")


def test_it_signs_out_from_the_account_menu(page: Page, live_server, world):
    sign_in(page, live_server.url, "giaovien@thcs-anphu.test", world.password)
    expect(page).to_have_url(f"{live_server.url}/lam-viec/")
    page.get_by_role("button", name="Tài khoản").or_(page.get_by_label("Tài khoản")).first.click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/tai-khoan/dang-nhap/$"))
    expect(page.get_by_text("Bạn đã đăng xuất.")).to_be_visible()
    page.goto(f"{live_server.url}/tai-khoan/")
    expect(page).to_have_url(re.compile(r"/tai-khoan/dang-nhap/\?next="))


def test_it_switches_to_english_and_back(page: Page, live_server, world, csp_errors):
    sign_in(page, live_server.url, "giaovien@thcs-anphu.test", world.password)
    page.goto(f"{live_server.url}/tai-khoan/")
    page.locator("header form.language-switch").get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/tai-khoan/")
    page.locator("header form.language-switch").get_by_role("button", name="VI").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    assert csp_errors == []


def test_the_language_switch_is_reachable_on_a_phone_sign_in_page(page: Page, live_server, db):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    switch = page.locator("form.auth-language")
    expect(switch).to_be_visible()
    switch.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_a_leader_of_a_unit_requiring_it_is_taken_through_totp_setup(page: Page, live_server, world, csp_errors):
    org_services.update_unit(actor=world.admin, unit=world.school_a, require_leader_2fa=True)
    sign_in(page, live_server.url, "hieutruong@thcs-anphu.test", world.password)
    expect(page).to_have_url(re.compile(r"/tai-khoan/xac-thuc-hai-lop/thiet-lap/\?next=%2Flam-viec%2F$"))
    expect(page.get_by_text("Trường THCS An Phú yêu cầu lãnh đạo")).to_be_visible()
    expect(page.locator(".otp-qr svg")).to_be_visible()
    # Going elsewhere first does not help; the page asked for is remembered.
    page.goto(f"{live_server.url}/tai-khoan/")
    expect(page).to_have_url(re.compile(r"/thiet-lap/\?next=%2Ftai-khoan%2F$"))

    secret = page.get_by_test_id("otp-secret").inner_text()
    page.get_by_label("Mã xác thực").fill("000000" if code_from_secret(secret) != "000000" else "111111")
    page.get_by_role("button", name="Xác nhận và bật").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Mã xác thực không đúng")

    # django-otp makes the next guess wait a second after a wrong one.
    page.wait_for_timeout(1100)
    page.get_by_label("Mã xác thực").fill(code_from_secret(secret))
    page.get_by_role("button", name="Xác nhận và bật").click()
    expect(page.get_by_text("Đã bật xác thực hai lớp.")).to_be_visible()
    expect(page.get_by_test_id("backup-codes").locator("li")).to_have_count(10)
    page.get_by_role("link", name="Tôi đã lưu các mã, tiếp tục").click()
    expect(page).to_have_url(f"{live_server.url}/tai-khoan/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phạm Thị Lan")
    expect(page.get_by_test_id("2fa-status")).to_have_text("Đang bật")
    page.goto(f"{live_server.url}/lam-viec/")
    expect(page).to_have_url(f"{live_server.url}/lam-viec/")
    assert csp_errors == []


def test_pages_raise_no_csp_violation(page: Page, live_server, world, csp_errors):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.goto(f"{live_server.url}/tai-khoan/mat-khau/quen/")
    page.goto(f"{live_server.url}/khong-co-trang-nay/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")
    # The only error so far is the status of the page itself.
    assert csp_errors == [f"Failed to load resource: the server responded with a status of 404 (Not Found)"
                          f" @ {live_server.url}/khong-co-trang-nay/"]
    csp_errors.clear()
    sign_in(page, live_server.url, "truyenthong@thcs-anphu.test", world.password)
    for path in ("/", "/tai-khoan/", "/tai-khoan/sua/", "/tai-khoan/mat-khau/doi/",
                 "/tai-khoan/xac-thuc-hai-lop/thiet-lap/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    # The dropdown and the collapse need Tabler's script: it runs under the CSP.
    page.get_by_label("Tài khoản").first.click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    assert csp_errors == [], csp_errors
    # The listener does catch a violation: an inline script injected now is refused and reported.
    try:
        page.add_script_tag(content="document.body.dataset.injected = 'yes'")
    except Exception:  # noqa: S110 - Playwright may raise when the browser refuses the script; the log is what matters
        pass
    expect(page.locator("body")).not_to_have_attribute("data-injected", "yes")
    page.wait_for_timeout(200)
    assert any("Content Security Policy" in e for e in csp_errors), csp_errors
