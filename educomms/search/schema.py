"""The full-text index of published stories and documents, kept in sync by database triggers.

The index holds only what the portal may show (stories with state "published" and a publication time,
documents with state "published"), built from the accent-folded `search_text` the newsroom and the
documents app store (core.text.fold), so "ky thi" and "kỳ thi" are the same words.

- PostgreSQL: tables `search_story_vector` and `search_document_vector` (id, unit, publication time,
  scope — the ids of the unit and its ancestors —, the words as a tsvector without positions, and the
  title's words for ranking), one GIN index over words and scope, filled by statement-level triggers with transition
  tables (a bulk COPY or `bulk_create` costs one INSERT … SELECT, not one per row) and emptied by a
  TRUNCATE trigger (test flushes). The vector is computed once on write, so ranking reads it instead of
  re-parsing each body.
- SQLite: FTS5 external-content tables `search_story_fts` and `search_document_fts` (columns title and
  search_text, unicode61 tokenizer with diacritics removed) over the model tables, with row triggers.

Triggers work whoever writes (services, the ORM in tests, bulk loaders). Django's SQLite schema editor
rebuilds a table to alter it, which drops its triggers: `ensure()` runs after every migrate (SearchConfig)
and reinstalls and refills the index when a trigger is missing.
"""

# ruff: noqa: S608  (DDL built from this module's constant table names; no input reaches it)
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

# Lower-case Vietnamese letters with diacritics → their base letter (the title is NFC, core.text.normalize).
_ACCENTED = "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ"
_PLAIN = "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd"
assert len(_ACCENTED) == len(_PLAIN)  # noqa: S101  (a typo here would shift every letter after it)

# (index table, source table, published condition, sort time column)
PG_SOURCES = {
    "story": ("search_story_vector", "newsroom_story", "state = 'published' AND published_at IS NOT NULL"),
    "document": ("search_document_vector", "documents_publicdocument", "state = 'published'"),
}

PG_FUNCTIONS = [
    # The folded text's words (letters and digits; punctuation separates, as core.text.fold + \\w+ does).
    """CREATE OR REPLACE FUNCTION search_words(folded text) RETURNS tsvector
       LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
       $$ SELECT to_tsvector('simple', regexp_replace(coalesce(folded, ''), '[^[:alnum:]]+', ' ', 'g')) $$""",
    # A title folded in SQL (lower case, Vietnamese diacritics off, đ→d) for ranking.
    f"""CREATE OR REPLACE FUNCTION search_title(title text) RETURNS tsvector
       LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
       $$ SELECT search_words(translate(lower(coalesce(title, '')), '{_ACCENTED}', '{_PLAIN}')) $$""",
    # The ids of a unit and its ancestors, read off its materialized path: `scope @> ARRAY[site]` is "in
    # the site's subtree", answered by the same GIN index as the words. An inactive unit: no scope.
    """CREATE OR REPLACE FUNCTION search_scope(path text, active boolean) RETURNS bigint[]
       LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
       $$ SELECT CASE WHEN active THEN string_to_array(trim(both '/' from path), '/')::bigint[]
                 ELSE '{}'::bigint[] END $$""",
]


def _pg_title(alias: str, kind: str) -> str:
    # A document's number and symbol is part of its title line ("125/SGDĐT-VP Kế hoạch …").
    return f"{alias}.title" if kind == "story" else f"concat_ws(' ', {alias}.number_symbol, {alias}.title)"


def _pg_values(alias: str, kind: str) -> str:
    return (f"{alias}.id, {alias}.unit_id, {alias}.published_at, search_scope(u.path, u.active), "
            f"strip(search_words({alias}.search_text)), search_title({_pg_title(alias, kind)})")


