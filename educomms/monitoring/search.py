"""Full-text search over mentions, with or without diacritics, on either database.

`Mention.search_text` holds the folded words of title and text separated by single spaces, with a space at
each end (`searchable`). PostgreSQL answers through the GIN index on `search_vector`, a stored
`to_tsvector('simple', search_text)` (migration 0003); SQLite, the embedded default for one department's
volume, with `LIKE '% word %'` per word (word boundaries hold because of the padding spaces).
"""

import re

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from educomms.core.text import fold

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 10


def searchable(*parts: str) -> str:
    words = WORD.findall(fold(" ".join(p for p in parts if p)))
    return f" {' '.join(words)} " if words else ""


def filter_words[Q: QuerySet](mentions: Q, folded_query: str) -> Q:
    words = WORD.findall(folded_query)[:MAX_WORDS]
    if not words:
        return mentions
    if connection.vendor == "postgresql":
        table = mentions.model._meta.db_table
        condition = RawSQL(f"{table}.search_vector @@ "  # noqa: S611  (constant table name)
                           "plainto_tsquery('simple'::regconfig, %s)", [" ".join(words)], output_field=BooleanField())
        return mentions.filter(condition)
    for word in words:
        mentions = mentions.filter(search_text__contains=f" {word} ")
    return mentions
