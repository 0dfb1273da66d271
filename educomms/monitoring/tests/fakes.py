"""Real local HTTP servers for fetcher tests: no mocks of our own code, real sockets on 127.0.0.1.

`FakeServer` serves programmable replies (status, headers, body, a delay, an unbounded body) and files
from `fixtures/`; `FakeGraph` speaks the slice of the Facebook Graph API the monitoring module uses
(a page node, its posts, their comments, cursor paging with `paging.next`, Graph error bodies).

    with FakeServer() as server:
        server.route("/feed.xml", Reply(body=b"...", headers={"Content-Type": "application/rss+xml"}))
        fetch_feed(server.url("/feed.xml"))

Both are also pytest fixtures: `fake_server`, `fake_graph` (import them into a test module or conftest).
"""

import base64
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]  # the last value of each parameter
    headers: dict[str, str]  # lower-case names


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (timeouts)
    # Send no Content-Length and this many copies of `body` (a body whose size is only known by reading it).
    repeat: int = 0


Handler = Callable[[Request], Reply]


class FakeServer:
    """A threaded HTTP server on a random port of 127.0.0.1, answering routes by path (query ignored)."""

    def __init__(self) -> None:
        self.routes: dict[str, Reply | Handler] = {}
        self.prefixes: dict[str, Handler] = {}
        self.requests: list[Request] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False  # a test's sleeping handler must not delay teardown
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    # --- lifecycle ------------------------------------------------------------------------------
    def __enter__(self) -> "FakeServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    # --- programming ----------------------------------------------------------------------------
    def route(self, path: str, reply: Reply | Handler) -> str:
        """Answer `path` with `reply` (or call it); returns the full URL."""
        self.routes[path] = reply
        return self.url(path)

    def route_prefix(self, prefix: str, handler: Handler) -> None:
        """Answer every path starting with `prefix` by calling `handler` (exact routes win)."""
        self.prefixes[prefix] = handler

    def fixture(self, path: str, filename: str, content_type: str, **headers: str) -> str:
        """Serve fixtures/`filename` at `path` with that Content-Type (and extra headers)."""
        body = (FIXTURES / filename).read_bytes()
        return self.route(path, Reply(body=body, headers={"Content-Type": content_type, **headers}))

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        return self.route(path, Reply(status=status, headers={"Location": to}))

    # --- serving --------------------------------------------------------------------------------
    def _answer(self, request: Request) -> Reply:
        self.requests.append(request)
        route = self.routes.get(request.path) or next(
            (handler for prefix, handler in self.prefixes.items() if request.path.startswith(prefix)), None
        )
        if route is None:
            return Reply(status=404, body=b"not found", headers={"Content-Type": "text/plain"})
        return route(request) if callable(route) else route

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                headers = {k.lower(): v for k, v in self.headers.items()}
                reply = server._answer(Request("GET", parts.path, query, headers))
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self._send(reply)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout, size cap): that is what some tests want

            def _send(self, reply: Reply) -> None:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.repeat:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    for _ in range(reply.repeat):
                        self.wfile.write(reply.body)
                    return
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
                pass  # keep test output quiet

        return _Handler


# --- Facebook Graph API ---------------------------------------------------------------------------

