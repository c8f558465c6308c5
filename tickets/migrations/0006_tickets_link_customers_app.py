"""Tickets point at the customer in its new app (the same table: a change of state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('customers', '0001_customer_records_move_here'),
        ('tickets', '0005_address_trigram_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalticket',
                    name='customer',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='customers.customer', verbose_name='customer'),
                ),
                migrations.AlterField(
                    model_name='ticket',
                    name='customer',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tickets', to='customers.customer', verbose_name='customer'),
                ),
    
            ],
            database_operations=[],
        ),
    ]
