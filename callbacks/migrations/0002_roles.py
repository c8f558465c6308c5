"""The callback permissions go to the roles (agents call back, leads assign, the supervisor sets the rules)."""

from django.db import migrations

from accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("callbacks", "0001_initial"), ("accounts", "0007_api_docs_for_integration_clients")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
