"""The escalation ledger is csc's now (csc 0003 took over the table): notifications forgets the model."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_sms_log_moves_here"),
        ("csc", "0003_escalation_ledger_moves_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Escalation")], database_operations=[]),
    ]
