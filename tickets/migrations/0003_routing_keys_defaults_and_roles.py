"""Fill the routing keys of existing service areas, create the default T-5 limits and T-8 threshold, sync roles."""

from django.db import migrations

from accounts.roles import sync_roles


def fill_keys_and_defaults(apps, schema_editor):
    from tickets.addresses import place_stem, text_key

    ServiceArea = apps.get_model("tickets", "ServiceArea")
    batch = []
    for area in ServiceArea.objects.all().iterator(chunk_size=2000):
        area.community_key = text_key(area.community)
        area.district_stem = place_stem(area.district)
        area.street_stem = place_stem(area.street) if area.street else ""
        batch.append(area)
        if len(batch) >= 2000:
            ServiceArea.objects.bulk_update(batch, ["community_key", "district_stem", "street_stem"])
            batch = []
    if batch:
        ServiceArea.objects.bulk_update(batch, ["community_key", "district_stem", "street_stem"])
    TimeLimit = apps.get_model("tickets", "TimeLimit")
    TimeLimit.objects.get_or_create(
        station=None,
        category="",
        defaults={"accept_minutes": 15, "contact_minutes": 30, "arrive_minutes": 20, "finish_minutes": 240},
    )
    OutageSettings = apps.get_model("tickets", "OutageSettings")
    if not OutageSettings.objects.exists():
        OutageSettings.objects.create(calls=5, minutes=30)


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0002_tickets_lifecycle_routing_exceptions_outages"),
        ("accounts", "0003_create_roles"),
    ]

    operations = [
        migrations.RunPython(fill_keys_and_defaults, migrations.RunPython.noop),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
