"""Navigation entries, registered by each module's AppConfig.ready(): a module that is not installed
has no entry, so the menu never shows dead links."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Any  # lazy translation
    url_name: str
    order: int = 100
    visible: Callable[[Any], bool] = field(default=lambda request: request.user.is_authenticated)

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _ITEMS[item.key] = item


def items_for(request: Any) -> list[NavItem]:
    return sorted((i for i in _ITEMS.values() if i.visible(request)), key=lambda i: i.order)


@dataclass(frozen=True)
class NavGroup:
    """Entries shown under one menu heading (a drop-down), so the bar stays on one line as modules come."""

    key: str
    label: Any
    items: tuple[NavItem, ...]

    @property
    def keys(self) -> set[str]:
        """What marks the group as the current one: its entries' keys and their URL namespaces (the
        base template falls back to the page's app name)."""
        return {i.key for i in self.items} | {i.url_name.split(":")[0] for i in self.items}


# Which heading each entry goes under; an entry not named here stands on its own.
GROUPS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "network": (_("Mạng lưới"), ("org", "people", "audit")),
    "communication": (_("Truyền thông"), ("newsroom_stories", "newsroom_calendar", "enquiries", "documents")),
    "directives": (_("Chỉ đạo"), ("directives_inbox", "directives_manage")),
    "monitoring": (_("Dư luận"), ("monitoring_inbox", "monitoring_topics", "monitoring_alerts", "monitoring_cases",
                                 "monitoring_sources")),
}


def menu_for(request: Any) -> list[NavItem | NavGroup]:
    """The menu bar: each group with two or more visible entries as one drop-down (at its first entry's
    place), a group with one visible entry as that entry, ungrouped entries as they are."""
    items = items_for(request)
    group_of = {key: group for group, (_label, keys) in GROUPS.items() for key in keys}
    members: dict[str, list[NavItem]] = {}
    for item in items:
        if item.key in group_of:
            members.setdefault(group_of[item.key], []).append(item)
    menu: list[NavItem | NavGroup] = []
    placed: set[str] = set()
    for item in items:
        group = group_of.get(item.key)
        if group is None or len(members[group]) == 1:
            menu.append(item)
        elif group not in placed:
            placed.add(group)
            menu.append(NavGroup(group, GROUPS[group][0], tuple(members[group])))
    return menu
