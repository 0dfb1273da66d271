"""Band keys move to `BandKey`, whose primary key is the pair (key, cluster) with no other index. The old
table had a row id, an index on the key and one on the cluster: three B-trees written at every insert, and a
lookup by key went from the key's index to the row for its cluster. On SQLite the new table is WITHOUT
ROWID, so the primary key is the table. The keys are copied over; the old table is dropped."""

from django.db import migrations, models


def without_rowid(apps, schema_editor):
    """SQLite: the same table, WITHOUT ROWID (Django does not create those; the table is still empty)."""
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    table = apps.get_model("monitoring", "BandKey")._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
        (create,) = cursor.fetchone()
        cursor.execute(f'DROP TABLE "{table}"')
        cursor.execute(f"{create} WITHOUT ROWID")


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0006_partial_nullable_fk_indexes")]

    operations = [
        migrations.CreateModel(
            name="BandKey",
            fields=[
                ("pk", models.CompositePrimaryKey("key", "cluster", blank=True, editable=False, primary_key=True,
                                                  serialize=False)),
                ("key", models.BigIntegerField()),
                ("cluster", models.ForeignKey(db_index=False, on_delete=models.deletion.CASCADE,
                                              related_name="band_keys", to="monitoring.cluster")),
            ],
        ),
        migrations.RunPython(without_rowid, migrations.RunPython.noop),
        migrations.RunSQL(
            "INSERT INTO monitoring_bandkey (key, cluster_id) SELECT DISTINCT key, cluster_id FROM monitoring_clusterband",
            "INSERT INTO monitoring_clusterband (key, cluster_id) SELECT key, cluster_id FROM monitoring_bandkey",
        ),
        migrations.DeleteModel(name="ClusterBand"),
    ]
