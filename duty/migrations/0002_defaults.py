"""The heating season's 24-hour three-shift rota (seed 004: 供暖期间呼叫中心实行24小时倒班制度; seed 003: 三班制) as
the default shifts, the rota settings (a swap a day ahead; 20 % of the duty logs checked), and the roles' permissions.
Shifts and settings are edited in the app afterwards."""

from datetime import time

from django.db import migrations

from accounts.roles import sync_roles

SHIFTS = [("白班", time(8), time(16)), ("中班", time(16), time(0)), ("夜班", time(0), time(8))]


def load(apps, schema_editor):
    Shift = apps.get_model("duty", "Shift")
    DutySettings = apps.get_model("duty", "DutySettings")
    for order, (name, starts, ends) in enumerate(SHIFTS, start=1):
        Shift.objects.get_or_create(name=name, defaults={"starts_at": starts, "ends_at": ends, "order": order})
    if not DutySettings.objects.exists():
        DutySettings.objects.create()


class Migration(migrations.Migration):
    dependencies = [("duty", "0001_initial"), ("accounts", "0007_api_docs_for_integration_clients")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
