"""The parsed query: immutable nodes that match a `Document`, name their index keys and print themselves.

Positional nodes (a term, an OR of terms) also report the spans where they occur, so that NEAR can take
words, phrases, prefix terms or OR groups of them as operands.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from .document import Document

Span = tuple[int, int]

# Precedence for printing: OR < AND < NEAR < NOT < atoms.
_OR, _AND, _NEAR, _NOT, _ATOM = 1, 2, 3, 4, 5


class IndexKey(NamedTuple):
    """What a document must contain for a query to have a chance: a folded word ("word"), an exact word
    ("exact", for `=` terms: "=Đà" should not wake up on every "đã"), two consecutive folded words of a
    phrase ("pair", value "hoc ba"), the first 2–3 folded letters of some word ("prefix"), or a domain
    suffix of its site ("site")."""

    kind: str
    value: str


# Folded syllables found in nearly every Vietnamese news item (folding merges đã/đà/da, từ/tự/tư/tử…): a
# poor key for an AND, so the index prefers any other word of the conjunction or phrase.
_COMMON = frozenset(
    """
    va cua co cac la duoc trong cho khong nguoi nhung mot voi nay da de ngay nam khi den ra ve theo cung
    nhu nhieu se tu thi lam tai nha di hoc sinh truong giao duc viec cong thanh pho nuoc quoc gia hoi dong
    dang do hien nay len sau tren duoi vao con chi bi phai moi the can dau hon vi nen neu tin chinh phu
    kinh te xa dan vien tinh huyen trinh chuong ket qua thuc hoat to chuc so luong cao thoi gian biet noi
    truoc giua bo phong ban don vi y kien tang giam lop em thay co anh chi ong ba tre van ly dai tieu trung
    hop tac dia phuong doi ngu ke hoach trien khai bao dam nang chat san xuat quan nhan su tra lai toi
    minh ho rat nhat lan hai ba bon muoi tram nghin trieu ty thang tuan gio sang chieu toi ngoai
    """.split()
)
_COMMON_STARTS = frozenset(word[:3] for word in _COMMON if len(word) >= 3) | frozenset(
    word[:2] for word in _COMMON
)


def key_cost(key: IndexKey) -> float:
    """A rough guess of how many items carry the key (lower is rarer); used to pick an AND's key."""
    if key.kind in ("word", "exact"):
        if key.value in _COMMON or len(key.value) < 2:
            return 20.0 if key.kind == "word" else 5.0
        return 1.0 + 2.0 / len(key.value)  # longer syllables are rarer
    if key.kind == "pair":
        first, second = key.value.split(" ")
        # Two syllables together are far rarer than either ("học bạ" vs "học").
        return min(key_cost(IndexKey("word", first)), key_cost(IndexKey("word", second))) / 4
    if key.kind == "prefix":
        # A prefix that starts a common syllable ("học*" → hoc) is in every item.
        return 30.0 if key.value in _COMMON_STARTS else 4.0 if len(key.value) >= 3 else 8.0
    return 10.0  # one site publishes a large share of all items


@dataclass(frozen=True, slots=True)
class Word:
    """One syllable of a term. `exact` keeps diacritics; `prefix` matches any word starting with it."""

    text: str  # exact form: normalized, lower-case, with diacritics
    folded: str
    prefix: bool = False
    exact: bool = False
    raw: str = ""  # an exact prefix as typed (lower-case NFC), before tone normalisation

    def positions(self, doc: Document) -> list[int]:
        if not self.prefix:
            return doc.exact_positions(self.text) if self.exact else doc.positions(self.folded)
        found: list[int] = []
        if self.exact:
            if not doc.has_word_starting(self.folded[:3]):  # the exact forms are built only past this
                return found
            for token in doc.exact_words:
                if token.startswith(self.text) or (self.raw and token.startswith(self.raw)):
                    found.extend(doc.exact_positions(token))
        else:
            for token in doc.words_starting(self.folded):
                found.extend(doc.positions(token))
        return found

    def occurs(self, doc: Document) -> bool:
        if not self.prefix:
            return (self.text in doc.exact_words) if self.exact else (self.folded in doc.words)
        if self.exact:
            if not doc.has_word_starting(self.folded[:3]):  # the exact forms are built only past this
                return False
            return any(t.startswith(self.text) or (self.raw and t.startswith(self.raw)) for t in doc.exact_words)
        return doc.has_word_starting(self.folded)

    def key(self) -> IndexKey:
        if self.prefix:  # an exact prefix is also a folded prefix
            return IndexKey("prefix", self.folded[:3])
        return IndexKey("exact", self.text) if self.exact else IndexKey("word", self.folded)

    def describe(self) -> str:
        return (self.raw or self.text) + ("*" if self.prefix else "")


