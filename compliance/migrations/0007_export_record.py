"""P-1, D-2: the export log — one append-only row per export of a list. Like the access log (0003), the database
refuses UPDATE and DELETE on it (the trigger function csc_append_only() of 0003 on PostgreSQL, RAISE(ABORT) on
SQLite); the compliance officer's role may read it (accounts/roles.py)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from accounts.roles import sync_roles

TABLE = "compliance_exportrecord"


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION csc_append_only();"
        )
    elif vendor == "sqlite":
        for operation in ("UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER {TABLE}_no_{operation.lower()} BEFORE {operation} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, 'append-only table {TABLE}: {operation} refused'); END;"
            )
    else:  # pragma: no cover - only PostgreSQL and SQLite are supported (SPEC A-1)
        raise NotImplementedError(f"No append-only triggers for database vendor {vendor}")


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};")
    elif vendor == "sqlite":
        for operation in ("update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_{operation};")


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0006_event_kinds_named"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ExportRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="at"
                    ),
                ),
                (
                    "list_code",
                    models.CharField(
                        help_text="The list exported (csc.exports.LISTS).", max_length=40, verbose_name="list"
                    ),
                ),
                (
                    "format",
                    models.CharField(
                        choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV (.csv)")], max_length=4, verbose_name="format"
                    ),
                ),
                (
                    "filters",
                    models.TextField(
                        blank=True, help_text="The list's query string: its filters and order.", verbose_name="filters"
                    ),
                ),
                (
                    "row_count",
                    models.PositiveIntegerField(help_text="Counted when the export started.", verbose_name="rows"),
                ),
                ("personal_data_in_full", models.BooleanField(default=False, verbose_name="personal data in full")),
                ("purpose", models.CharField(blank=True, max_length=200, verbose_name="purpose")),
                ("ip_address", models.GenericIPAddressField(blank=True, null=True, verbose_name="IP address")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="staff",
                    ),
                ),
            ],
            options={
                "verbose_name": "export record",
                "verbose_name_plural": "export records",
                "ordering": ["-at", "-id"],
                "indexes": [
                    models.Index(fields=["user", "at"], name="exportrecord_user_at_idx"),
                    models.Index(fields=["list_code", "at"], name="exportrecord_list_at_idx"),
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
