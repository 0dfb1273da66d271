"""Helpers for the browser tests (Playwright)."""

from typing import Any


def follow_menu(page: Any, name: str, *, group: str = "") -> None:
    """Follow a workspace menu entry: a plain link, or one under its group's drop-down heading (the menu
    groups entries when the person has more than one of a group — core.navigation.GROUPS)."""
    heading = page.get_by_role("button", name=group, exact=True) if group else None
    if heading is not None and heading.count():
        heading.first.click()
    page.get_by_role("link", name=name, exact=True).first.click()
