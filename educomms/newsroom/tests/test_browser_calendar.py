"""In Chromium: open the calendar, move to next month, add a key date through the form and see it there."""

import datetime as dt
import os

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from educomms.core.testing.browser import follow_menu
from educomms.newsroom.seeds import seed_key_dates, seed_themes

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, person, password):
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Thư điện tử hoặc số điện thoại").fill(person.email)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) button[type=submit]").click()


def test_it_adds_a_key_date_next_month_and_shows_it_in_the_grid(page, live_server, world):
    seed_themes(world.department)
    seed_key_dates(world.department, "2025-2026")
    seed_key_dates(world.department, "2026-2027")
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, world.officer_a, world.password)

    follow_menu(page, "Lịch truyền thông", group="Truyền thông")
    today = timezone.localdate()
    expect(page.get_by_test_id("month-label")).to_have_text(f"Tháng {today.month}/{today.year}")
    page.get_by_test_id("next-month").click()
    following = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    expect(page.get_by_test_id("month-label")).to_have_text(f"Tháng {following.month}/{following.year}")

    page.get_by_role("link", name="Thêm ngày trọng điểm").click()
    page.get_by_label("Tên sự kiện").fill("Ngày hội đọc sách của trường")
    page.get_by_label("Từ ngày").fill(following.replace(day=15).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Thêm ngày trọng điểm").click()

    expect(page.get_by_test_id("month-label")).to_have_text(f"Tháng {following.month}/{following.year}")
    grid = page.get_by_test_id("calendar-grid")
    expect(grid.get_by_role("link", name="Ngày hội đọc sách của trường")).to_be_visible()
    expect(page.get_by_text("Đã thêm ngày trọng điểm")).to_be_visible()

    # On a phone the grid gives way to the agenda list.
    page.set_viewport_size({"width": 390, "height": 844})
    expect(grid).to_be_hidden()
    expect(page.get_by_test_id("calendar-agenda").get_by_text("Ngày hội đọc sách của trường")).to_be_visible()
    assert errors == []
