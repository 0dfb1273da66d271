"""The unit's own Facebook page: its posts and their comments through the Graph API.

Called from task workers. The page access token travels in the `Authorization: Bearer` header (which
Graph accepts like the `access_token` parameter) so that it is in no URL: not in httpx's request log,
not in an error detail. `paging.next` URLs, which embed the token, are stripped of it before use. Graph's base address is
`settings.FACEBOOK_GRAPH_URL` so that tests (and a future API version) can point elsewhere.
"""

import json
import math
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.utils.translation import gettext as _

from educomms.monitoring.fetch import http
from educomms.monitoring.fetch.text import clean_text, site_of, title_from_text
from educomms.monitoring.fetch.types import FetchError, FetchResult, RawItem

DEFAULT_GRAPH_URL = "https://graph.facebook.com/v21.0"
POST_FIELDS = "id,message,created_time,permalink_url,shares,reactions.summary(total_count).limit(0)"
COMMENT_FIELDS = "id,message,created_time,permalink_url,like_count"
POSTS_PER_PAGE = 25
COMMENTS_PER_PAGE = 100
# At most this many comment pages per post (500 comments): one viral post must not starve the others.
MAX_COMMENT_PAGES = 5
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613}) | frozenset(range(80000, 80015))
TOKEN_CODES = frozenset({102, 463, 467})
PERMISSION_CODES = frozenset({10}) | frozenset(range(200, 300))


class GraphError(FetchError):
    """A FetchError carrying Graph's error code, so callers can tell "deleted post" from "revoked token"."""

    def __init__(self, message: str, *, permanent: bool, detail: str, code: int) -> None:
        super().__init__(message, permanent=permanent, detail=detail)
        self.code = code


def graph_url() -> str:
    return str(getattr(settings, "FACEBOOK_GRAPH_URL", DEFAULT_GRAPH_URL)).rstrip("/")


def verify_credentials(*, page_id: str, access_token: str, timeout: float | None = None) -> str:
    """The page's name, proving the token can read it. Raises FetchError (GraphError) otherwise."""
    data = _get(f"{graph_url()}/{page_id}", {"fields": "name"}, access_token, timeout)
    return str(data.get("name") or "")


def fetch_page_activity(
    *,
    page_id: str,
    access_token: str,
    since: datetime | None,
    max_posts: int = 50,
    timeout: float | None = None,
) -> FetchResult:
    """The page's posts created since `since` (newest first, at most `max_posts`) and their comments.

    Comments are read for every post returned, so new comments on posts older than `since` are not
    seen: callers wanting them pass a `since` some days before the last cursor (items carry Graph ids
    in `external_id` for de-duplication). `cursor` is the newest created_time seen (ISO 8601, UTC).
    Posts without a message (a photo alone) give no item, but their comments are read.
    """
    params = {"fields": POST_FIELDS, "limit": str(min(POSTS_PER_PAGE, max_posts))}
    if since is not None:
        params["since"] = str(int(since.timestamp()))
    max_pages = math.ceil(max_posts / POSTS_PER_PAGE) + 1
    items: list[RawItem] = []
    newest = since.astimezone(UTC) if since else None
    posts = 0
    for post in _paged(f"{graph_url()}/{page_id}/posts", params, access_token, timeout, max_pages):
        posts += 1
        post_item = _post_item(post)
        if post_item.text:
            items.append(post_item)
        newest = _later(newest, post_item.published_at)
        for comment in _comments(str(post["id"]), access_token, timeout):
            comment_item = _comment_item(comment, parent_url=post_item.url)
            if comment_item.text:
                items.append(comment_item)
            newest = _later(newest, comment_item.published_at)
        if posts >= max_posts:
            break  # before the generator asks Graph for a page we would not read
    return FetchResult(items=items, cursor=newest.isoformat() if newest else "")


def _comments(post_id: str, token: str, timeout: float | None) -> Iterator[dict[str, Any]]:
    params = {"fields": COMMENT_FIELDS, "filter": "stream", "limit": str(COMMENTS_PER_PAGE)}
    try:
        yield from _paged(f"{graph_url()}/{post_id}/comments", params, token, timeout, MAX_COMMENT_PAGES)
    except GraphError as exc:
        # A post deleted between listing and reading its comments: nothing to read, not a source failure.
        if exc.code != 100:
            raise


def _paged(
    url: str, params: dict[str, str], token: str, timeout: float | None, max_pages: int
) -> Iterator[dict[str, Any]]:
    next_url: str | None = url
    next_params: dict[str, str] | None = params
    for _page in range(max_pages):
        if not next_url:
            return
        data = _get(next_url, next_params, token, timeout)
        yield from (row for row in data.get("data") or [] if isinstance(row, dict) and row.get("id"))
        next_url = _next(data, url)
        next_params = None  # paging.next already carries every parameter


