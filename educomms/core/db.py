"""Database helpers with no domain knowledge."""

from collections.abc import Iterator
from contextlib import contextmanager

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
