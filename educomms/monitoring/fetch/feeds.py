"""RSS 2.0 / Atom feeds: a conditional GET, then feedparser on the bytes (feedparser never fetches).

Vietnamese feeds in the wild declare one encoding and send another (UTF-8 bytes under a Windows-1258
declaration, or the reverse), start with a byte-order mark or blank lines, pad titles and links with
whitespace, and carry empty items. All of that is repaired here before and after parsing.
"""

import codecs
import re
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
from django.utils.translation import gettext as _

from educomms.monitoring.fetch import http
from educomms.monitoring.fetch.text import clean_title, html_to_text, site_of, title_from_text
from educomms.monitoring.fetch.types import FetchError, FetchResult, RawItem

ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
_XML_DECLARATION = re.compile(rb"^<\?xml[^>]*?>", re.IGNORECASE)
_DECLARED_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""", re.IGNORECASE)
_HTML_ALTERNATE = re.compile(
    r"""<link[^>]+type=["']application/(?:rss|atom)\+xml["'][^>]*>""", re.IGNORECASE
)
_HREF = re.compile(r"""href=["']([^"']+)["']""", re.IGNORECASE)
# A page that is HTML, not a feed (checked only when feedparser found nothing).
_HTML_START = re.compile(r"^\s*(<!doctype html|<html)", re.IGNORECASE)


def fetch_feed(
    url: str, *, etag: str = "", last_modified: str = "", timeout: float | None = None
) -> FetchResult:
    """Fetch and parse one feed. A 304 answer gives `not_modified=True` and no items.

    Raises FetchError: transport and HTTP failures (see `http.get`), and permanent "not a valid
    RSS/Atom feed" when the body yields no entries and is not a well-formed empty feed.
    """
    headers = {"Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    response = http.get(url, headers=headers, timeout=timeout)
    new_etag = response.headers.get("etag", "")
    new_modified = response.headers.get("last-modified", "")
    if response.status == 304:
        return FetchResult(
            items=[], etag=new_etag or etag, last_modified=new_modified or last_modified, not_modified=True
        )
    items = parse_feed(response.content, base_url=response.url, charset=response.encoding)
    return FetchResult(items=items, etag=new_etag, last_modified=new_modified)


def parse_feed(content: bytes, *, base_url: str, charset: str | None = None) -> list[RawItem]:
    """The items of a feed body. `charset` is the one declared by HTTP, if any."""
    body = to_utf8(content, charset)
    parsed = feedparser.parse(
        body,
        response_headers={"content-type": "application/xml; charset=utf-8", "content-location": base_url},
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    entries: list[Any] = list(parsed.get("entries") or [])
    if not entries and (parsed.get("bozo") or not parsed.get("version")):
        raise _not_a_feed(body, base_url, parsed.get("bozo_exception"))
    items: list[RawItem] = []
    seen: set[str] = set()
    for entry in entries:
        item = _item(entry, base_url)
        # Feeds repeat an item when they splice two lists; the first copy wins.
        if item is None or item.url in seen:
            continue
        seen.add(item.url)
        items.append(item)
    return items


def to_utf8(content: bytes, charset: str | None = None) -> bytes:
    """The feed re-encoded as UTF-8 with its XML declaration saying so.

    Bytes that are valid UTF-8 are UTF-8 whatever they claim (legacy 8-bit text is practically never
    valid UTF-8 by accident); otherwise the declared encoding (HTTP, then XML) is tried, then
    Windows-1258, the Vietnamese Windows code page.
    """
    text = _decode(content, charset)
    data = text.lstrip("\ufeff \t\r\n").encode("utf-8")
    return _XML_DECLARATION.sub(b'<?xml version="1.0" encoding="utf-8"?>', data, count=1)


def _decode(content: bytes, charset: str | None) -> str:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if content.startswith(bom):
            return content.decode(encoding, errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declaration = _XML_DECLARATION.match(content.lstrip())
    declared = _DECLARED_ENCODING.search(declaration.group(0)) if declaration else None
    candidates: list[str | None] = [charset, declared.group(1).decode("ascii") if declared else None]
    for candidate in candidates:
        if candidate and _codec(candidate) not in (None, "utf-8"):
            try:
                return content.decode(candidate)
            except (LookupError, UnicodeDecodeError):
                continue
    return content.decode("cp1258", errors="replace")


def _codec(encoding: str) -> str | None:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def _not_a_feed(body: bytes, base_url: str, bozo: object) -> FetchError:
    head = body[:20_000].decode("utf-8", errors="replace")
    detail = f"{http.redact(base_url)}: {type(bozo).__name__ + ': ' + str(bozo) if bozo else 'no entries'}"
    if _HTML_START.search(head):
        alternates = [urljoin(base_url, m.group(1)) for tag in _HTML_ALTERNATE.findall(head) if (m := _HREF.search(tag))]
        detail = f"{http.redact(base_url)} is an HTML page" + (
            f"; it advertises feeds: {', '.join(alternates)}" if alternates else ""
        )
    return FetchError(_("Nguồn tin không phải RSS/Atom hợp lệ"), permanent=True, detail=detail)


def _item(entry: Any, base_url: str) -> RawItem | None:
    link = _link(entry, base_url)
    text = _entry_text(entry)
    title = _entry_title(entry) or title_from_text(text)
    # An item without a link cannot be opened or de-duplicated; without title and text it says nothing.
    if not link or not (title or text):
        return None
    return RawItem(
        url=link,
        title=title,
        text=text,
        published_at=_published(entry),
        author=clean_title(html_to_text(entry.get("author") or "")),
        site=site_of(link),
        kind="article",
        external_id="".join((entry.get("id") or "").split()) or link,
    )


def _link(entry: Any, base_url: str) -> str:
    link = entry.get("link") or ""
    if not link:
        for candidate in entry.get("links") or []:
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate["href"]
                break
    # Stray whitespace and line breaks inside <link> are common; a URL never contains them.
    link = "".join(link.split())
    if not link:
        return ""
    link = urljoin(base_url, link)
    return link if link.startswith(("http://", "https://")) else ""


def _entry_title(entry: Any) -> str:
    title = entry.get("title") or ""
    detail = entry.get("title_detail") or {}
    if "html" in (detail.get("type") or ""):
        title = html_to_text(title)
    return clean_title(title)


def _entry_text(entry: Any) -> str:
    # Full content (content:encoded, Atom <content>) when the feed has it, else the summary.
    bodies = [c.get("value") or "" for c in entry.get("content") or []]
    body = max(bodies, key=len) if bodies else ""
    summary = entry.get("summary") or ""
    return html_to_text(body if len(body) >= len(summary) else summary)


def _published(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed: time.struct_time | None = entry.get(key)
        if parsed:
            try:
                # feedparser has already converted the date to UTC.
                return datetime(*parsed[:6], tzinfo=UTC)
            except (TypeError, ValueError):
                continue
    return None
