"""One monitored item (article, post) prepared once for matching against every topic query.

Tokens are `\\w+` runs of the NFC text (one Vietnamese syllable each). Each token has two forms:
- exact: `core.text.normalize(token).lower()` — diacritics kept, one tone placement, case ignored;
- folded: `core.text.fold(exact)` — no diacritics, đ→d. Derived from the exact form so that an exact match
  always implies a folded match (the matcher's index relies on it).
"""

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain, islice
from operator import itemgetter
from urllib.parse import urlsplit

from educomms.core.text import fold, normalize

WORD = re.compile(r"\w+", re.UNICODE)

# Largest NEAR distance a query may ask for; the body starts this many positions (plus a margin) after the
# title so that neither a phrase nor a NEAR can join a title word to a body word.
MAX_NEAR = 100
_BODY_GAP = MAX_NEAR + 2

# A news vocabulary is a few tens of thousands of distinct pieces; the cap only guards against a flood of
# junk (ids, hashes) growing the process forever.
_CACHE_CAP = 300_000
_forms_cache: dict[str, tuple[str, str]] = {}
_Forms = tuple[tuple[str, ...], tuple[str, ...]]  # (exact forms, folded forms) of the tokens of a piece


def token_forms(token: str) -> tuple[str, str]:
    """(exact, folded) forms of one NFC token; cached because each syllable recurs in almost every item."""
    forms = _forms_cache.get(token)
    if forms is None:
        exact = normalize(token).lower()
        forms = (exact, fold(exact))
        if len(_forms_cache) >= _CACHE_CAP:
            _forms_cache.clear()
        _forms_cache[token] = forms
    return forms


def tokens(text: str) -> list[str]:
    """The `\\w+` tokens of a text after NFC (an NFD text would otherwise split at each combining mark)."""
    return WORD.findall(unicodedata.normalize("NFC", text)) if text else []


class _ChunkForms(dict[str, _Forms]):
    """Forms of the tokens of one space-free piece of NFC text ("trường," → (("trường",), ("truong",))),
    filled on first sight.

    Splitting on spaces and caching whole pieces is several times faster than a Unicode `\\w+` scan of
    the text; `isalnum()` is exactly "one \\w+ token without underscore", so the result is the same. A
    dict with `__missing__` lets `map(forms.__getitem__, pieces)` look a whole text up in C.
    """

    def __missing__(self, chunk: str) -> _Forms:
        found = [chunk] if chunk.isalnum() else WORD.findall(chunk)
        pairs = [token_forms(token) for token in found]
        if len(self) >= _CACHE_CAP:
            self.clear()
        forms = self[chunk] = (tuple(exact for exact, _ in pairs), tuple(folded for _, folded in pairs))
        return forms


_chunk_forms = _ChunkForms()


def site_of(url: str, site: str = "") -> str:
    """The lower-case host of an item: `site` when given (a domain or URL), else the host of `url`."""
    raw = (site or url or "").strip().lower()
    if not raw:
        return ""
    host = urlsplit(raw if "//" in raw else "//" + raw).hostname or ""
    return host.strip(".")


def _site_suffixes(host: str) -> frozenset[str]:
    """giaoduc.vnexpress.net → {giaoduc.vnexpress.net, vnexpress.net, net}: the keys `site:` can match."""
    parts = host.split(".") if host else []
    return frozenset(".".join(parts[i:]) for i in range(len(parts)))


class _PrefixPairs(dict[str, tuple[str, str]]):
    """Folded word → its first 2 and first 3 letters, filled on first sight (slicing and hashing two new
    strings for every word of every item cost more than looking them up)."""

    def __missing__(self, word: str) -> tuple[str, str]:
        if len(self) >= _CACHE_CAP:
            self.clear()
        pair = self[word] = (word[:2], word[:3])
        return pair


_prefix_pairs = _PrefixPairs()


def _prefix_keys(words: Iterable[str]) -> frozenset[str]:
    """First 2 and first 3 letters of each distinct folded token: the keys of the prefix-term index."""
    return frozenset(chain.from_iterable(map(_prefix_pairs.__getitem__, words)))


def _pieces(text: str) -> list[_Forms]:
    """The forms of the tokens of each space-free piece of `text`."""
    return list(map(_chunk_forms.__getitem__, unicodedata.normalize("NFC", text).split())) if text else []


def _flat(forms: list[_Forms], which: int) -> list[str]:
    """The exact (0) or folded (1) forms of all the pieces' tokens, in order."""
    return list(chain.from_iterable(map(itemgetter(which), forms)))


def _lines(words: list[str], title_end: int) -> str:
    """The title's words and the body's words, each between single spaces, on two lines."""
    return f" {' '.join(words[:title_end])} \n {' '.join(words[title_end:])} "


def _positions_in(lines: str, word: str, title_end: int) -> list[int]:
    """The positions of `word` in `lines` (made by `_lines`): a word's index is the number of spaces before
    its own leading one, less the title line's spaces in the body (whose positions start after the gap)."""
    needle = f" {word} "
    newline = lines.find("\n")
    title_spaces = title_end + 1 if title_end else 2  # " a b " has three; an empty title line "  " two
    found: list[int] = []
    spaces = 0
    counted = 0
    at = lines.find(needle)
    while at >= 0:
        spaces += lines.count(" ", counted, at)
        counted = at
        found.append(spaces if at < newline else spaces - title_spaces + title_end + _BODY_GAP)
        at = lines.find(needle, at + 1)
    return found


