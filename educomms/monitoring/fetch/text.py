"""Plain text from the HTML that feeds and APIs hand us, and the small normalisations every fetcher shares."""

import unicodedata
from html.parser import HTMLParser
from urllib.parse import urlsplit

MAX_TEXT = 20_000
MAX_TITLE = 500

# Their content is not text a reader sees.
_SKIP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head"}
_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "figure", "figcaption", "section", "article", "header", "footer", "hr", "pre", "dd", "dt",
}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The readable text of an HTML fragment: tags and scripts dropped, entities decoded, one
    paragraph per line, each line tidied (NFC, spaces collapsed)."""
    if not html:
        return ""
    if "<" not in html and "&" not in html:
        return clean_text(html)
    parser = _Text()
    parser.feed(html)
    parser.close()
    return clean_text("".join(parser.parts))


def tidy(text: str) -> str:
    """NFC with spaces collapsed. The pipeline stores `core.text.normalize`'s form (which also moves
    tone marks, at ~10x the cost); fetchers only promise composed characters and tidy spacing, which
    matters for an import of 20,000 rows."""
    return " ".join(unicodedata.normalize("NFC", text).split()) if text else ""


def clean_text(text: str) -> str:
    """Lines tidied, blank lines dropped, capped at MAX_TEXT characters."""
    lines = (tidy(line) for line in (text or "").splitlines())
    return truncate("\n".join(line for line in lines if line), MAX_TEXT)


def clean_title(text: str) -> str:
    return truncate(tidy(text), MAX_TITLE)


def truncate(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary when one is near, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.9:
        cut = cut[:space]
    return cut.rstrip() + "…"


def site_of(url: str) -> str:
    """The host of a URL, lower-case, without "www." ("https://WWW.VnExpress.net/a" → "vnexpress.net")."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def title_from_text(text: str, limit: int = 120) -> str:
    """A title for an item that has none (a Facebook post, a title-less RSS item): its first line, shortened."""
    first = text.strip().split("\n", 1)[0] if text else ""
    return truncate(first, limit)
