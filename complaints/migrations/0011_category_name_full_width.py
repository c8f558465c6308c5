"""The default category 员工投诉(内部) is written with full-width brackets, as Chinese text is (left alone if renamed)."""

from django.db import migrations


def forwards(apps, schema_editor):
    ComplaintCategory = apps.get_model("complaints", "ComplaintCategory")
    ComplaintCategory.objects.filter(code="staff_conduct", name="员工投诉(内部)").update(name="员工投诉（内部）")


class Migration(migrations.Migration):
    dependencies = [("complaints", "0010_help_texts_without_spec_ids")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
