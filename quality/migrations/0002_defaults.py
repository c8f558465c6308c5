"""The seed-004 defaults: the two printed score sheets (抽查测评表), the fines of 考核办法 (处罚) with the two errors of
录音抽查制度 (无效承诺, 错误引导), the two kinds of praise, the five bonus levels (100–500 元); and the roles'
permissions. Every one of them is edited in the app afterwards (SPEC K-4, K-8)."""

from decimal import Decimal

from django.db import migrations

from accounts.roles import sync_roles

ERRORS = [  # code, name, kind, amount, scores the check zero
    ("nonstandard_phrasing", "服务用语不标准", "error", 10, False),
    ("slow_answer", "接听电话超时", "error", 10, False),
    ("rude_manner", "态度不好或主动挂断住户电话", "error", 50, True),
    ("wrong_name", "记录住户姓名错误", "error", 10, False),
    ("wrong_phone_address", "记录电话、地址错误", "error", 20, False),
    ("wrong_station", "选错维修站", "error", 30, True),
    ("exception_not_reported", "异常情况未主动上报", "error", 20, False),
    ("empty_promise", "无效承诺", "error", 10, False),
    ("misleading_guidance", "错误引导", "error", 10, False),
    ("resident_praise", "受到住户表扬", "praise", 0, False),
    ("praised_recording", "值得表扬的录音", "praise", 0, False),
]
INTAKE = [  # label, points, fatal, counted as — SPEC K-4 from seed 004's 录音抽查测评情况 (35 points)
    ("用语第一句", 5, False, None),
    ("报修内容", 3, False, None),
    ("报修人姓名", 1, False, None),
    ("电话", 1, False, None),
    ("住址", 5, False, None),
    ("引导故障位置", 1, False, None),
    ("引导故障程度", 1, False, None),
    ("引导姓名", 1, False, None),
    ("引导电话", 1, False, None),
    ("机位", 1, False, None),
    ("记载人", 1, False, None),
    ("选对维修站", 5, True, "wrong_station"),
    ("住址示例修改", 1, False, None),
    ("跟读内容", 1, False, None),
    ("跟读地址", 1, False, None),
    ("跟读姓名", 1, False, None),
    ("跟读电话", 1, False, None),
    ("结束语", 4, False, None),
]
CALLBACK = [  # the callback card (回访用语及操作规范, 16 points)
    ("用语第一句", 3, False, None),
    ("问题是否解决", 2, False, None),
    ("维修工态度如何", 2, False, None),
    ("是否跟您收费", 3, False, None),
    ("为我们服务打分", 2, False, None),
    ("建议、意见", 2, False, None),
    ("结束语", 2, False, None),
]
BANDS = [(1, 80, 100), (2, 85, 200), (3, 90, 300), (4, 95, 400), (5, 98, 500)]


def load(apps, schema_editor):
    ErrorType = apps.get_model("quality", "ErrorType")
    ScoreSheet = apps.get_model("quality", "ScoreSheet")
    ScoreSheetVersion = apps.get_model("quality", "ScoreSheetVersion")
    ScoreItem = apps.get_model("quality", "ScoreItem")
    RewardBand = apps.get_model("quality", "RewardBand")
    types = {}
    for order, (code, name, kind, amount, zeroes) in enumerate(ERRORS, start=1):
        types[code], _created = ErrorType.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "amount": Decimal(amount), "zeroes_check": zeroes, "order": order},
        )
    for order, (name, kind, items) in enumerate(
        [("报修接听抽查测评表", "intake", INTAKE), ("回访抽查测评表", "callback", CALLBACK)], start=1
    ):
        sheet, created = ScoreSheet.objects.get_or_create(name=name, defaults={"kind": kind, "order": order})
        if not created:
            continue
        version = ScoreSheetVersion.objects.create(sheet=sheet, number=1, total_points=sum(i[1] for i in items))
        for position, (label, points, fatal, counted) in enumerate(items, start=1):
            ScoreItem.objects.create(
                version=version,
                order=position,
                label=label,
                points=points,
                fatal=fatal,
                error_type=types.get(counted) if counted else None,
            )
    for level, score, amount in BANDS:
        RewardBand.objects.get_or_create(level=level, defaults={"min_score": Decimal(score), "amount": Decimal(amount)})


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial"), ("accounts", "0007_api_docs_for_integration_clients")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