def _next(data: dict[str, Any], url: str) -> str | None:
    """paging.next without its access token (ours goes in a header), and only on Graph's own host and path."""
    candidate = (data.get("paging") or {}).get("next")
    if not isinstance(candidate, str) or not candidate:
        return None
    parts, expected = urlsplit(candidate), urlsplit(url)
    if (parts.scheme, parts.netloc, parts.path.rstrip("/")) != (expected.scheme, expected.netloc, expected.path.rstrip("/")):
        return None  # never send the token to an address we did not choose
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "access_token"]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _get(url: str, params: dict[str, str] | None, token: str, timeout: float | None) -> dict[str, Any]:
    response = http.get(
        url,
        params=params,
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
        timeout=timeout,
        raise_for_status=False,
    )
    try:
        data = json.loads(response.content)
    except ValueError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        raise graph_error(data["error"], response.status)
    if response.status >= 400:
        raise http.status_error(response.status, response.url, response.headers)
    if not isinstance(data, dict):
        raise FetchError(
            _("Facebook trả về dữ liệu không hợp lệ"),
            permanent=False,
            detail=f"non-JSON answer ({response.content_type}) from {http.redact(response.url)}",
        )
    return data


def graph_error(error: dict[str, Any], status: int) -> GraphError:
    """The GraphError for Graph's {"error": {...}} body."""
    code = _int(error.get("code"))
    subcode = _int(error.get("error_subcode"))
    kind = str(error.get("type") or "")
    detail = (
        f"Graph error {code}/{subcode} {kind} (HTTP {status}, fbtrace_id {error.get('fbtrace_id', '')}): "
        f"{http.redact_text(str(error.get('message') or ''))}"
    )
    if code in RATE_LIMIT_CODES:
        message, permanent = _("Facebook đang giới hạn số lần truy cập, sẽ thử lại sau"), False
    elif code == 190 or (kind == "OAuthException" and (code in TOKEN_CODES or subcode in TOKEN_CODES)):
        message, permanent = _("Mã truy cập Facebook đã hết hạn hoặc bị thu hồi"), True
    elif code in PERMISSION_CODES:
        message, permanent = _("Mã truy cập Facebook không có quyền đọc trang này"), True
    elif code == 100:
        message, permanent = _("Không tìm thấy trang hoặc bài đăng Facebook (kiểm tra mã trang)"), True
    elif status >= 500 or code in (1, 2) or error.get("is_transient"):
        message, permanent = _("Facebook đang gặp sự cố, sẽ thử lại sau"), False
    else:
        message, permanent = _("Facebook trả lỗi (mã %(code)d)") % {"code": code}, True
    return GraphError(message, permanent=permanent, detail=detail, code=code)


def _post_item(post: dict[str, Any]) -> RawItem:
    text = clean_text(str(post.get("message") or ""))
    shares = _int((post.get("shares") or {}).get("count"))
    reactions = _int(((post.get("reactions") or {}).get("summary") or {}).get("total_count"))
    url = str(post.get("permalink_url") or f"https://www.facebook.com/{post['id']}")
    return RawItem(
        url=url,
        title=title_from_text(text),
        text=text,
        published_at=parse_graph_time(post.get("created_time")),
        site=site_of(url) or "facebook.com",
        kind="post",
        external_id=str(post["id"]),
        reach=shares + reactions,
    )


def _comment_item(comment: dict[str, Any], *, parent_url: str) -> RawItem:
    text = clean_text(str(comment.get("message") or ""))
    url = str(comment.get("permalink_url") or f"https://www.facebook.com/{comment['id']}")
    return RawItem(
        url=url,
        title=title_from_text(text),
        text=text,
        published_at=parse_graph_time(comment.get("created_time")),
        site=site_of(url) or "facebook.com",
        kind="comment",
        external_id=str(comment["id"]),
        reach=_int(comment.get("like_count")),
        parent_url=parent_url,
    )


def parse_graph_time(value: object) -> datetime | None:
    """Graph's "2026-02-05T07:30:00+0000" as aware UTC."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z").astimezone(UTC)
    except ValueError:
        return None


def _later(current: datetime | None, moment: datetime | None) -> datetime | None:
    if moment is None:
        return current
    return moment if current is None or moment > current else current


def _int(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload]  # Graph sends numbers, occasionally as strings
    except (TypeError, ValueError):
        return 0
