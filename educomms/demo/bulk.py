"""Fast inserts for generated data: ids allocated in Python, rows written in big batches.

On PostgreSQL rows go through COPY (psycopg's `cursor.copy`); elsewhere through `executemany` in large
batches. Ids are given explicitly (so that unit paths can be computed before anything is written), and
PostgreSQL's sequences are moved past them afterwards.

Call inside a transaction: a failure leaves nothing behind.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.management.color import no_style
from django.db import connections
from django.db.models import Max, Model

from educomms.core.db import insert_rows


class Writer:
    def __init__(self, using: str = "default") -> None:
        self.using = using
        self.connection = connections[using]
        self.vendor = self.connection.vendor
        self.rows_written = 0

    # --- ids ------------------------------------------------------------------------------------------
    def next_id(self, model: type[Model]) -> int:
        """The first free id of `model` (call once per model, before inserting)."""
        top = model._default_manager.using(self.using).aggregate(m=Max("pk"))["m"]
        return (top or 0) + 1

    def reset_sequences(self, models: Sequence[type[Model]]) -> None:
        """Move PostgreSQL's id sequences past the ids written explicitly (SQLite does it by itself)."""
        statements = self.connection.ops.sequence_reset_sql(no_style(), list(models))
        if statements:
            with self.connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)

    # --- values ---------------------------------------------------------------------------------------
    def datetime(self, value: dt.datetime) -> Any:
        """A datetime as the database driver wants it for a raw insert."""
        if self.vendor == "postgresql":
            return value
        return self.connection.ops.adapt_datetimefield_value(value)

    def date(self, value: dt.date) -> Any:
        if self.vendor == "postgresql":
            return value
        return self.connection.ops.adapt_datefield_value(value)

    # --- rows -----------------------------------------------------------------------------------------
    def insert(self, model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Write `rows` (tuples in the order of `fields`, model field names) into `model`'s table."""
        columns = [str(model._meta.get_field(name).column) for name in fields]  # type: ignore[union-attr]  # concrete fields
        count = insert_rows(model._meta.db_table, columns, rows, using=self.using)
        self.rows_written += count
        return count

    def analyze(self, models: Sequence[type[Model]]) -> None:
        """Refresh the planner's statistics after a big load (otherwise it plans for empty tables)."""
        qn = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            if self.vendor == "sqlite":
                # A sampled ANALYZE: good enough statistics in a fraction of the time.
                cursor.execute("PRAGMA analysis_limit=2000")
            for model in models:
                cursor.execute(f"ANALYZE {qn(model._meta.db_table)}")
            if self.vendor == "sqlite" and not self.connection.in_atomic_block:
                # Move the load out of the write-ahead log into the database file: until then every
                # page read looks in the WAL first, which slows reads down noticeably after a big load.
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @contextmanager
    def without_indexes(self, models: Sequence[type[Model]]):
        """On PostgreSQL, drop the secondary indexes, unique and foreign-key constraints of `models`'
        tables for the load and create them again afterwards: building an index once from sorted data,
        and checking each foreign key with one join, is many times faster than maintaining them row by
        row (Django adds a second `_like` index to every indexed text column). Elsewhere, a no-op.

        Call inside the loading transaction, on empty tables: if anything fails, the transaction rolls
        the schema back too. The constraints come back exactly as they were (`pg_get_constraintdef`)."""
        if self.vendor != "postgresql":
            yield
            return
        tables = [m._meta.db_table for m in models]
        with self.connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")  # index builds sort in memory
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype FROM pg_constraint"
                " WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('u', 'f')"
                " ORDER BY contype DESC",  # unique ('u') before foreign keys ('f') when re-adding
                [tables],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
                " WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary"
                " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid"
                "                 AND c.contype IN ('p', 'u'))",
                [tables],
            )
            indexes = cursor.fetchall()
            for table, name, _definition, _kind in sorted(constraints, key=lambda c: c[3] != "f"):
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {name}")
        yield
        with self.connection.cursor() as cursor:
            for _name, definition in indexes:
                cursor.execute(definition)
            for table, name, definition, _kind in constraints:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')

    @contextmanager
    def loading(self):
        """Settings for a big load: on SQLite, no fsync and no per-row foreign-key checks (the generator
        builds every reference itself) and a large page cache; restored afterwards. Enter *outside* a
        transaction: SQLite ignores these pragmas inside one."""
        if self.vendor != "sqlite" or self.connection.in_atomic_block:
            # Inside a transaction (tests) SQLite refuses to change the safety level: load as is.
            yield
            return
        self.connection.ensure_connection()
        with self.connection.cursor() as cursor:
            saved = {name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
                     for name in ("synchronous", "foreign_keys", "cache_size")}
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA foreign_keys=OFF")
            cursor.execute("PRAGMA cache_size=-1000000")
        try:
            yield
        finally:
            with self.connection.cursor() as cursor:
                for name, value in saved.items():
                    cursor.execute(f"PRAGMA {name}={int(value)}")
