"""X-1: give the roles their complaint permissions (accounts/roles.py says which)."""

from django.db import migrations

from accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0002_default_categories_departments_levels"),
        ("accounts", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
