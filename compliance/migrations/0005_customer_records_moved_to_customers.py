"""Compliance's records point at the customer in its new app, the three compliance permissions that hung on the
customer move to the access log, and compliance lets go of the customer models (state only: the tables are
customers' now, renamed by customers 0002)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('callcenter', '0005_calls_link_customers_app'),
        ('complaints', '0008_complaints_link_customers_app'),
        ('compliance', '0004_records_protection_roles'),
        ('customers', '0001_customer_records_move_here'),
        ('tickets', '0006_tickets_link_customers_app'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='archiveloan',
                    name='customer',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='archive_loans', to='customers.customer', verbose_name='customer'),
                ),
                migrations.AlterField(
                    model_name='historicalarchiveloan',
                    name='customer',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='customers.customer', verbose_name='customer'),
                ),
                migrations.AlterField(
                    model_name='servicepasswordguard',
                    name='customer',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='password_guard', to='customers.customer'),
                ),
                migrations.AlterField(
                    model_name='verificationattempt',
                    name='customer',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='customers.customer', verbose_name='customer'),
                ),
                migrations.AlterField(
                    model_name='disclosure',
                    name='customer',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='disclosures', to='customers.customer', verbose_name='customer'),
                ),
                migrations.AlterField(
                    model_name='accesslogentry',
                    name='customer',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='customers.customer', verbose_name='customer'),
                ),
                migrations.RemoveField(
                    model_name='historicalcustomerphone',
                    name='customer',
                ),
                migrations.RemoveField(
                    model_name='historicalcustomeraddress',
                    name='customer',
                ),
                migrations.RemoveField(
                    model_name='customerphone',
                    name='customer',
                ),
                migrations.RemoveField(
                    model_name='historicalcustomer',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalcustomeraddress',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalcustomerphone',
                    name='history_user',
                ),
                migrations.AlterModelOptions(
                    name='accesslogentry',
                    options={'ordering': ['-at', '-id'], 'permissions': [('verify_service_password', "May check a customer's service password (IVR, hotline, front desk)"), ('clearance_secret', 'Confidentiality clearance: secret 机密'), ('clearance_top_secret', 'Confidentiality clearance: top secret 绝密')], 'verbose_name': 'access log entry', 'verbose_name_plural': 'access log'},
                ),
                migrations.AlterField(
                    model_name='enforcementrequest',
                    name='customers',
                    field=models.ManyToManyField(related_name='+', to='customers.customer', verbose_name='customers concerned'),
                ),
                migrations.DeleteModel(
                    name='CustomerAddress',
                ),
                migrations.DeleteModel(
                    name='Customer',
                ),
                migrations.DeleteModel(
                    name='CustomerPhone',
                ),
                migrations.DeleteModel(
                    name='HistoricalCustomer',
                ),
                migrations.DeleteModel(
                    name='HistoricalCustomerAddress',
                ),
                migrations.DeleteModel(
                    name='HistoricalCustomerPhone',
                ),
    
            ],
            database_operations=[],
        ),
    ]
