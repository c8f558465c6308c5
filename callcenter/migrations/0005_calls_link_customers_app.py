"""Calls and consultations point at the customer in its new app (the same table: a change of state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('callcenter', '0004_call_links_to_tickets_and_complaints'),
        ('customers', '0001_customer_records_move_here'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='call',
                    name='customer',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='calls', to='customers.customer', verbose_name='customer'),
                ),
                migrations.AlterField(
                    model_name='consultation',
                    name='customer',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='customers.customer', verbose_name='customer'),
                ),
                migrations.AlterField(
                    model_name='historicalcall',
                    name='customer',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='customers.customer', verbose_name='customer'),
                ),
                migrations.AlterField(
                    model_name='historicalconsultation',
                    name='customer',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='customers.customer', verbose_name='customer'),
                ),
    
            ],
            database_operations=[],
        ),
    ]
