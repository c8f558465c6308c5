"""Every stored customer phone in the one canonical form of customers.phones (+86 landlines had been kept as
861069440000 by one path and 01069440000 by another). Two rows of one customer that turn out to be the same
number become one: the primary one is kept (else the older), nothing else is lost."""

from django.db import migrations

from customers.phones import PhoneError, normalise


def forwards(apps, schema_editor):
    CustomerPhone = apps.get_model("customers", "CustomerPhone")
    for phone in CustomerPhone.objects.order_by("-is_primary", "pk").iterator():
        try:
            number = normalise(phone.number)
        except PhoneError:
            continue
        if number == phone.number:
            continue
        twin = CustomerPhone.objects.filter(customer_id=phone.customer_id, number=number).exclude(pk=phone.pk).first()
        if twin is not None:  # the same line stored twice in two spellings
            if phone.is_primary and not twin.is_primary:
                CustomerPhone.objects.filter(pk=twin.pk).update(is_primary=True)
            phone.delete()
            continue
        CustomerPhone.objects.filter(pk=phone.pk).update(number=number)


class Migration(migrations.Migration):
    dependencies = [("customers", "0002_tables_and_content_types")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