def _pg_install(kind: str) -> list[str]:
    table, source, published = PG_SOURCES[kind]
    key = f"{kind}_id"
    published_n = " AND ".join(f"n.{part.strip()}" for part in published.split(" AND "))
    upsert = (f"INSERT INTO {table} ({key}, unit_id, published_at, scope, vector, title_vector) "
              f"SELECT {_pg_values('n', kind)} FROM new_rows n JOIN org_unit u ON u.id = n.unit_id {{join}} "
              f"WHERE {published_n} {{changed}} "
              f"ON CONFLICT ({key}) DO UPDATE SET unit_id = EXCLUDED.unit_id, published_at = EXCLUDED.published_at, "
              f"scope = EXCLUDED.scope, vector = EXCLUDED.vector, title_vector = EXCLUDED.title_vector")
    changed = ("AND (o.state, o.published_at, o.unit_id, o.title, o.search_text) IS DISTINCT FROM "
               "(n.state, n.published_at, n.unit_id, n.title, n.search_text)")
    if kind == "document":
        changed = changed.replace("o.title,", "o.title, o.number_symbol,").replace("n.title,", "n.title, n.number_symbol,")
    return [
        f"""CREATE TABLE IF NOT EXISTS {table} (
              {key} bigint PRIMARY KEY, unit_id bigint NOT NULL, published_at timestamptz NOT NULL,
              scope bigint[] NOT NULL, vector tsvector NOT NULL, title_vector tsvector NOT NULL)""",
        f"CREATE INDEX IF NOT EXISTS {table}_gin ON {table} USING gin (vector, scope)",
        f"CREATE INDEX IF NOT EXISTS {table}_published ON {table} (published_at DESC)",
        f"CREATE INDEX IF NOT EXISTS {table}_unit ON {table} (unit_id)",
        f"""CREATE OR REPLACE FUNCTION {table}_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN {upsert.format(join="", changed="")}; RETURN NULL; END $$""",
        f"""CREATE OR REPLACE FUNCTION {table}_updated() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              DELETE FROM {table} WHERE {key} IN (SELECT n.id FROM new_rows n WHERE NOT ({published_n}));
              {upsert.format(join="JOIN old_rows o ON o.id = n.id", changed=changed)};
              RETURN NULL;
            END $$""",
        f"""CREATE OR REPLACE FUNCTION {table}_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN DELETE FROM {table} WHERE {key} IN (SELECT id FROM old_rows); RETURN NULL; END $$""",
        f"""CREATE OR REPLACE FUNCTION {table}_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN TRUNCATE {table}; RETURN NULL; END $$""",
        # A unit moved or (de)activated: its rows' scope follows.
        f"""CREATE OR REPLACE FUNCTION {table}_unit_updated() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              UPDATE {table} v SET scope = search_scope(n.path, n.active)
                FROM new_rows n JOIN old_rows o ON o.id = n.id
               WHERE v.unit_id = n.id AND (o.path, o.active) IS DISTINCT FROM (n.path, n.active);
              RETURN NULL;
            END $$""",
        *(f"DROP TRIGGER IF EXISTS {table}_{t} ON {source}" for t in ("ins", "upd", "del", "trunc")),
        f"DROP TRIGGER IF EXISTS {table}_unit ON org_unit",
        f"""CREATE TRIGGER {table}_ins AFTER INSERT ON {source} REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {table}_inserted()""",
        f"""CREATE TRIGGER {table}_upd AFTER UPDATE ON {source} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {table}_updated()""",
        f"""CREATE TRIGGER {table}_del AFTER DELETE ON {source} REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {table}_deleted()""",
        f"CREATE TRIGGER {table}_trunc AFTER TRUNCATE ON {source} FOR EACH STATEMENT EXECUTE FUNCTION {table}_truncated()",
        f"""CREATE TRIGGER {table}_unit AFTER UPDATE ON org_unit REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {table}_unit_updated()""",
    ]


def _pg_fill(kind: str) -> list[str]:
    table, source, published = PG_SOURCES[kind]
    return [
        f"TRUNCATE {table}",
        f"INSERT INTO {table} ({kind}_id, unit_id, published_at, scope, vector, title_vector) "
        f"SELECT {_pg_values('s', kind)} FROM {source} s JOIN org_unit u ON u.id = s.unit_id "
        f"WHERE {' AND '.join('s.' + p.strip() for p in published.split(' AND '))}",
        f"ANALYZE {table}",
    ]


def _pg_uninstall(kind: str) -> list[str]:
    table, source, _published = PG_SOURCES[kind]
    return [*(f"DROP TRIGGER IF EXISTS {table}_{t} ON {source}" for t in ("ins", "upd", "del", "trunc")),
            f"DROP TRIGGER IF EXISTS {table}_unit ON org_unit",
            *(f"DROP FUNCTION IF EXISTS {table}_{f}()" for f in ("inserted", "updated", "deleted", "truncated",
                                                                  "unit_updated")),
            f"DROP TABLE IF EXISTS {table}"]


# --- SQLite --------------------------------------------------------------------------------------------

# (fts table, source table, published condition on a row alias, title expression)
SQLITE_SOURCES = {
    "story": ("search_story_fts", "newsroom_story", "{r}.state = 'published' AND {r}.published_at IS NOT NULL",
              "{r}.title"),
    "document": ("search_document_fts", "documents_publicdocument", "{r}.state = 'published'",
                 "{r}.number_symbol || ' ' || {r}.title"),
}


