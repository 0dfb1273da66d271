"""Story bodies: the rich-text editor's HTML, sanitised with nh3 against one allow-list, and the plain
text used for search and checks."""

from html import unescape
from html.parser import HTMLParser

import nh3
from django.conf import settings

from educomms.core.text import fold, normalize

TAGS = {
    "p", "h2", "h3", "h4", "strong", "em", "u", "s", "a", "ul", "ol", "li", "blockquote", "figure",
    "figcaption", "img", "table", "thead", "tbody", "tr", "th", "td", "br", "hr",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Their content goes with them (a <script> leaves no text behind).
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}
_BLOCKS = TAGS - {"strong", "em", "u", "s", "a", "img"}


def _media_prefixes() -> tuple[str, ...]:
    return (settings.MEDIA_URL,)


def _filter(tag: str, attribute: str, value: str) -> str | None:
    # Images come only from our own media storage: no hot-linking, no tracking pixels.
    if tag == "img" and attribute == "src":
        return value if value.startswith(_media_prefixes()) and ".." not in value else None
    if attribute in ("width", "height"):
        return value if value.isdigit() and len(value) <= 5 else None
    return value


def clean(body: str) -> str:
    """The body reduced to the editor's allow-list: links get rel="noopener noreferrer" and only
    http/https/mailto; images only from MEDIA_URL; everything else is dropped (its text kept)."""
    if not body:
        return ""
    return nh3.clean(
        normalize(body),
        tags=TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ATTRIBUTES,
        attribute_filter=_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.images: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")
        if tag == "img":
            self.images.append({k: v or "" for k, v in attrs})

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _parse(body: str) -> _Text:
    parser = _Text()
    parser.feed(body or "")
    parser.close()
    return parser


def text(body: str) -> str:
    """The readable text of an HTML body, whitespace collapsed."""
    return " ".join(unescape("".join(_parse(body).parts)).split())


def images(body: str) -> list[dict[str, str]]:
    """The attributes of every <img> in the body, in order."""
    return _parse(body).images


def search_text(*, title: str, summary: str, body: str) -> str:
    """The accent-folded text of a story, for search and term checks ("giáo dục" → "giao duc")."""
    return fold(" ".join(part for part in (title, summary, text(body)) if part))
