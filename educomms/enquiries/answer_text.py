"""Answers are written as plain paragraphs in a text box and stored as sanitised HTML (like a story body).

`to_html` turns the text into paragraphs (a blank line between them, a line break inside), with web
addresses made into links; `to_text` gives the text back for editing."""

import re
from html import unescape
from html.parser import HTMLParser

from django.utils.html import escape, urlize

from educomms.newsroom import html

_BLANK_LINE = re.compile(r"\n\s*\n")


def to_html(text: str) -> str:
    paragraphs = [p.strip() for p in _BLANK_LINE.split((text or "").replace("\r\n", "\n")) if p.strip()]
    parts = []
    for paragraph in paragraphs:
        lines = [urlize(escape(line.strip()), nofollow=True) for line in paragraph.split("\n")]
        parts.append("<p>" + "<br>".join(lines) + "</p>")
    return html.clean("".join(parts))


class _Text(HTMLParser):
    BLOCKS = {"p", "h2", "h3", "h4", "li", "blockquote", "ul", "ol", "div"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_entityref(self, name: str) -> None:
        self.parts.append(unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.parts.append(unescape(f"&#{name};"))


def to_text(body: str) -> str:
    parser = _Text()
    parser.feed(body or "")
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