class Node:
    """Base of the query tree; `pos` is the 0-based offset in the source (for error messages only)."""

    pos: int

    def matches(self, doc: Document) -> bool:
        raise NotImplementedError

    def anchor(self) -> frozenset[IndexKey] | None:
        """Keys of which a matching document holds at least one; None when no such set exists (NOT x)."""
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    precedence = _ATOM
    positional = False

    def cost(self) -> float:
        """Relative effort of `matches`, to evaluate the cheap conditions of an AND first."""
        return 1.0

    def spans(self, doc: Document) -> list[Span]:
        raise TypeError("not a positional node")

    def in_title(self) -> "Node":
        """The same condition restricted to the title (for `title:(...)`)."""
        return self


def _cost(keys: frozenset[IndexKey]) -> float:
    return sum(key_cost(key) for key in keys)


def _wrap(node: Node, minimum: int) -> str:
    text = node.describe()
    return f"({text})" if node.precedence < minimum else text


@dataclass(frozen=True, slots=True)
class Term(Node):
    """A word, prefix term or phrase (consecutive words), optionally only in the title."""

    words: tuple[Word, ...]
    title: bool = False
    pos: int = field(default=0, compare=False)

    # Consecutive folded words the phrase needs: a set lookup each rejects most candidates at once.
    pairs: tuple[tuple[str, str], ...] = field(init=False, compare=False, repr=False)
    # Two plain words: the document's pair of them (the title's, for a title term) is the occurrence.
    two_words: bool = field(init=False, compare=False, repr=False)
    # One plain word in the title: the title's set of words answers.
    title_word: bool = field(init=False, compare=False, repr=False)
    # Plain words (no prefix, no exact): " their words " between spaces, looked for in `Document.lines`.
    needle: str = field(init=False, compare=False, repr=False)

    positional = True

    def __post_init__(self) -> None:
        pairs = tuple(
            (a.folded, b.folded) for a, b in zip(self.words, self.words[1:], strict=False) if not (a.prefix or b.prefix)
        )
        plain = not any(word.exact or word.prefix for word in self.words)
        object.__setattr__(self, "pairs", pairs)
        object.__setattr__(self, "two_words", len(self.words) == 2 and plain)
        object.__setattr__(self, "title_word", len(self.words) == 1 and self.title and plain)
        object.__setattr__(self, "needle", f" {' '.join(word.folded for word in self.words)} " if plain else "")

    def _starts(self, doc: Document) -> Iterator[int]:
        """Positions where the term begins, in no particular order."""
        found = [word.positions(doc) for word in self.words]
        if not all(found):
            return
        limit = doc.title_end if self.title else None
        # Walk the rarest word's positions and look the others up at their offsets from it.
        pivot = min(range(len(found)), key=lambda i: len(found[i]))
        others = [
            (i - pivot, positions if len(positions) <= 8 else set(positions))
            for i, positions in enumerate(found)
            if i != pivot
        ]
        for position in found[pivot]:
            start = position - pivot
            if (limit is None or start < limit) and all(position + offset in at for offset, at in others):
                yield start

    def spans(self, doc: Document) -> list[Span]:
        last = len(self.words) - 1
        return [(start, start + last) for start in self._starts(doc)]

    def matches(self, doc: Document) -> bool:
        if len(self.words) == 1 and not self.title:
            return self.words[0].occurs(doc)
        if self.title_word:
            return self.words[0].folded in doc.title_words
        pairs = doc.title_pairs if self.title else doc.pairs
        for pair in self.pairs:
            if pair not in pairs:
                return False
        return self.two_words or self.placed(doc)

    def placed(self, doc: Document) -> bool:
        """Whether the words stand in order somewhere (what `matches` checks once the pairs are there)."""
        if self.needle:  # the title's line comes first: an occurrence there is found before the newline
            at = doc.lines.find(self.needle)
            return at >= 0 and (not self.title or at < doc.lines.find("\n"))
        return next(self._starts(doc), None) is not None

    def anchor(self) -> frozenset[IndexKey]:
        # Every word and every pair of a phrase is necessary; one (the rarest) is enough for the index.
        keys = [word.key() for word in self.words]
        keys += [
            IndexKey("pair", f"{a.folded} {b.folded}")
            for a, b in zip(self.words, self.words[1:], strict=False)
            if not a.prefix and not b.prefix
        ]
        return frozenset([min(keys, key=key_cost)])

    def cost(self) -> float:
        return 5.0 if any(word.prefix for word in self.words) else float(len(self.words))

    def in_title(self) -> "Term":
        return Term(self.words, True, self.pos)

    def describe(self) -> str:
        body = " ".join(word.describe() for word in self.words)
        if len(self.words) > 1:
            body = f'"{body}"'
        if self.words[0].exact:
            body = "=" + body
        return ("title:" if self.title else "") + body


