"""Template helpers of the public portal."""

import unicodedata

from django import template
from django.core.files.storage import default_storage
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from educomms.portal import cache as portal_cache
from educomms.portal.selectors import unit_slug

register = template.Library()


@register.filter
def image_url(asset, width: str = "800") -> str:
    """URL of an image asset at a web size (its stored variant when there is one, else the original)."""
    if asset is None:
        return ""
    name = (asset.variants or {}).get(str(width)) or asset.file.name
    return default_storage.url(name) if name else ""


@register.filter
def image_srcset(asset) -> str:
    """"…-800.webp 800w, …-1600.webp 1600w" from the asset's web sizes (empty when it has none), so a
    phone downloads the small one."""
    if asset is None:
        return ""
    sizes = sorted((int(w), name) for w, name in (asset.variants or {}).items() if str(w).isdigit() and name)
    return ", ".join(f"{default_storage.url(name)} {w}w" for w, name in sizes)


@register.simple_tag
def portal_generation() -> int:
    """The portal cache generation, for {% cache %} keys: the page chrome is rendered again after any
    story or theme change, and at least every PAGE_TTL."""
    return portal_cache.generation()


@register.filter
def slug_of(unit) -> str:
    return unit_slug(unit)


def _fold_char(char: str) -> str:
    """One character as `core.text.fold` sees it (without collapsing spaces): lower case, no diacritics."""
    if char in "đĐ":
        return "d"
    return "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)).lower()


@register.filter
def highlight(text: str, words: list[str]) -> str:
    """`text` escaped, with every match of the (folded) search words wrapped in <mark>, matched without
    diacritics: "giao duc" marks "Giáo dục"."""
    text = text or ""
    folded: list[str] = []
    origin: list[int] = []  # folded character → index of the original character it came from
    for i, char in enumerate(text):
        for c in _fold_char(char):
            folded.append(c)
            origin.append(i)
    haystack = "".join(folded)
    spans: list[tuple[int, int]] = []
    for word in words or []:
        start = haystack.find(word)
        while word and start != -1:
            end = start + len(word)
            spans.append((origin[start], origin[end - 1] + 1))
            start = haystack.find(word, end)
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts, at = [], 0
    for start, end in merged:
        # A match ending on a base letter keeps the combining marks that follow it.
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        parts.append(escape(text[at:start]))
        parts.append(format_html("<mark>{}</mark>", text[start:end]))
        at = end
    parts.append(escape(text[at:]))
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308  (every piece escaped above)
