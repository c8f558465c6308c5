from django.db import migrations

from accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_report_snapshots_and_recipients"),
        ("accounts", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
