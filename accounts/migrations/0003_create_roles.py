"""X-1: the seven role groups with their permissions (accounts/roles.py says which)."""

from django.db import migrations

from accounts.roles import sync_roles


def remove_roles(apps, schema_editor):
    from accounts.roles import ROLE_PERMISSIONS

    apps.get_model("auth", "Group").objects.filter(name__in=[str(r.value) for r in ROLE_PERMISSIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_station_and_team"),
        ("compliance", "0001_initial"),
        ("tickets", "0001_initial"),
        ("csc", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(sync_roles, remove_roles)]
