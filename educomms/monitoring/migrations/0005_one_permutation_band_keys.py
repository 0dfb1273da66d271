"""Signatures became one-permutation MinHash with 20 bands of 3 rows (see `nlp.neardup`): the band keys
stored for the old 128-permutation signatures can never match a new item's keys, so they are dropped, and
so are the old signatures (another length). Existing clusters and their mentions stay; a later copy of an
old story starts a new cluster."""

from django.db import migrations


def drop_band_keys(apps, schema_editor):
    apps.get_model("monitoring", "ClusterBand").objects.all().delete()
    apps.get_model("monitoring", "Cluster").objects.update(signatures=b"")


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0004_drop_covered_indexes")]

    operations = [migrations.RunPython(drop_band_keys, migrations.RunPython.noop)]