def _sqlite_install(kind: str) -> list[str]:
    fts, source, published, title = SQLITE_SOURCES[kind]
    new_ok, old_ok = published.format(r="new"), published.format(r="old")
    new_title, old_title = title.format(r="new"), title.format(r="old")
    add = f"INSERT INTO {fts}(rowid, title, search_text) SELECT new.id, {new_title}, new.search_text WHERE {new_ok};"
    remove = (f"INSERT INTO {fts}({fts}, rowid, title, search_text) "
              f"SELECT 'delete', old.id, {old_title}, old.search_text WHERE {old_ok};")
    watched = ["state", "published_at", "title", "search_text"] + (["number_symbol"] if kind == "document" else [])
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in watched)
    return [
        # content='': the index keeps no copy of the text (the model table has it). remove_diacritics 2
        # also folds the accented title column.
        f"""CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(title, search_text, content='',
              tokenize = 'unicode61 remove_diacritics 2')""",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ins AFTER INSERT ON {source} BEGIN {add} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_del AFTER DELETE ON {source} BEGIN {remove} END",
        # One trigger for both halves of an update: the old entry goes before the new one comes.
        f"CREATE TRIGGER IF NOT EXISTS {fts}_upd AFTER UPDATE ON {source} WHEN {changed} BEGIN {remove} {add} END",
    ]


def _sqlite_fill(kind: str) -> list[str]:
    fts, source, published, title = SQLITE_SOURCES[kind]
    return [
        f"INSERT INTO {fts}({fts}) VALUES ('delete-all')",
        f"INSERT INTO {fts}(rowid, title, search_text) SELECT s.id, {title.format(r='s')}, s.search_text "
        f"FROM {source} s WHERE {published.format(r='s')}",
    ]


def _sqlite_uninstall(kind: str) -> list[str]:
    fts, _source, _published, _title = SQLITE_SOURCES[kind]
    return [*(f"DROP TRIGGER IF EXISTS {fts}_{t}" for t in ("ins", "del", "upd")),
            f"DROP TABLE IF EXISTS {fts}"]


# --- Entry points ---------------------------------------------------------------------------------------

def _run(connection: BaseDatabaseWrapper, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection: BaseDatabaseWrapper) -> None:
    """Create the index tables and triggers (idempotent) and fill them from the current rows."""
    if connection.vendor == "postgresql":
        _run(connection, PG_FUNCTIONS)
        for kind in PG_SOURCES:
            _run(connection, _pg_install(kind) + _pg_fill(kind))
    elif connection.vendor == "sqlite":
        for kind in SQLITE_SOURCES:
            _run(connection, _sqlite_install(kind) + _sqlite_fill(kind))


def uninstall(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "postgresql":
        for kind in PG_SOURCES:
            _run(connection, _pg_uninstall(kind))
        _run(connection, ["DROP FUNCTION IF EXISTS search_title(text)", "DROP FUNCTION IF EXISTS search_words(text)",
                          "DROP FUNCTION IF EXISTS search_scope(text, boolean)"])
    elif connection.vendor == "sqlite":
        for kind in SQLITE_SOURCES:
            _run(connection, _sqlite_uninstall(kind))


def expected_triggers(vendor: str) -> set[str]:
    if vendor == "postgresql":
        return {f"{table}_{t}" for table, _s, _p in PG_SOURCES.values() for t in ("ins", "upd", "del", "trunc", "unit")}
    if vendor == "sqlite":
        return {f"{fts}_{t}" for fts, *_ in SQLITE_SOURCES.values() for t in ("ins", "del", "upd")}
    return set()


def installed_triggers(connection: BaseDatabaseWrapper) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            return set()
        return {row[0] for row in cursor.fetchall()}


def ensure(connection: BaseDatabaseWrapper, **kwargs: Any) -> bool:
    """Reinstall and refill the index when one of its triggers is missing (a table rebuilt by a later
    migration on SQLite). Returns whether it had to. Does nothing before the search migration ran."""
    expected = expected_triggers(connection.vendor)
    if not expected:
        return False
    tables = set(connection.introspection.table_names())
    needed = {"newsroom_story", "documents_publicdocument"}
    index_tables = ({t for t, _s, _p in PG_SOURCES.values()} if connection.vendor == "postgresql"
                    else {f for f, *_ in SQLITE_SOURCES.values()})
    if not needed <= tables or not index_tables & tables:
        return False
    if expected <= installed_triggers(connection):
        return False
    install(connection)
    return True
