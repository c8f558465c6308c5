"""Default script lines and synonym groups (seed 004), and the call-centre permissions of the roles (X-1)."""

from django.db import migrations

from accounts.roles import sync_roles


def load_defaults(apps, schema_editor):
    from callcenter.defaults import SCRIPT_DEFAULTS, SYNONYM_DEFAULTS

    Script = apps.get_model("callcenter", "Script")
    FaqSynonym = apps.get_model("callcenter", "FaqSynonym")
    for kind, text in SCRIPT_DEFAULTS.items():
        Script.objects.get_or_create(kind=str(kind), defaults={"text": text})
    if not FaqSynonym.objects.exists():
        FaqSynonym.objects.bulk_create(FaqSynonym(terms=terms) for terms in SYNONYM_DEFAULTS)


class Migration(migrations.Migration):
    dependencies = [
        ("callcenter", "0002_call_events_recordings_scripts_faq"),
        ("accounts", "0003_create_roles"),
    ]

    operations = [
        migrations.RunPython(load_defaults, migrations.RunPython.noop),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