def graph_time(moment: datetime) -> str:
    """Graph's timestamp format: 2026-02-05T07:30:00+0000."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def graph_error(message: str, *, type: str, code: int, subcode: int | None = None) -> dict[str, Any]:  # noqa: A002
    error: dict[str, Any] = {"message": message, "type": type, "code": code, "fbtrace_id": "AbCdEfGh123"}
    if subcode is not None:
        error["error_subcode"] = subcode
    return {"error": error}


EXPIRED = graph_error(
    "Error validating access token: Session has expired on Thursday, 05-Feb-26 07:00:00 PST.",
    type="OAuthException", code=190, subcode=463,
)
INVALID = graph_error("Invalid OAuth access token - Cannot parse access token", type="OAuthException", code=190)
RATE_LIMITED = graph_error("(#4) Application request limit reached", type="OAuthException", code=4)
PAGE_RATE_LIMITED = graph_error("(#32) Page request limit reached", type="OAuthException", code=32)


class FakeGraph:
    """The Graph API slice the fetchers use, on a FakeServer, under /v21.0.

    Posts come newest first (Graph's order for /{page-id}/posts), comments oldest first
    (filter=stream); both page with opaque `after` cursors and a `paging.next` URL that repeats every
    query parameter, the access token included, like Graph does. Fields without a value are omitted
    (a post nobody shared has no `shares`), as Graph does.
    """

    version = "v21.0"

    def __init__(self, server: FakeServer) -> None:
        self.server = server
        self.tokens: set[str] = set()
        self.expired_tokens: set[str] = set()
        self.pages: dict[str, str] = {}
        self.posts: dict[str, list[dict[str, Any]]] = {}
        self.comments: dict[str, list[dict[str, Any]]] = {}
        self.failures: list[tuple[int, dict[str, Any]]] = []  # answered first, one per request
        self._prefix = f"/{self.version}/"
        server.route_prefix(self._prefix, self._handle)

    @property
    def base_url(self) -> str:
        return self.server.url(f"/{self.version}")

    @property
    def requests(self) -> list[Request]:
        return [r for r in self.server.requests if r.path.startswith(self._prefix)]

    def add_page(self, page_id: str, name: str, token: str) -> None:
        self.pages[page_id] = name
        self.posts.setdefault(page_id, [])
        self.tokens.add(token)

    def add_post(
        self, page_id: str, post_id: str, message: str | None, created: datetime, *, shares: int = 0, reactions: int = 0
    ) -> dict[str, Any]:
        post: dict[str, Any] = {
            "id": post_id,
            "created_time": graph_time(created),
            "permalink_url": f"https://www.facebook.com/{page_id}/posts/{post_id.split('_')[-1]}",
            "reactions": {"data": [], "summary": {"total_count": reactions}},
        }
        if message is not None:
            post["message"] = message
        if shares:
            post["shares"] = {"count": shares}
        self.posts[page_id].append(post)
        self.posts[page_id].sort(key=lambda p: p["created_time"], reverse=True)
        self.comments.setdefault(post_id, [])
        return post

    def add_comment(self, post_id: str, comment_id: str, message: str, created: datetime, *, likes: int = 0) -> None:
        post_url = next(p["permalink_url"] for posts in self.posts.values() for p in posts if p["id"] == post_id)
        self.comments[post_id].append({
            "id": comment_id,
            "message": message,
            "created_time": graph_time(created),
            "permalink_url": f"{post_url}?comment_id={comment_id.split('_')[-1]}",
            "like_count": likes,
        })
        self.comments[post_id].sort(key=lambda c: c["created_time"])

    def fail_next(self, body: dict[str, Any], status: int = 400) -> None:
        self.failures.append((status, body))

    # --- serving --------------------------------------------------------------------------------
    def _json(self, status: int, body: dict[str, Any]) -> Reply:
        return Reply(status=status, body=json.dumps(body).encode(), headers={"Content-Type": "application/json"})

    def _handle(self, request: Request) -> Reply:
        token = request.query.get("access_token") or request.headers.get("authorization", "").removeprefix("Bearer ")
        if self.failures:
            return self._json(*self.failures.pop(0))
        if not token:
            return self._json(400, graph_error(
                "An active access token must be used to query information about the current user.",
                type="OAuthException", code=2500))
        if token in self.expired_tokens:
            return self._json(400, EXPIRED)
        if token not in self.tokens:
            return self._json(400, INVALID)
        parts = request.path.removeprefix(self._prefix).strip("/").split("/")
        if len(parts) == 1 and parts[0] in self.pages:
            return self._json(200, {"name": self.pages[parts[0]], "id": parts[0]})
        if len(parts) == 2 and parts[1] == "posts" and parts[0] in self.pages:
            posts = self.posts[parts[0]]
            if "since" in request.query:
                since = datetime.fromtimestamp(int(request.query["since"]), tz=UTC)
                posts = [p for p in posts if p["created_time"] >= graph_time(since)]
            return self._page(request, posts, default_limit=25)
        if len(parts) == 2 and parts[1] == "comments" and parts[0] in self.comments:
            return self._page(request, self.comments[parts[0]], default_limit=25)
        return self._json(400, graph_error(
            f"Unsupported get request. Object with ID '{parts[0]}' does not exist, cannot be loaded due to "
            "missing permissions, or does not support this operation.",
            type="GraphMethodException", code=100, subcode=33))

    def _page(self, request: Request, rows: list[dict[str, Any]], *, default_limit: int) -> Reply:
        limit = min(int(request.query.get("limit", default_limit)), 100)
        start = int(base64.b64decode(request.query["after"]).decode()) if request.query.get("after") else 0
        chunk = rows[start:start + limit]
        body: dict[str, Any] = {"data": chunk}
        if chunk:
            body["paging"] = {"cursors": {
                "before": base64.b64encode(str(start).encode()).decode(),
                "after": base64.b64encode(str(start + len(chunk)).encode()).decode(),
            }}
            if start + len(chunk) < len(rows):
                query = {**request.query, "after": body["paging"]["cursors"]["after"]}
                body["paging"]["next"] = self.server.url(request.path) + "?" + urlencode(query)
        return self._json(200, body)


@pytest.fixture
def fake_server() -> Iterator[FakeServer]:
    with FakeServer() as server:
        yield server


@pytest.fixture
def fake_graph(fake_server: FakeServer) -> FakeGraph:
    return FakeGraph(fake_server)
