from typing import Any

from django.utils.functional import SimpleLazyObject

from educomms.core import navigation


def navigation_context(request: Any) -> dict[str, Any]:
    """Menu entries and the unread-notification count, computed only when a template uses them."""
    from educomms.notifications.selectors import unread_count

    return {
        "nav_items": SimpleLazyObject(lambda: navigation.menu_for(request)),
        "unread_notifications": SimpleLazyObject(lambda: unread_count(request.user)),
    }

