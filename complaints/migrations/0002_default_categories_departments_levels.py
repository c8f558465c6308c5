"""Default complaint categories with the 15/20-day policy (C-2, C-4), departments (C-7, C-12) and the approval
levels 核决权限 (C-8). Supervisors change all of them in the app afterwards."""

from decimal import Decimal

from django.db import migrations

CATEGORIES = [
    ("product_quality", "产品质量", 10),
    ("service_attitude", "服务态度", 20),
    ("billing", "收费问题", 30),
    ("delivery", "交付/供热不及时", 40),
    ("repair_quality", "维修质量", 50),
    ("staff_conduct", "员工投诉（内部）", 60),
    ("other", "其他", 90),
]
DEPARTMENTS = [
    ("customer_service", "客服部", False),
    ("quality", "质量管理部", False),
    ("repair", "维修部", False),
    ("production", "生产部", False),
    ("finance", "财务部", False),
    ("hr_admin", "人事行政部", True),
]
LEVELS = [(1, "部门经理", Decimal("1000.00")), (2, "副总经理", Decimal("10000.00")), (3, "总经理", None)]


def create(apps, schema_editor):
    Category = apps.get_model("complaints", "ComplaintCategory")
    Department = apps.get_model("complaints", "Department")
    Level = apps.get_model("complaints", "ApprovalLevel")
    for code, name, order in CATEGORIES:
        Category.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    for code, name, internal in DEPARTMENTS:
        Department.objects.get_or_create(code=code, defaults={"name": name, "handles_internal": internal})
    for rank, name, limit in LEVELS:
        Level.objects.get_or_create(rank=rank, defaults={"name": name, "max_amount": limit})


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
