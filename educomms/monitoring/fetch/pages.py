"""One web page's article: its text and metadata (title, date, author) extracted by trafilatura.

trafilatura only ever sees bytes we downloaded with `http.get` (its own fetching is never used), so the
size cap, timeouts and User-Agent apply to pages as to feeds.
"""

import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import trafilatura
from django.utils.translation import gettext as _

from educomms.monitoring.fetch import http
from educomms.monitoring.fetch.text import clean_text, clean_title, site_of
from educomms.monitoring.fetch.types import FetchError, RawItem

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
HTML_TYPES = {"", "text/html", "application/xhtml+xml", "text/plain"}
ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
# Below this, what trafilatura found is a menu or a caption (its fallbacks return whatever text there is).
MIN_TEXT = 50
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# Ask htmldate for the time of day too: most Vietnamese news pages publish it in their metadata.
_DATE_PARAMS = {"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}


def fetch_page(url: str, *, timeout: float | None = None) -> RawItem:
    """The article at `url` as a RawItem (kind "article").

    Raises FetchError: transport and HTTP failures (see `http.get`); permanent when the address is not
    an HTML page or no article text can be found in it.
    """
    response = http.get(url, headers={"Accept": ACCEPT}, timeout=timeout)
    if response.content_type not in HTML_TYPES:
        raise FetchError(
            _("Địa chỉ không phải trang web (HTML)"),
            permanent=True,
            detail=f"{response.content_type} at {http.redact(response.url)}",
        )
    return extract_article(decode_html(response.content, response.encoding), url=response.url)


def extract_article(html: str, *, url: str) -> RawItem:
    """The article in an HTML document already downloaded from `url`."""
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        date_extraction_params=_DATE_PARAMS,
    )
    data: dict[str, Any] = {} if document is None else document if isinstance(document, dict) else document.as_dict()
    title = clean_title(data.get("title") or "")
    text = _without_heading(clean_text(data.get("text") or ""), title)
    if len(text) < MIN_TEXT or text == title:
        raise FetchError(
            _("Không tìm thấy nội dung bài viết trên trang"),
            permanent=True,
            detail=f"trafilatura found no main text at {http.redact(url)}",
        )
    return RawItem(
        url=url,
        title=title,
        text=text,
        published_at=parse_date(data.get("date") or ""),
        author=clean_title(data.get("author") or ""),
        site=site_of(url),
        kind="article",
        external_id=url,
    )


def decode_html(content: bytes, charset: str | None) -> str:
    """HTML bytes as text: UTF-8 when they are valid UTF-8 (servers often declare a wrong charset, and
    legacy text is practically never valid UTF-8 by accident), else the HTTP charset, else the page's
    <meta charset>, else Windows-1258 (the Vietnamese Windows code page)."""
    meta = _META_CHARSET.search(content[:4096])
    for encoding in ("utf-8", charset, meta.group(1).decode("ascii") if meta else None):
        if encoding:
            try:
                return content.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
    return content.decode("cp1258", errors="replace")


def parse_date(value: str) -> datetime | None:
    """htmldate's answer as aware UTC; a date or time without an offset is read as Vietnam time."""
    value = value.strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            moment = datetime.strptime(value, pattern)  # noqa: DTZ007 (made aware just below)
        except ValueError:
            continue
        return (moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)).astimezone(UTC)
    return None


def _without_heading(text: str, title: str) -> str:
    # trafilatura keeps the article's <h1> as the first line; the title already carries it.
    first, _sep, rest = text.partition("\n")
    return rest if title and first == title and rest else text
