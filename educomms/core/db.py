"""Database helpers with no domain knowledge."""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction


@contextmanager
def parallel_plans(workers: int = 2, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Let PostgreSQL plan this block's queries in parallel. The app's connections plan serially
    (settings: DB_PARALLEL_WORKERS, because starting workers costs more than page queries gain); a
    roll-up that reads millions of rows opts in here. Runs the block in a transaction (SET LOCAL).
    A no-op on other databases."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL max_parallel_workers_per_gather = {int(workers)}")
        yield


EXECUTEMANY_BATCH = 20_000


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *,
                using: str = DEFAULT_DB_ALIAS) -> int:
    """Write plain rows (tuples in the order of `columns`, values as the driver takes them) into `table`:
    COPY on PostgreSQL (psycopg's `cursor.copy`: one stream, no statement per row), `executemany` in large
    batches elsewhere. For thousands of rows where model instances would cost more than the insert. Errors
    are Django's (an IntegrityError is `django.db.IntegrityError`, as from the ORM). Returns the row count."""
    connection = connections[using]
    qn = connection.ops.quote_name
    column_sql = ", ".join(qn(c) for c in columns)
    count = 0
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {qn(table)} ({column_sql}) FROM STDIN") as copy:  # the psycopg cursor
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        # Table and column names come from the models, quoted; values are parameters.
        sql = f"INSERT INTO {qn(table)} ({column_sql}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= EXECUTEMANY_BATCH:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
