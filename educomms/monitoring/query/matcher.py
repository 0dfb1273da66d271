"""Many queries against one document at a time, evaluating only the queries the document could match."""

from collections.abc import Mapping

from .compiled import compile_tree
from .document import Document
from .query import Query


class Matcher:
    """An inverted index from each query's necessary keys (`Query.terms()`) to the query ids.

    A document makes candidates of the queries whose key it holds (a word, an exact word, two consecutive
    words of a phrase, the first 2–3 letters of a word for prefix terms, a domain suffix for `site:`); only those are evaluated in full. The result is
    exactly `{id for id, q in queries.items() if q.matches(doc)}`.
    """

    def __init__(self, queries: Mapping[int, Query]) -> None:
        self.queries: dict[int, Query] = dict(queries)
        self._compiled = {query_id: compile_tree(query.root) for query_id, query in self.queries.items()}
        index: dict[str, dict[str, set[int]]] = {"word": {}, "exact": {}, "pair": {}, "prefix": {}, "site": {}}
        for query_id, query in self.queries.items():
            for key in query.terms():
                index[key.kind].setdefault(key.value, set()).add(query_id)
        self._words = {key: tuple(ids) for key, ids in index["word"].items()}
        self._exact = {key: tuple(ids) for key, ids in index["exact"].items()}
        self._pairs = {tuple(key.split(" ")): tuple(ids) for key, ids in index["pair"].items()}
        self._prefixes = {key: tuple(ids) for key, ids in index["prefix"].items()}
        self._sites = {key: tuple(ids) for key, ids in index["site"].items()}

    def __len__(self) -> int:
        return len(self.queries)

    def candidates(self, doc: Document) -> set[int]:
        """Ids of the queries whose necessary key the document holds (a superset of the matches)."""
        found: set[int] = set()
        for key in self._words.keys() & doc.words:
            found.update(self._words[key])
        for pair in self._pairs.keys() & doc.pairs:
            found.update(self._pairs[pair])
        if self._exact:  # a document makes its exact words and prefixes only when asked
            for key in self._exact.keys() & doc.exact_words:
                found.update(self._exact[key])
        if self._prefixes:
            for key in self._prefixes.keys() & doc.prefixes:
                found.update(self._prefixes[key])
        for site in doc.sites:
            found.update(self._sites.get(site, ()))
        return found

    def match(self, doc: Document) -> set[int]:
        """Ids of the queries that match the document."""
        compiled = self._compiled
        return {query_id for query_id in self.candidates(doc) if compiled[query_id](doc)}
