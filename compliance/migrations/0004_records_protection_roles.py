"""X-1: give the roles the permissions of customer-record protection (accounts/roles.py says which)."""

from django.db import migrations

from accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0003_append_only_triggers"),
        ("accounts", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
