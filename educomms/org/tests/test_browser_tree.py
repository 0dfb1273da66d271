"""In Chromium: sign in, browse the unit tree lazily, search without diacritics, open a unit."""

import os
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def console_errors(page):
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


def sign_in(page, live_server, person, password):
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Thư điện tử hoặc số điện thoại").fill(person.email)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) button[type=submit]").click()
    expect(page).to_have_url(live_server.url + reverse("core:home"))


def browse_and_search(page, live_server, world):
    page.get_by_role("link", name="Mạng lưới").first.click()
    expect(page.get_by_role("heading", name="Mạng lưới đơn vị")).to_be_visible()
    tree = page.locator("#tree")
    commune = tree.locator(f"[data-unit='{world.commune.pk}']")
    # The schools of the commune are not in the page until the commune is opened.
    expect(tree.get_by_text("Trường THCS An Phú")).to_have_count(0)
    with page.expect_response(lambda r: reverse("org:unit_children", args=[world.commune.pk]) in r.url):
        commune.locator("summary .tree-toggle").click()
    expect(commune.get_by_role("link", name="Trường THCS An Phú")).to_be_visible()
    expect(commune.get_by_role("link", name="Trường THCS Bình Minh")).to_be_visible()

    page.get_by_placeholder(re.compile("Tìm đơn vị")).fill("truong thcs an phu")
    results = page.locator("[data-testid=tree-results]")
    expect(results).to_contain_text("1 đơn vị khớp")
    hit = results.locator("a.search-result")
    expect(hit).to_contain_text("Trường THCS An Phú")
    expect(hit).to_contain_text("Thuộc: Xã An Phú")
    expect(hit.locator("mark").first).to_have_text("Trường")
    hit.click()
    expect(page).to_have_url(live_server.url + reverse("org:unit", args=[world.school_a.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Trường THCS An Phú")
    expect(page.get_by_role("link", name="Phạm Thị Lan")).to_be_visible()


def test_the_department_officer_browses_and_searches_the_tree_on_a_desktop(world, live_server, page, console_errors):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, world.dept_officer, world.password)
    browse_and_search(page, live_server, world)
    assert console_errors == []  # no CSP violations, no script errors


def test_the_department_officer_browses_and_searches_the_tree_on_a_phone(world, live_server, page, console_errors):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, world.dept_officer, world.password)
    page.get_by_role("button", name="Mở menu").click()
    browse_and_search(page, live_server, world)
    assert console_errors == []


def test_the_bell_refreshes_and_a_notification_opens(world, live_server, page, console_errors):
    from educomms.notifications.services import notify

    notify(recipients=[world.principal_a], kind="test", title="Lịch họp giao ban tháng 12",
           url=reverse("org:unit", args=[world.school_a.pk]))
    sign_in(page, live_server, world.principal_a, world.password)
    expect(page.locator("[data-testid=unread-count]")).to_have_text("1")
    page.locator("#notif-bell").click()
    page.get_by_text("Lịch họp giao ban tháng 12").click()
    expect(page).to_have_url(live_server.url + reverse("org:unit", args=[world.school_a.pk]))
    expect(page.locator("[data-testid=unread-count]")).to_have_count(0)
    assert console_errors == []
