"""Search complaints by a word of the subject without scanning a million rows: a trigram GIN index on the
expression Django's `icontains` uses, UPPER(subject). PostgreSQL only; the embedded SQLite default has no such
index and does not need one at its size."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS complaint_subject_trgm_idx ON complaints_complaint "
    "USING gin (UPPER(subject::text) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS complaint_subject_trgm_idx"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0004_index_open_complaints_by_registration")]

    operations = [migrations.RunPython(create, drop)]
