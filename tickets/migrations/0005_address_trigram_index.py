"""Search tickets by part of the address without scanning a million rows: a trigram GIN index (PostgreSQL only;
the embedded SQLite default has no such index and does not need one at its size)."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ticket_address_trgm_idx ON tickets_ticket USING gin (address gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS ticket_address_trgm_idx"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0004_ticket_list_indexes")]

    operations = [migrations.RunPython(create, drop)]
