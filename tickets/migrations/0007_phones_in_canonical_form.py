"""Tickets' caller phones in the one canonical form of customers.phones, so that the look-ups find them."""

from django.db import migrations

from csc.migration_support import rewrite_column
from customers.phones import normalise


def forwards(apps, schema_editor):
    rewrite_column(apps, "tickets.Ticket", "caller_phone", normalise)


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0006_tickets_link_customers_app"),
        ("customers", "0003_phones_in_canonical_form"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
