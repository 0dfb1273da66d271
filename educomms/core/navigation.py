"""Navigation entries, registered by each module's AppConfig.ready(): a module that is not installed
has no entry, so the menu never shows dead links."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse


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
