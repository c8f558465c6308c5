"""The escalation ledger joins its sweep in csc (it was notifications'): the state moves, the table stays for now."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("csc", "0002_number_counter_and_calendar_days"),
        ("notifications", "0002_escalation_cycle"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Escalation",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("item_type", models.CharField(max_length=60, verbose_name="item type")),
                        ("item_id", models.BigIntegerField(verbose_name="item id")),
                        (
                            "cycle",
                            models.BigIntegerField(
                                default=0,
                                help_text="For items that can fall due again (a new password): which time.",
                                verbose_name="cycle",
                            ),
                        ),
                        (
                            "level",
                            models.PositiveSmallIntegerField(
                                choices=[(1, "Owner"), (2, "Supervisor"), (3, "GM office")], verbose_name="level"
                            ),
                        ),
                        (
                            "escalated_at",
                            models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="escalated at"),
                        ),
                    ],
                    options={
                        "verbose_name": "escalation",
                        "verbose_name_plural": "escalations",
                        "ordering": ["-escalated_at", "-id"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("item_type", "item_id", "cycle", "level"), name="escalation_once_per_cycle_level"
                            )
                        ],
                        "db_table": "notifications_escalation",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
