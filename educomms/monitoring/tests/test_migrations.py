"""Migrations that move data: run backwards to the state before them, given rows, and forwards again."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("monitoring", "0006_partial_nullable_fk_indexes")]
AFTER = [("monitoring", "0007_band_keys_by_primary_key")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def migrations_undone():
    """The database is left at the latest migrations whatever the test did."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_band_keys_move_to_the_table_keyed_by_key_and_cluster(migrations_undone):
    old = migrate(BEFORE)
    Cluster, ClusterBand = old.get_model("monitoring", "Cluster"), old.get_model("monitoring", "ClusterBand")
    when = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    a, b = (Cluster.objects.create(title=t, first_seen_at=when, last_seen_at=when) for t in ("a", "b"))
    rows = [(-5, a), (2**62, a), (7, a), (7, b), (7, b)]  # the last pair twice: the old table allowed it
    ClusterBand.objects.bulk_create([ClusterBand(key=k, cluster=c) for k, c in rows])

    new = migrate(AFTER)
    stored = set(new.get_model("monitoring", "BandKey").objects.values_list("key", "cluster_id"))
    assert stored == {(-5, a.pk), (2**62, a.pk), (7, a.pk), (7, b.pk)}
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'monitoring_bandkey'")
            assert cursor.fetchone()[0].endswith("WITHOUT ROWID")
