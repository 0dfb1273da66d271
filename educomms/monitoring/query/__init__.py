"""The topic query language of public-opinion monitoring (truy vấn chủ đề).

    q = parse('(học phí OR "thu sai quy định") AND NOT "tuyển sinh"')
    q.matches(Document.of(title=..., text=..., url=...))
    Matcher({1: q, 2: ...}).match(doc)  # → {1}

Words ignore case and diacritics ("giao duc" finds "Giáo Dục") unless marked exact (=Hòa).
"""

from .document import Document
from .errors import QueryError
from .matcher import Matcher
from .nodes import IndexKey
from .query import Query, describe, parse

__all__ = ["Document", "IndexKey", "Matcher", "Query", "QueryError", "describe", "parse"]
