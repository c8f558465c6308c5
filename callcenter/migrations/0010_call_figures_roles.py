"""The contact-centre figures' permission goes to team leads, supervisors and the GM office."""

from django.db import migrations

from accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("callcenter", "0009_call_figures_rollup"), ("callbacks", "0002_roles")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
