"""The numbers SMS were sent to in the one canonical form of customers.phones, so that the look-ups find them."""

from django.db import migrations

from csc.migration_support import rewrite_column
from customers.phones import normalise


def forwards(apps, schema_editor):
    rewrite_column(apps, "notifications.SmsMessage", "to", normalise)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0005_sms_log_content_types"),
        ("customers", "0003_phones_in_canonical_form"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
