"""The escalation ledger's table gets csc's name and its content type follows; the beat entries that named the
sweep and the SMS requeue by their old task names are pointed at the new ones."""

from django.db import migrations

from csc.migration_support import move_content_types

RENAMED_TASKS = {
    "notifications.escalation_sweep": "csc.escalation_sweep",
    "complaints.sms_requeue_stale": "notifications.sms_requeue_stale",
}


def move_types(apps, schema_editor):
    move_content_types(apps, schema_editor, from_app="notifications", to_app="csc", models=["escalation"])


def move_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, from_app="csc", to_app="notifications", models=["escalation"])


def rename_tasks(apps, schema_editor, names=RENAMED_TASKS):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for old, new in names.items():
        PeriodicTask.objects.filter(task=old).update(task=new)


def rename_tasks_back(apps, schema_editor):
    rename_tasks(apps, schema_editor, names={new: old for old, new in RENAMED_TASKS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("csc", "0003_escalation_ledger_moves_here"),
        ("notifications", "0004_escalation_ledger_moved_to_csc"),
        ("django_celery_beat", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="escalation", table=None),
        migrations.RunPython(move_types, move_types_back),
        migrations.RunPython(rename_tasks, rename_tasks_back),
    ]
