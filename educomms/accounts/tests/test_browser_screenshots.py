"""Screenshots of every accounts page, desktop and phone, for a person to look at.

Runs only when EDUCOMMS_SHOTS_DIR is set (e.g. EDUCOMMS_SHOTS_DIR=/tmp/shots/accounts); asserts only
that each page answered as expected."""

import os
import re
from pathlib import Path

import pytest
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page

from educomms.accounts.tests.helpers import code_for
from educomms.org import services as org_services

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SHOTS = os.environ.get("EDUCOMMS_SHOTS_DIR")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not SHOTS, reason="set EDUCOMMS_SHOTS_DIR to take screenshots"),
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def shoot(page: Page, name: str) -> None:
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(VIEWPORTS["desktop"])


def sign_in(page: Page, base: str, login: str, password: str) -> None:
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.fill("#id_username", login)
    page.fill("#id_password", password)
    submit(page)


def submit(page: Page) -> None:
    with page.expect_navigation():
        page.click("main button[type=submit]")


def test_screenshots_of_the_anonymous_pages(page: Page, live_server, world, settings):
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    base = live_server.url
    settings.SITE_URL = base
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    shoot(page, "01-login")
    sign_in(page, base, "0912000006", "sai-mat-khau-1")
    shoot(page, "02-login-error")
    for _ in range(4):
        sign_in(page, base, "0912000006", "sai-mat-khau-1")
    assert "Tạm khóa" in page.content()
    shoot(page, "03-locked-out")
    page.goto(f"{base}/tai-khoan/mat-khau/quen/")
    shoot(page, "04-reset-form")
    page.fill("#id_email", "giaovien@thcs-anphu.test")
    submit(page)
    page.wait_for_url(re.compile(r"/da-gui/$"))
    shoot(page, "05-reset-done")
    link = re.search(r"(http\S+/dat-lai/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.fill("#id_new_password1", "123")
    page.fill("#id_new_password2", "1234")
    submit(page)
    shoot(page, "06-reset-confirm-errors")
    page.fill("#id_new_password1", "Bau-troi-xanh-2026")
    page.fill("#id_new_password2", "Bau-troi-xanh-2026")
    submit(page)
    shoot(page, "07-reset-complete")
    page.goto(link)
    shoot(page, "08-reset-invalid-link")
    page.goto(f"{base}/khong-co-trang-nay/")
    shoot(page, "09-404")


def test_screenshots_of_the_signed_in_pages(page: Page, live_server, world):
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    base = live_server.url
    org_services.update_unit(actor=world.admin, unit=world.school_a, require_leader_2fa=True)
    sign_in(page, base, "giaovien@thcs-anphu.test", world.password)
    page.goto(f"{base}/tai-khoan/")
    shoot(page, "10-profile")
    page.goto(f"{base}/tai-khoan/sua/")
    page.fill("#id_phone", "12345")
    submit(page)
    shoot(page, "11-profile-edit-error")
    page.goto(f"{base}/tai-khoan/mat-khau/doi/")
    shoot(page, "12-password-change")
    page.goto(f"{base}/tai-khoan/xac-thuc-hai-lop/thiet-lap/")
    shoot(page, "13-otp-setup")
    device = TOTPDevice.objects.get(user=world.teacher_a)
    page.fill("#id_token", code_for(device))
    submit(page)
    shoot(page, "14-otp-backup-codes")
    page.goto(f"{base}/tai-khoan/")
    shoot(page, "15-profile-2fa-on")
    page.goto(f"{base}/tai-khoan/xac-thuc-hai-lop/tat/")
    shoot(page, "16-otp-disable")
    page.goto(f"{base}/tai-khoan/xac-thuc-hai-lop/ma-du-phong/")
    shoot(page, "17-otp-backup-renew")
    page.context.clear_cookies()
    sign_in(page, base, "giaovien@thcs-anphu.test", world.password)
    page.wait_for_url(re.compile(r"/xac-minh/"))
    shoot(page, "18-otp-verify")
    page.context.clear_cookies()
    sign_in(page, base, "hieutruong@thcs-anphu.test", world.password)
    page.wait_for_url(re.compile(r"/thiet-lap/"))
    shoot(page, "19-otp-setup-required")
    device = TOTPDevice.objects.get(user=world.principal_a)
    page.fill("#id_token", code_for(device))
    submit(page)
    page.goto(f"{base}/tai-khoan/xac-thuc-hai-lop/tat/")
    shoot(page, "20-otp-disable-refused")


@pytest.mark.urls("educomms.accounts.tests.urls_errors")
def test_screenshots_of_the_error_pages(page: Page, live_server, world):
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    base = live_server.url
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.context.clear_cookies()  # the CSRF cookie is gone: the form is refused
    page.fill("#id_username", "0912000006")
    page.fill("#id_password", world.password)
    submit(page)
    assert "Biểu mẫu đã hết hạn" in page.content()
    shoot(page, "21-csrf-failure")
    page.goto(f"{base}/__thu-500/")
    assert "Hệ thống đang gặp sự cố" in page.content()
    shoot(page, "22-500")
    sign_in(page, base, "giaovien@thcs-anphu.test", world.password)
    page.goto(f"{base}/__thu-403/")
    assert "Bạn không có quyền" in page.content()
    shoot(page, "23-403")