@dataclass(frozen=True, slots=True, eq=False)
class Document:
    """The folded words of an item, title first then body (`title_end` marks the end of the title).

    `words` is their set. `lines` holds the title's words and the body's words each between single spaces,
    on two lines: a phrase of plain words occurs where " its words " does, and a word's positions are found
    there when asked for (`positions`; only NEAR, prefix terms and longer exact phrases need them). Positions
    in the title are `0 .. title_end - 1`; body positions start after a gap wider than any NEAR. `pairs`
    (consecutive words), `sites` (domain suffixes) and, built when first asked for, `prefixes` (first 2 and 3
    letters of each word) and `exact_words` are what `Matcher` looks up in its index; `title_words` and
    `title_pairs` answer `title:` terms.
    Build with `Document.of(...)`; never mutate the collections (a document is shared by all queries).
    """

    title_end: int
    words: frozenset[str]
    site: str
    sites: frozenset[str]
    pairs: frozenset[tuple[str, str]] = field(repr=False)
    title_words: frozenset[str] = field(repr=False)  # folded, as `title:` terms look for them
    title_pairs: frozenset[tuple[str, str]] = field(repr=False)  # the pairs within the title
    lines: str = field(repr=False)  # " title words \n body words "
    folded_sequence: list[str] = field(repr=False)  # the folded words in order (the pipeline's search text)
    _forms: list[_Forms] = field(repr=False)  # each piece's tokens' forms, for the exact ones
    # Built on first use: exact forms and prefixes only for `=` and prefix terms, the positions of the words
    # asked for (NEAR, prefix terms, exact phrases).
    _exact_sequence: list[str] | None = field(default=None, repr=False)
    _exact_words: frozenset[str] | None = field(default=None, repr=False)
    _prefixes: frozenset[str] | None = field(default=None, repr=False)
    _folded_positions: dict[str, list[int]] | None = field(default=None, repr=False)
    _exact_positions: dict[str, list[int]] | None = field(default=None, repr=False)
    _exact_lines: str | None = field(default=None, repr=False)
    # The distinct folded words, sorted: built on a prefix term's first look.
    sorted_words: list[str] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, *, title: str, text: str, url: str = "", site: str = "") -> "Document":
        forms = _pieces(title)
        folded = _flat(forms, 1)
        title_end = len(folded)
        body = _pieces(text)
        forms += body
        folded += _flat(body, 1)
        host = site_of(url, site)
        title_pairs = frozenset(zip(folded[:title_end], folded[1:title_end], strict=False))
        return cls(
            title_end=title_end,
            words=frozenset(folded),
            site=host,
            sites=_site_suffixes(host),
            # Pairs of consecutive folded words, within the title and within the body (no phrase spans the
            # gap between them): the index key of phrases made of common syllables ("học bạ", "tự tử"), and
            # for a two-word phrase, its occurrence.
            pairs=title_pairs.union(zip(folded[title_end:], folded[title_end + 1:], strict=False)),
            title_words=frozenset(folded[:title_end]),
            title_pairs=title_pairs,
            lines=_lines(folded, title_end),
            folded_sequence=folded,
            _forms=forms,
        )

    def _cached[T](self, name: str, build: Callable[[], T]) -> T:
        """The field `name`, built on first use (a cache, not a change of the document's value)."""
        found = getattr(self, name)
        if found is None:
            found = build()
            object.__setattr__(self, name, found)
        return found

    @property
    def exact_sequence(self) -> list[str]:
        """The exact forms (normalized, lower-case, with diacritics) in order, in step with the folded ones."""
        return self._cached("_exact_sequence", lambda: _flat(self._forms, 0))

    @property
    def exact_words(self) -> frozenset[str]:
        return self._cached("_exact_words", lambda: frozenset(self.exact_sequence))

    @property
    def prefixes(self) -> frozenset[str]:
        """The first 2 and 3 letters of each word (the keys of prefix terms in `Matcher`'s index)."""
        return self._cached("_prefixes", lambda: _prefix_keys(self.words))

    def positions(self, word: str) -> list[int]:
        """The positions of a folded word (none for a word the item does not have)."""
        if word not in self.words:
            return []
        cache: dict[str, list[int]] = self._cached("_folded_positions", dict)
        found = cache.get(word)
        if found is None:
            found = cache[word] = _positions_in(self.lines, word, self.title_end)
        return found

    def exact_positions(self, word: str) -> list[int]:
        """The positions of an exact form (normalized, lower-case, with diacritics)."""
        if word not in self.exact_words:
            return []
        cache: dict[str, list[int]] = self._cached("_exact_positions", dict)
        found = cache.get(word)
        if found is None:
            lines = self._cached("_exact_lines", lambda: _lines(self.exact_sequence, self.title_end))
            found = cache[word] = _positions_in(lines, word, self.title_end)
        return found

    def _sorted_words(self) -> list[str]:
        # Sorted in C: a third of the time of grouping the words by their first letters, and a fraction of
        # building every word's prefixes for one prefix term.
        return self._cached("sorted_words", lambda: sorted(self.words))

    def has_word_starting(self, prefix: str) -> bool:
        """Whether a folded word starts with `prefix` (folded, at least one letter)."""
        words = self._sorted_words()
        at = bisect_left(words, prefix)
        return at < len(words) and words[at].startswith(prefix)

    def words_starting(self, prefix: str) -> list[str]:
        """The distinct folded words that start with `prefix` (folded, at least one letter), in order."""
        words = self._sorted_words()
        found = []
        for word in islice(words, bisect_left(words, prefix), None):
            if not word.startswith(prefix):
                break
            found.append(word)
        return found

