"""The SMS log moves from complaints to notifications (the delivery service); no row is lost.

The tables stay where they are while the state moves (complaints_smsmessage is taken over as is); the link to
the complaint becomes the generic "about" every notification has (kind, target, reference, link), filled from
the complaint for every existing message and history row; then the tables get this app's names. Permissions and
their holders follow the content types in 0005, once complaints has let go of the models.
"""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

KIND = "complaint.registered"


def link_to_complaints(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Complaint = apps.get_model("complaints", "Complaint")
    complaint_type, _created = ContentType.objects.get_or_create(app_label="complaints", model="complaint")
    numbers = dict(Complaint.objects.values_list("pk", "number"))
    for model_name in ("SmsMessage", "HistoricalSmsMessage"):
        model = apps.get_model("notifications", model_name)
        for row in model._base_manager.filter(complaint_id__isnull=False).only("pk", "complaint_id").iterator():
            number = numbers.get(row.complaint_id, "")
            model._base_manager.filter(pk=row.pk).update(
                kind=KIND,
                target_type=complaint_type,
                target_id=str(row.complaint_id),
                reference=number,
                url=f"/complaints/{number}/" if number else "",
            )


def link_back(apps, schema_editor):
    for model_name in ("SmsMessage", "HistoricalSmsMessage"):
        model = apps.get_model("notifications", model_name)
        for row in model._base_manager.exclude(target_id="").filter(kind=KIND).iterator():
            model._base_manager.filter(pk=row.pk).update(complaint_id=int(row.target_id))


STATUS = [("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed")]


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_escalation_cycle"),
        ("complaints", "0006_index_open_complaints_by_next_reply"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SmsMessage",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("to", models.CharField(max_length=20, verbose_name="to")),
                        ("body", models.CharField(max_length=500, verbose_name="text")),
                        ("backend", models.CharField(max_length=100, verbose_name="gateway")),
                        ("status", models.CharField(choices=STATUS, default="queued", max_length=8, verbose_name="status")),
                        ("created_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="created at")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                        ("gateway_reference", models.CharField(blank=True, max_length=100, verbose_name="gateway reference")),
                        ("error", models.CharField(blank=True, max_length=300, verbose_name="error")),
                        ("complaint", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="complaints.complaint", verbose_name="complaint")),
                    ],
                    options={
                        "verbose_name": "SMS message",
                        "verbose_name_plural": "SMS messages",
                        "ordering": ["-created_at", "-id"],
                        "db_table": "complaints_smsmessage",
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalSmsMessage",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("to", models.CharField(max_length=20, verbose_name="to")),
                        ("body", models.CharField(max_length=500, verbose_name="text")),
                        ("backend", models.CharField(max_length=100, verbose_name="gateway")),
                        ("status", models.CharField(choices=STATUS, default="queued", max_length=8, verbose_name="status")),
                        ("created_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="created at")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                        ("gateway_reference", models.CharField(blank=True, max_length=100, verbose_name="gateway reference")),
                        ("error", models.CharField(blank=True, max_length=300, verbose_name="error")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.TextField(null=True)),
                        ("history_type", models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1)),
                        ("complaint", models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="complaints.complaint", verbose_name="complaint")),
                        ("history_user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "historical SMS message",
                        "verbose_name_plural": "historical SMS messages",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                        "db_table": "complaints_historicalsmsmessage",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            database_operations=[],
        ),
        *[
            operation
            for model_name in ("smsmessage", "historicalsmsmessage")
            for operation in (
                migrations.AddField(model_name=model_name, name="kind", field=models.CharField(blank=True, max_length=60, verbose_name="kind")),
                migrations.AddField(
                    model_name=model_name,
                    name="target_type",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL if model_name == "smsmessage" else django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="about",
                        **({} if model_name == "smsmessage" else {"db_constraint": False}),
                    ),
                ),
                migrations.AddField(model_name=model_name, name="target_id", field=models.CharField(blank=True, max_length=40, verbose_name="about id")),
                migrations.AddField(
                    model_name=model_name,
                    name="reference",
                    field=models.CharField(blank=True, help_text="A complaint number, …", max_length=40, verbose_name="concerning"),
                ),
                migrations.AddField(model_name=model_name, name="url", field=models.CharField(blank=True, max_length=300, verbose_name="link")),
            )
        ],
        migrations.RunPython(link_to_complaints, link_back),
        migrations.RemoveField(model_name="smsmessage", name="complaint"),
        migrations.RemoveField(model_name="historicalsmsmessage", name="complaint"),
        migrations.AlterModelTable(name="smsmessage", table=None),
        migrations.AlterModelTable(name="historicalsmsmessage", table=None),
    ]
