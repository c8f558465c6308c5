"""The database cache's table, made with the schema rather than by a separate command.

accounts/auth_cache.py writes to the cache whenever a user, token or group is saved. With the database cache (the
embedded default, or any setup without Redis) that table must exist from the first save on, including saves
made right after `migrate` (createsuperuser, a data import). `createcachetable` does nothing for other cache
backends and for a table that exists, so running it here and again later is harmless.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_password_history")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
