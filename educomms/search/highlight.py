"""Marking a visitor's search words in the original (accented) text, and cutting a snippet around them.

Matching is per word: each word of the text is folded on its own (core.text.fold: lower case, no
diacritics, đ→d) and compared with the folded query words, so "ky thi" marks "Kỳ thi" and the original
letters are kept. Everything outside the <mark> tags is escaped.
"""

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from educomms.core.text import fold

# A word as the index sees it: letters and digits (the underscore and punctuation separate words).
WORD = re.compile(r"[^\W_]+")


def _matches(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    wanted = set(words)
    return [(m.start(), m.end()) for m in WORD.finditer(text) if fold(m.group(0)) in wanted]


def _render(text: str, spans: list[tuple[int, int]]) -> SafeString:
    parts: list[str] = []
    at = 0
    for start, end in spans:
        parts.append(escape(text[at:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    parts.append(escape(text[at:]))
    return mark_safe("".join(parts))  # noqa: S308  (every piece of text is escaped above)


def highlight(text: str, words: Iterable[str]) -> SafeString:
    """`text` escaped, with every word matching a search word wrapped in <mark>."""
    text = text or ""
    return _render(text, _matches(text, words))


def snippet(text: str, words: Iterable[str], *, size: int = 36) -> SafeString:
    """About `size` words of `text` around the densest cluster of matches, highlighted, with "…" where
    the text was cut. Without any match: the beginning of the text."""
    text = " ".join((text or "").split())
    tokens = list(WORD.finditer(text))
    if len(tokens) <= size:
        return highlight(text, words)
    wanted = set(words)
    hits = [i for i, m in enumerate(tokens) if fold(m.group(0)) in wanted]
    best, best_count = 0, 0
    for i in hits:  # windows starting a little before each hit; keep the one holding the most hits
        start = max(0, min(i - size // 4, len(tokens) - size))
        count = sum(1 for h in hits if start <= h < start + size)
        if count > best_count:
            best, best_count = start, count
    first, last = tokens[best], tokens[min(best + size, len(tokens)) - 1]
    piece = text[first.start():last.end()]
    # Keep the punctuation that ends the last word's sentence.
    tail = text[last.end():last.end() + 1]
    if tail in ".!?…":
        piece += tail
    html = str(highlight(piece, wanted))
    prefix = "… " if best > 0 else ""
    suffix = " …" if best + size < len(tokens) else ""
    return mark_safe(f"{prefix}{html}{suffix}")  # noqa: S308  (highlight escaped the text)
