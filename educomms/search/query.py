"""Search across published stories and public documents of a site's subtree, ranked, on either database.

    parsed = parse(request.GET.get("q", ""))      # folded words, or a Vietnamese message
    results = search(site, parsed.words)          # ranked (kind, id) hits, at most MAX_HITS
    page = Paginator(results, 20).get_page(n)     # the page's objects are loaded with one query per kind

How it ranks: the MAX_HITS newest matches (newest by publication time) are the candidates, ranked by
relevance — the title counts more than the body (PostgreSQL ts_rank with the title weighted A; SQLite
bm25 with the title column weighted 5) — then by recency. Capping the candidates keeps a common word
("học sinh", found in most stories) as fast as a rare one: the cost is finding the 500 newest matches
through the index, not ranking tens of thousands. A result list of MAX_HITS says "more than".
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from educomms.core.text import fold
from educomms.documents.models import PublicDocument
from educomms.newsroom.models import Story
from educomms.org.models import Unit

from .highlight import WORD

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
MAX_HITS = 200


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # what the visitor typed (trimmed), shown back in the form
    words: list[str]  # folded, distinct, in order; empty when there is an error
    error: str = ""


def parse(raw: str) -> ParsedQuery:
    """The visitor's query as folded words (diacritics, case and punctuation ignored)."""
    text = " ".join((raw or "").split())
    if not text:
        return ParsedQuery(text, [], _("Hãy nhập từ khóa cần tìm."))
    if len(text) > MAX_QUERY_LENGTH:
        return ParsedQuery(text[:MAX_QUERY_LENGTH], [],
                           _("Từ khóa quá dài: hãy nhập tối đa %(n)s ký tự.") % {"n": MAX_QUERY_LENGTH})
    words = list(dict.fromkeys(WORD.findall(fold(text))))
    if not words:
        return ParsedQuery(text, [], _("Hãy nhập từ khóa có chữ hoặc số."))
    if len(words) > MAX_WORDS:
        return ParsedQuery(text, [], _("Từ khóa quá dài: hãy nhập tối đa %(n)s từ.") % {"n": MAX_WORDS})
    return ParsedQuery(text, words)


@dataclass
class Hit:
    kind: str  # "story" or "document"
    id: int
    rank: float
    published_at: dt.datetime | None = None
    obj: Any = None  # the Story or PublicDocument, loaded for the page being shown


@dataclass
class Results:
    """Ranked hits; sliced by the paginator, a slice loads its objects (one query per kind)."""

    hits: list[Hit] = field(default_factory=list)
    words: list[str] = field(default_factory=list)

    @property
    def capped(self) -> bool:
        return len(self.hits) >= MAX_HITS

    def count(self) -> int:
        return len(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def __getitem__(self, index: slice) -> list[Hit]:
        chosen = self.hits[index]
        _load(chosen)
        return [hit for hit in chosen if hit.obj is not None]


def _load(hits: list[Hit]) -> None:
    stories = {s.pk: s for s in Story.objects.filter(pk__in=[h.id for h in hits if h.kind == "story"])
               .select_related("unit", "attribution_unit")}
    documents = {d.pk: d for d in PublicDocument.objects.filter(pk__in=[h.id for h in hits if h.kind == "document"])
                 .select_related("unit")}
    for hit in hits:
        hit.obj = (stories if hit.kind == "story" else documents).get(hit.id)


def _subtree(site: Unit) -> tuple[str, str]:
    return site.path, site.path[:-1] + "0"  # org.models.subtree_q's range: '/' sorts just before '0'


# Each kind: the N newest matches of the subtree (the GIN index finds the matches, the published_at
# index orders them), unioned, ranked by the stored vector.
_PG = """
SELECT kind, id, ts_rank(title_vector, plainto_tsquery('simple', %(words)s)) AS rank, published_at FROM (
  (SELECT 'story' AS kind, v.story_id AS id, v.published_at, v.title_vector FROM search_story_vector v
    WHERE v.scope @> ARRAY[%(site)s]::bigint[] AND v.vector @@ plainto_tsquery('simple', %(words)s)
      AND v.published_at <= %(now)s
    ORDER BY v.published_at DESC LIMIT %(cap)s)
  UNION ALL
  (SELECT 'document', v.document_id, v.published_at, v.title_vector FROM search_document_vector v
    WHERE v.scope @> ARRAY[%(site)s]::bigint[] AND v.vector @@ plainto_tsquery('simple', %(words)s)
    ORDER BY v.published_at DESC LIMIT %(cap)s)
) AS hits ORDER BY published_at DESC LIMIT %(cap)s
"""

_SQLITE = """
SELECT * FROM (
  SELECT 'story' AS kind, s.id, -bm25(search_story_fts, 5.0, 1.0) AS rank, s.published_at
    FROM search_story_fts JOIN newsroom_story s ON s.id = search_story_fts.rowid JOIN org_unit u ON u.id = s.unit_id
   WHERE search_story_fts MATCH %(match)s AND s.state = 'published' AND s.published_at <= %(now)s
     AND u.path >= %(low)s AND u.path < %(high)s AND u.active
   ORDER BY s.published_at DESC LIMIT %(cap)s)
UNION ALL
SELECT * FROM (
  SELECT 'document', d.id, -bm25(search_document_fts, 5.0, 1.0), d.published_at
    FROM search_document_fts JOIN documents_publicdocument d ON d.id = search_document_fts.rowid
    JOIN org_unit u ON u.id = d.unit_id
   WHERE search_document_fts MATCH %(match)s AND d.state = 'published'
     AND u.path >= %(low)s AND u.path < %(high)s AND u.active
   ORDER BY d.published_at DESC LIMIT %(cap)s)
"""


def _candidates(site: Unit, words: list[str]) -> list[Hit]:
    low, high = _subtree(site)
    params: dict[str, Any] = {"now": connection.ops.adapt_datetimefield_value(timezone.now()), "low": low, "high": high,
                              "site": site.pk, "cap": MAX_HITS}
    if connection.vendor == "postgresql":
        sql = _PG
        params["words"] = " ".join(words)
    elif connection.vendor == "sqlite":
        sql = _SQLITE
        params["match"] = " ".join(f'"{w}"' for w in words)  # words are letters and digits only
    else:  # pragma: no cover - the project runs on SQLite and PostgreSQL only
        raise NotImplementedError(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    hits = [Hit(kind=kind, id=int(pk), rank=float(rank), published_at=published_at)
            for kind, pk, rank, published_at in rows]
    if connection.vendor == "sqlite":  # each kind capped on its own: keep the newest MAX_HITS overall
        hits.sort(key=lambda h: str(h.published_at), reverse=True)
        hits = hits[:MAX_HITS]
    return hits


def search(site: Unit, words: list[str]) -> Results:
    """Published stories and documents of `site`'s subtree holding every word, best first."""
    if not words:
        return Results()
    hits = _candidates(site, words)
    # Relevance first; equal relevance: the newer first (stable sort over the newest-first candidates).
    hits.sort(key=lambda h: -round(h.rank, 6))
    return Results(hits=hits, words=words)
