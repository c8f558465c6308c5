"""The customer, its phones and addresses (and their history) move here from compliance without a row lost:
the state moves, the tables stay under their old names until 0002 renames them."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('compliance', '0004_records_protection_roles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Customer',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=80, verbose_name='name')),
                        ('account_number', models.CharField(blank=True, max_length=30, null=True, unique=True, verbose_name='account number')),
                        ('id_number', models.CharField(blank=True, help_text='Sensitive: shown whole only to roles that may, and every such view is logged.', max_length=30, verbose_name='ID-card number')),
                        ('is_corporate', models.BooleanField(default=False, verbose_name='corporate customer')),
                        ('company', models.CharField(blank=True, max_length=120, verbose_name='company')),
                        ('service_password', models.CharField(blank=True, editable=False, max_length=128, verbose_name='service password (hashed)')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                        ('closed_at', models.DateTimeField(blank=True, help_text='The retention period (P-7) counts from here.', null=True, verbose_name='account closed at')),
                        ('anonymised_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='personal data destroyed at')),
                    ],
                    options={
                        'verbose_name': 'customer',
                        'verbose_name_plural': 'customers',
                        'db_table': 'compliance_customer',
                        'ordering': ['-created_at', '-id'],
                        'permissions': [('view_customer_unmasked', "May see customers' personal data in full"), ('export_customer', 'May export customer lists (logged, with a purpose)'), ('close_customer', 'May close a customer account (starts the retention period)')],
                    },
                ),
                migrations.CreateModel(
                    name='CustomerAddress',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('address', models.CharField(max_length=200, verbose_name='address')),
                        ('is_primary', models.BooleanField(default=False, verbose_name='primary')),
                        ('customer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='addresses', to='customers.customer')),
                    ],
                    options={
                        'verbose_name': 'customer address',
                        'verbose_name_plural': 'customer addresses',
                        'db_table': 'compliance_customeraddress',
                        'ordering': ['-is_primary', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalCustomer',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('name', models.CharField(max_length=80, verbose_name='name')),
                        ('account_number', models.CharField(blank=True, db_index=True, max_length=30, null=True, verbose_name='account number')),
                        ('id_number', models.CharField(blank=True, help_text='Sensitive: shown whole only to roles that may, and every such view is logged.', max_length=30, verbose_name='ID-card number')),
                        ('is_corporate', models.BooleanField(default=False, verbose_name='corporate customer')),
                        ('company', models.CharField(blank=True, max_length=120, verbose_name='company')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                        ('closed_at', models.DateTimeField(blank=True, help_text='The retention period (P-7) counts from here.', null=True, verbose_name='account closed at')),
                        ('anonymised_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='personal data destroyed at')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.TextField(null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical customer',
                        'verbose_name_plural': 'historical customers',
                        'db_table': 'compliance_historicalcustomer',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalCustomerAddress',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('address', models.CharField(max_length=200, verbose_name='address')),
                        ('is_primary', models.BooleanField(default=False, verbose_name='primary')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.TextField(null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('customer', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='customers.customer')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical customer address',
                        'verbose_name_plural': 'historical customer addresses',
                        'db_table': 'compliance_historicalcustomeraddress',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalCustomerPhone',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('number', models.CharField(db_index=True, max_length=20, verbose_name='phone')),
                        ('label', models.CharField(blank=True, max_length=20, verbose_name='label')),
                        ('is_primary', models.BooleanField(default=False, verbose_name='primary')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.TextField(null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('customer', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='customers.customer')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical customer phone',
                        'verbose_name_plural': 'historical customer phones',
                        'db_table': 'compliance_historicalcustomerphone',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='CustomerPhone',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.CharField(db_index=True, max_length=20, verbose_name='phone')),
                        ('label', models.CharField(blank=True, max_length=20, verbose_name='label')),
                        ('is_primary', models.BooleanField(default=False, verbose_name='primary')),
                        ('customer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='phones', to='customers.customer')),
                    ],
                    options={
                        'verbose_name': 'customer phone',
                        'verbose_name_plural': 'customer phones',
                        'db_table': 'compliance_customerphone',
                        'ordering': ['-is_primary', 'id'],
                        'constraints': [models.UniqueConstraint(fields=('customer', 'number'), name='customerphone_unique')],
                    },
                ),
    
            ],
            database_operations=[],
        ),
    ]
