"""The customer tables get this app's names and the content types follow, with their permissions and whoever
holds them; the three compliance permissions that hung on the customer (service-password check, clearances)
move to the access log's content type, where compliance declares them now; then the roles are synced."""

from django.db import migrations

from csc.migration_support import move_content_types, move_permission

MODELS = [
    "customer",
    "customerphone",
    "customeraddress",
    "historicalcustomer",
    "historicalcustomerphone",
    "historicalcustomeraddress",
]
COMPLIANCE_PERMISSIONS = ["verify_service_password", "clearance_secret", "clearance_top_secret"]


def _move_compliance_permissions(apps, source: tuple[str, str], target: tuple[str, str]) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old = ContentType.objects.filter(app_label=source[0], model=source[1]).first()
    if old is None:
        return
    new, _created = ContentType.objects.get_or_create(app_label=target[0], model=target[1])
    for permission in Permission.objects.filter(content_type=old, codename__in=COMPLIANCE_PERMISSIONS):
        move_permission(apps, permission, new)


def forwards(apps, schema_editor):
    move_content_types(apps, schema_editor, from_app="compliance", to_app="customers", models=MODELS)
    _move_compliance_permissions(apps, ("customers", "customer"), ("compliance", "accesslogentry"))
    from accounts.roles import sync_roles

    sync_roles(apps, schema_editor)


def backwards(apps, schema_editor):
    _move_compliance_permissions(apps, ("compliance", "accesslogentry"), ("customers", "customer"))
    move_content_types(apps, schema_editor, from_app="customers", to_app="compliance", models=MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0001_customer_records_move_here"),
        ("compliance", "0005_customer_records_moved_to_customers"),
    ]

    operations = [
        migrations.AlterModelTable(name="customer", table=None),
        migrations.AlterModelTable(name="customeraddress", table=None),
        migrations.AlterModelTable(name="customerphone", table=None),
        migrations.AlterModelTable(name="historicalcustomer", table=None),
        migrations.AlterModelTable(name="historicalcustomeraddress", table=None),
        migrations.AlterModelTable(name="historicalcustomerphone", table=None),
        migrations.RunPython(forwards, backwards),
    ]
