"""Complaints point at the customer in its new app (the same table: a change of state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0007_sms_log_moved_to_notifications'),
        ('customers', '0001_customer_records_move_here'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='complaint',
                    name='customer',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='complaints', to='customers.customer', verbose_name='customer'),
                ),
                migrations.AlterField(
                    model_name='historicalcomplaint',
                    name='customer',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='customers.customer', verbose_name='customer'),
                ),
    
            ],
            database_operations=[],
        ),
    ]
