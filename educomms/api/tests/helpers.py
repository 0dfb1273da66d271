"""Helpers for calling /api/v1 the way a program would: JSON in, JSON out, a bearer token per persona."""

import json
from typing import Any

from django.test import Client


class ApiClient:
    """A test client that sends `Authorization: Bearer <secret>` (or nothing, when anonymous)."""

    def __init__(self, secret: str | None = None, client: Client | None = None) -> None:
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def _send(self, method: str, url: str, data: Any = None, **extra: Any):
        kwargs: dict[str, Any] = {"headers": {**self.headers, **extra.pop("headers", {})}, **extra}
        # No data: an empty body, as `curl -X POST` sends (the test client would send an empty multipart form).
        kwargs.update(data="" if data is None else json.dumps(data), content_type="application/json")
        return getattr(self.client, method)(url, **kwargs)

    def get(self, url: str, data: dict | None = None, **extra: Any):
        """GET with `data` as the query string."""
        return self.client.get(url, data=data, headers={**self.headers, **extra.pop("headers", {})}, **extra)

    def post(self, url: str, data: Any = None, **extra: Any):
        return self._send("post", url, data, **extra)

    def patch(self, url: str, data: Any = None, **extra: Any):
        return self._send("patch", url, data, **extra)

    def delete(self, url: str, **extra: Any):
        return self._send("delete", url, **extra)


def error_of(response) -> dict:
    """The error object of a response, after checking it has exactly the one error format."""
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "details"}, body
    assert isinstance(body["error"]["details"], list)
    return body["error"]
