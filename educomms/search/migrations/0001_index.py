"""The full-text index of published stories and documents (search.schema): PostgreSQL tsvector tables or
SQLite FTS5 tables, with the triggers that keep them in sync. Other databases get nothing."""

from django.db import migrations


def forwards(apps, schema_editor):
    from educomms.search import schema

    schema.install(schema_editor.connection)


def backwards(apps, schema_editor):
    from educomms.search import schema

    schema.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("documents", "0001_initial"),
    ]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
