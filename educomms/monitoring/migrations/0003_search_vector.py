"""On PostgreSQL, the words of a mention are kept as a stored tsvector (`search_vector`, generated from
`search_text`) with the GIN index on it, instead of an index over the expression. A query that walks the
newest mentions and checks each one then reads the stored vector instead of parsing the text again for
every row, and ANALYZE keeps statistics of the column's words for the planner. Not on SQLite (LIKE)."""

from django.db import migrations

COLUMN = ("ALTER TABLE monitoring_mention ADD COLUMN IF NOT EXISTS search_vector tsvector "
          "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS monitoring_mention_words")
        schema_editor.execute(COLUMN)
        schema_editor.execute("CREATE INDEX monitoring_mention_words ON monitoring_mention USING gin (search_vector)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS monitoring_mention_words")
        schema_editor.execute("ALTER TABLE monitoring_mention DROP COLUMN IF EXISTS search_vector")
        schema_editor.execute(
            "CREATE INDEX monitoring_mention_words ON monitoring_mention "
            "USING gin (to_tsvector('simple'::regconfig, search_text))")


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_search_index")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
