"""The parsed query as other code holds it."""

from dataclasses import dataclass

from .document import Document
from .nodes import IndexKey, Node
from .parser import parse_tree


@dataclass(frozen=True, slots=True)
class Query:
    """An immutable parsed query. Build with `parse(text)`; `source` is the text as written."""

    source: str
    root: Node

    def matches(self, doc: Document) -> bool:
        return self.root.matches(doc)

    def terms(self) -> frozenset[IndexKey]:
        """Keys of which every matching document holds at least one (what `Matcher` indexes)."""
        keys = self.root.anchor()
        if keys is None:  # parse() refuses such queries; a hand-built tree could still be one
            raise ValueError("query has no positive condition")
        return keys

    def __str__(self) -> str:
        return describe(self)


def parse(text: str) -> Query:
    """Parse a topic query; raises QueryError with a Vietnamese message and the offending offset."""
    return Query(text, parse_tree(text))


def describe(query: Query) -> str:
    """A normalised form: explicit upper-case operators, minimal parentheses, lower-case words.

    `parse(describe(q))` gives back the same tree, so the form is safe to show and to store.
    """
    return query.root.describe()
