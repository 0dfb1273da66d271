"""In Chromium: the API docs run under the CSP, and a person makes, uses and revokes a token."""

import os
import re
from pathlib import Path

import pytest

from educomms.core.testing.world import build_world

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("EDUCOMMS_SHOTS", "/tmp/shots/api"))


@pytest.fixture
def live_world(transactional_db):
    return build_world()


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def _shoot(page, name: str) -> None:
    """Screenshots for people to look at (STYLE: check every page on a desktop and a phone)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=not name.endswith("phone"))


def _sign_in(page, base: str, person, password: str, next_path: str) -> None:
    page.goto(f"{base}/tai-khoan/dang-nhap/?next={next_path}")
    page.fill("#id_username", person.email)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}{next_path}")


def test_the_docs_page_runs_swagger_ui_under_the_csp(live_server, live_world, page):
    problems = _watch(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "educomms API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any(p.endswith("/api/v1/units") for p in paths)
    assert any("/api/v1/people/{person_id}" in p for p in paths)
    _shoot(page, "docs-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    _shoot(page, "docs-phone")
    csp = [p for p in problems if "Content Security Policy" in p or "Refused" in p]
    assert csp == [], csp


def test_a_person_makes_uses_and_revokes_a_token(live_server, live_world, page):
    problems = _watch(page)
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    _sign_in(page, base, live_world.officer_a, live_world.password, "/tai-khoan/api/")
    assert page.get_by_text("Bạn chưa có mã truy cập nào.").is_visible()
    _shoot(page, "tokens-empty-desktop")

    page.fill("#id_name", "Đồng bộ website trường")
    page.fill("#id_expires_on", "31/12/2099")
    page.get_by_role("button", name="Tạo mã").click()
    secret = page.input_value("[data-testid=token-secret]")
    assert re.fullmatch(r"ec_[A-Za-z0-9_-]{40,}", secret)
    page.get_by_role("button", name="Sao chép").click()
    page.get_by_role("button", name="Đã sao chép").wait_for()
    _shoot(page, "tokens-created-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    _shoot(page, "tokens-created-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    me = page.request.get(f"{base}/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status == 200 and me.json()["full_name"] == "Hoàng Văn Nam"

    page.goto(f"{base}/tai-khoan/api/")
    row = page.locator("[data-testid=token-row]").first
    assert "Còn hiệu lực" in row.inner_text() and "31/12/2099" in row.inner_text()
    assert secret not in page.content()
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Thu hồi").click()
    page.get_by_text("Đã thu hồi mã “Đồng bộ website trường”").wait_for()
    assert "Đã thu hồi" in page.locator("[data-testid=token-row]").first.inner_text()
    _shoot(page, "tokens-revoked-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    _shoot(page, "tokens-revoked-phone")

    refused = page.request.get(f"{base}/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status == 401 and refused.json()["error"]["code"] == "unauthorized"
    csp = [p for p in problems if "Content Security Policy" in p or "Refused" in p]
    assert csp == [], csp


def test_a_bad_expiry_date_is_explained_in_the_browser(live_server, live_world, page):
    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in(page, live_server.url, live_world.teacher_a, live_world.password, "/tai-khoan/api/")
    page.fill("#id_name", "Bảng tính")
    page.fill("#id_expires_on", "32/13/2026")
    page.get_by_role("button", name="Tạo mã").click()
    page.get_by_text("Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 05/02/2026.").wait_for()
    assert page.get_attribute("#id_expires_on", "aria-invalid") == "true"
    _shoot(page, "tokens-error-phone")