@dataclass(frozen=True, slots=True)
class Site(Node):
    """The item comes from this domain or one of its subdomains."""

    domain: str
    pos: int = field(default=0, compare=False)

    def matches(self, doc: Document) -> bool:
        return self.domain in doc.sites

    def anchor(self) -> frozenset[IndexKey]:
        return frozenset([IndexKey("site", self.domain)])

    def describe(self) -> str:
        return f"site:{self.domain}"


@dataclass(frozen=True, slots=True)
class Not(Node):
    child: Node
    pos: int = field(default=0, compare=False)

    precedence = _NOT

    def matches(self, doc: Document) -> bool:
        return not self.child.matches(doc)

    def cost(self) -> float:
        # After every positive condition: those usually fail on a candidate, an exclusion usually holds.
        return 100.0 + self.child.cost()

    def anchor(self) -> None:
        return None

    def in_title(self) -> "Not":
        return Not(self.child.in_title(), self.pos)

    def describe(self) -> str:
        return "NOT " + _wrap(self.child, _NOT)


@dataclass(frozen=True, slots=True)
class And(Node):
    children: tuple[Node, ...]
    pos: int = field(default=0, compare=False)
    # The children cheapest first; `children` keeps the order written (for describe()).
    order: tuple[Node, ...] = field(init=False, compare=False, repr=False)

    precedence = _AND

    def __post_init__(self) -> None:
        object.__setattr__(self, "order", tuple(sorted(self.children, key=lambda child: child.cost())))

    def matches(self, doc: Document) -> bool:
        return all(child.matches(doc) for child in self.order)

    def cost(self) -> float:
        return min(child.cost() for child in self.children)

    def anchor(self) -> frozenset[IndexKey] | None:
        anchors = [keys for keys in (child.anchor() for child in self.children) if keys is not None]
        return min(anchors, key=_cost) if anchors else None

    def in_title(self) -> "And":
        return And(tuple(child.in_title() for child in self.children), self.pos)

    def describe(self) -> str:
        return " AND ".join(_wrap(child, _AND + 1) for child in self.children)


@dataclass(frozen=True, slots=True)
class Or(Node):
    children: tuple[Node, ...]
    pos: int = field(default=0, compare=False)

    precedence = _OR

    @property
    def positional(self) -> bool:  # type: ignore[override]  # a computed flag where others have a constant
        return all(child.positional for child in self.children)

    def matches(self, doc: Document) -> bool:
        return any(child.matches(doc) for child in self.children)

    def cost(self) -> float:
        return sum(child.cost() for child in self.children)

    def spans(self, doc: Document) -> list[Span]:
        return [span for child in self.children for span in child.spans(doc)]

    def anchor(self) -> frozenset[IndexKey] | None:
        keys: set[IndexKey] = set()
        for child in self.children:
            child_keys = child.anchor()
            if child_keys is None:
                return None
            keys |= child_keys
        return frozenset(keys)

    def in_title(self) -> "Or":
        return Or(tuple(child.in_title() for child in self.children), self.pos)

    def describe(self) -> str:
        return " OR ".join(_wrap(child, _OR + 1) for child in self.children)


@dataclass(frozen=True, slots=True)
class Near(Node):
    """Both operands occur, in either order, with at most `distance` words between them.

    Operands are terms or OR groups of terms (not another NEAR: chained spans would multiply). Two
    occurrences must not overlap (`an NEAR/3 an` needs two "an").
    """

    left: Node
    right: Node
    distance: int
    pos: int = field(default=0, compare=False)

    precedence = _NEAR

    def matches(self, doc: Document) -> bool:
        # Presence is a set lookup per word; positions are worth computing only when both are there.
        if not (self.left.matches(doc) and self.right.matches(doc)):
            return False
        left = self.left.spans(doc)
        right = self.right.spans(doc)
        # For each left span, is there a right span starting in (end, end + 1 + n] or ending in
        # [start - 1 - n, start)? Sorted starts and ends answer that in log time (both sides may be long
        # for common words, where the pairwise loop would be quadratic).
        starts = sorted(span[0] for span in right)
        ends = sorted(span[1] for span in right)
        limit = self.distance
        for start, end in left:
            after = bisect_left(starts, end + 1)
            if after < len(starts) and starts[after] <= end + 1 + limit:
                return True
            before = bisect_right(ends, start - 1)
            if before and ends[before - 1] >= start - 1 - limit:
                return True
        return False

    def cost(self) -> float:
        return 3.0 + self.left.cost() + self.right.cost()

    def anchor(self) -> frozenset[IndexKey] | None:
        anchors = [keys for keys in (self.left.anchor(), self.right.anchor()) if keys is not None]
        return min(anchors, key=_cost) if anchors else None

    def in_title(self) -> "Near":
        return Near(self.left.in_title(), self.right.in_title(), self.distance, self.pos)

    def describe(self) -> str:
        return f"{_wrap(self.left, _NEAR + 1)} NEAR/{self.distance} {_wrap(self.right, _NEAR + 1)}"
