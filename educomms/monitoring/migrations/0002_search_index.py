"""The full-text index of mentions on PostgreSQL (monitoring.search): words of the folded text."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS monitoring_mention_words ON monitoring_mention "
            "USING gin (to_tsvector('simple'::regconfig, search_text))")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS monitoring_mention_words")


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
