"""P-1, P-7: the logs refuse UPDATE and DELETE in the database itself, so that not even a bug or a raw query
through the app's connection can rewrite them. PostgreSQL: one trigger function, a BEFORE UPDATE OR DELETE row
trigger per table. SQLite (the embedded default): the equivalent RAISE(ABORT) triggers.
"""

from django.db import migrations

APPEND_ONLY_TABLES = [
    "compliance_accesslogentry",
    "compliance_verificationattempt",
    "compliance_disclosureprint",
    "compliance_destructionlogentry",
    "compliance_complianceevent",
]

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION csc_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'append-only table %: % refused', TG_TABLE_NAME, TG_OP;
END
$$;
"""


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, None)  # no params: the % are plpgsql's
        for table in APPEND_ONLY_TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION csc_append_only();"
            )
    elif vendor == "sqlite":
        for table in APPEND_ONLY_TABLES:
            for operation in ("UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'append-only table {table}: {operation} refused'); END;"
                )
    else:  # pragma: no cover - only PostgreSQL and SQLite are supported (SPEC A-1)
        raise NotImplementedError(f"No append-only triggers for database vendor {vendor}")


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in APPEND_ONLY_TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        schema_editor.execute("DROP FUNCTION IF EXISTS csc_append_only();")
    elif vendor == "sqlite":
        for table in APPEND_ONLY_TABLES:
            for operation in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation};")


class Migration(migrations.Migration):
    dependencies = [("compliance", "0002_records_protection")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
