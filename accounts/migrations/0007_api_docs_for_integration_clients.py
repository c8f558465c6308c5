"""The API documentation link is for integration clients (and administrators): their group gets the permission."""

from django.db import migrations

from accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_help_texts_without_spec_ids"),
        ("csc", "0005_api_docs_permission"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
