"""In Chromium: the department's communications officer imports people from Excel; a file with one bad
row is refused with its row number and imports nothing; the corrected file imports; a large file shows
its progress while the worker runs it."""

import os
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect

from educomms.org.excel.tasks import run_import
from educomms.org.excel.tests.conftest import people_file
from educomms.org.models import ImportJob, Membership, Person

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("EDUCOMMS_SHOTS_DIR", "/tmp/shots")) / "org-excel"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


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


def teachers(bad_role_on_row=None):
    rows = [
        ["Ngô Thị Thu", "thu.ngo@thcs-anphu.test", "0915000001", "", "Giáo viên Toán", "THCS-AP",
         "Giáo viên, nhân viên", "05/09/2025"],
        ["Đinh Văn Long", "", "0915000002", "0915000002", "Giáo viên Vật lý", "THCS-AP", "Giáo viên", "05/09/2025"],
        ["Bùi Thị Mơ", "mo.bui@thcs-binhminh.test", "", "", "Văn thư", "THCS-BM", "staff", ""],
    ]
    if bad_role_on_row:
        rows[bad_role_on_row - 2][6] = "Trưởng ban đại diện cha mẹ"
    return rows


def upload(page, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    page.locator("#people-file").set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Tải lên và nhập nhân sự").click()


def test_the_officer_sees_the_bad_row_then_imports_the_corrected_file(world, live_server, page, tmp_path,
                                                                       console_errors):
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, world.dept_officer, world.password)
    page.goto(live_server.url + reverse("org_excel:index"))
    expect(page.get_by_role("heading", name="Nhập, xuất Excel đơn vị và nhân sự")).to_be_visible()
    shot(page, "index-desktop")
    people = Person.objects.count()

    upload(page, tmp_path, "giao-vien-loi.xlsx", people_file(teachers(bad_role_on_row=3)))
    expect(page.get_by_test_id("import-rejected")).to_contain_text("Chưa nhập dữ liệu nào")
    errors = page.get_by_test_id("import-errors")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors.locator("tbody tr").first).to_contain_text("Dòng 3")
    expect(errors.locator("tbody tr").first).to_contain_text("Vai trò")
    expect(errors.locator("tbody tr").first).to_contain_text(
        "“Trưởng ban đại diện cha mẹ” không có trong danh mục")
    shot(page, "rejected-desktop")
    page.set_viewport_size(PHONE)
    shot(page, "rejected-phone")
    assert Person.objects.count() == people
    assert not Person.objects.filter(phone="0915000001").exists()

    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="Về trang nhập, xuất Excel").click()
    upload(page, tmp_path, "giao-vien.xlsx", people_file(teachers()))
    expect(page.get_by_test_id("import-success")).to_contain_text("Đã nhập 3 người mới.")
    expect(page.get_by_test_id("import-success")).not_to_contain_text("người đã có trong hệ thống")
    shot(page, "done-desktop")
    page.set_viewport_size(PHONE)
    shot(page, "done-phone")
    assert Person.objects.count() == people + 3
    assert Membership.objects.get(person__phone="0915000002").unit == world.school_a
    assert Membership.objects.get(person__email="mo.bui@thcs-binhminh.test").unit == world.school_b

    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("org_excel:index"))
    expect(page.get_by_text("giao-vien.xlsx")).to_be_visible()
    shot(page, "index-phone")
    assert console_errors == []  # no CSP violations, no script errors


@override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}})
def test_a_large_file_shows_progress_until_the_worker_has_imported_it(world, live_server, page, tmp_path,
                                                                      console_errors):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, world.dept_officer, world.password)
    page.goto(live_server.url + reverse("org_excel:index"))
    rows = [[f"Giáo Viên {i}", f"gv{i}@thcs-anphu.test", "", "", "", "THCS-AP", "staff", ""] for i in range(800)]
    upload(page, tmp_path, "800-giao-vien.xlsx", people_file(rows))
    status = page.locator("#job-status")
    expect(status.locator("progress")).to_have_attribute("max", "800")
    expect(status).to_contain_text("Đã đọc 0/800 dòng.")
    shot(page, "progress-phone")
    page.set_viewport_size(DESKTOP)
    shot(page, "progress-desktop")

    # The worker runs the task; the page notices by itself (HTMX polls every second).
    run_import.call(job_id=ImportJob.objects.get().pk)
    expect(page.get_by_test_id("import-success")).to_contain_text("Đã nhập 800 người mới", timeout=10_000)
    expect(status.locator("progress")).to_have_count(0)
    assert Person.objects.filter(email__startswith="gv").count() == 800
    assert console_errors == []
