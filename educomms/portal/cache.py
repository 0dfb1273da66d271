"""Cached public pages, invalidated by a "portal generation" number.

Every cached page's key contains the current generation; any change to a story or theme stores a new
generation, so every earlier entry is simply never read again (and expires on its own after
PAGE_TTL). The generation is a timestamp rather than a counter so that a generation evicted from the
cache can never come back with a number that older pages were stored under.
"""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

GENERATION_KEY = "portal:generation"
CACHED_PARAMETERS = {"page"}
PAGE_TTL = 10 * 60  # unit names and contacts change without a signal: they show within ten minutes


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        # add(): two requests racing on an empty cache agree on one generation.
        if not cache.add(GENERATION_KEY, value, timeout=None):
            value = cache.get(GENERATION_KEY, value)
    return int(value)


def remember(name: str, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept in the cache for the current generation (and at most PAGE_TTL): what every page
    reads but no story change touches, such as the portal unit. None is not kept."""
    key = f"portal:data:{generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        if value is not None:
            cache.set(key, value, PAGE_TTL)
    return value


def bump() -> None:
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def on_content_changed(**kwargs: Any) -> None:
    bump()


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a GET of a public page from the cache (keyed by generation, language and full path).
    Only a plain 200 response without cookies is stored, so nothing personal is ever shared."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Only the query strings the pages use: arbitrary ones must not fill the cache.
        if request.method not in ("GET", "HEAD") or set(request.GET) - CACHED_PARAMETERS:
            return view(request, *args, **kwargs)
        key = f"portal:page:{generation()}:{get_language()}:{request.get_host()}:{request.get_full_path()}"
        response = cache.get(key)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies and not getattr(response, "streaming", False):
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            cache.set(key, response, PAGE_TTL)
        return response

    return wrapper
