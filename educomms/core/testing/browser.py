"""Helpers for the browser tests (Playwright): signing in, the grouped menu, screenshots, axe checks."""

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse

SHOTS = os.environ.get("EDUCOMMS_SHOTS_DIR")
AXE = Path(settings.BASE_DIR) / "educomms" / "static" / "vendor" / "axe-core-4.14.1.min.js"


def signed_in(browser: Any, live_server: Any, person: Any, password: str, errors: list[str], *,
              bypass_csp: bool = False, **context: Any) -> Any:
    """A new browser context (Vietnamese, Asia/Ho_Chi_Minh, 1280×900) signed in as `person`; console errors
    are collected in `errors`. `bypass_csp` only where a test injects a script (axe)."""
    ctx = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900},
                              bypass_csp=bypass_csp, **context)
    page = ctx.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Thư điện tử hoặc số điện thoại").fill(person.email)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) button[type=submit]").click()
    return page


def follow_menu(page: Any, name: str, *, group: str = "") -> None:
    """Follow a workspace menu entry: a plain link, or one under its group's drop-down heading (the menu
    groups entries when the person has more than one of a group — core.navigation.GROUPS)."""
    heading = page.get_by_role("button", name=group, exact=True) if group else None
    if heading is not None and heading.count():
        heading.first.click()
    page.get_by_role("link", name=name, exact=True).first.click()


def shot(page: Any, name: str) -> None:
    """A full-page screenshot into EDUCOMMS_SHOTS_DIR when it is set (to look at what was built)."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def serious_violations(page: Any) -> list:
    """axe-core's serious and critical violations of the page's own content, measured at rest (the mouse off
    the button just clicked, no colour transition half-way). The shared header and flash messages
    (base.html) are checked where they are owned. Needs a context with `bypass_csp`."""
    page.mouse.move(0, 0)
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run({exclude: [['header.navbar'], ['.messages']]}, "
                           "{resultTypes: ['violations']})).violations")
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result if v["impact"] in ("serious", "critical")]
