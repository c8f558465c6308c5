"""The SMS log's content types follow it to notifications, with their permissions and whoever holds them; the
roles are synced so the supervisor reads the SMS log under its new name."""

from django.db import migrations

from csc.migration_support import move_content_types

MODELS = ["smsmessage", "historicalsmsmessage"]


def move_types(apps, schema_editor):
    move_content_types(apps, schema_editor, from_app="complaints", to_app="notifications", models=MODELS)


def move_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, from_app="notifications", to_app="complaints", models=MODELS)


def sync_roles(apps, schema_editor):
    from accounts.roles import sync_roles as sync

    sync(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_escalation_ledger_moved_to_csc"),
        ("complaints", "0007_sms_log_moved_to_notifications"),
    ]

    operations = [
        migrations.RunPython(move_types, move_types_back),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
