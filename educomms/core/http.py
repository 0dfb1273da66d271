"""Request helpers with no domain knowledge."""

from typing import Any

from django.conf import settings


def client_ip(request: Any) -> str | None:
    """The client's address (used by login throttling and the audit log).

    Behind TRUSTED_PROXY_COUNT reverse proxies, the address the nearest trusted proxy saw is the
    entry that many places from the right of X-Forwarded-For (entries further left are written by
    the client and cannot be trusted). Without proxies it is REMOTE_ADDR."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def posted_data(request: Any) -> Any:
    """The submitted data of a POST (even an empty one, so that the form is validated and shows its
    errors), else None (an unbound form)."""
    return request.POST if request.method == "POST" else None
