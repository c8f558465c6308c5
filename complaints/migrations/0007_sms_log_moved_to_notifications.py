"""The SMS log is notifications' now (notifications 0003 took over the tables): complaints forgets the models."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0006_index_open_complaints_by_next_reply"),
        ("notifications", "0003_sms_log_moves_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="smsmessage", name="complaint"),
                migrations.DeleteModel(name="HistoricalSmsMessage"),
                migrations.DeleteModel(name="SmsMessage"),
            ],
            database_operations=[],
        ),
    ]
