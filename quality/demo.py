"""Demo rows of the quality loop (idempotent: nothing is added once the demo's checks exist).

- Every answered demo call gets its recording (one short WAV, written once under MEDIA_ROOT) — except a few, so the
  recording check has calls to list, and one empty recording (a recorder fault).
- lead1 checks each agent on most past days (the seed's daily check), as the days went, through the same service
  as the page; the agents acknowledge the next day. supervisor1, the department head, checks weekly, now and then
  the very call lead1 scored (a calibration). A few checks find errors (a fine each), one a wrong station (zero).
- Today agent1 is checked and has not acknowledged yet; agent2 is not checked, so lead1's page offers agent2's calls.
- Typing tests, a praise and an error recorded by hand; last month closed by supervisor1, then one of its errors
  waived — the adjustment this month's appraisal carries in.
"""

from __future__ import annotations

import hashlib
import io
import math
import random
import struct
import wave
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from callcenter.models import Call, CallDirection, Recording
from csc.demo import DemoOptions, season_days
from csc.periods import month_of
from quality import services
from quality.choices import MarkKind, MarkState, SheetKind
from quality.models import AppraisalMonth, ErrorType, Mark, ScoreSheet, SpotCheck, TypingTest

AUDIO_NAME = "recordings/demo/demo-call.wav"
EMPTY_NAME = "recordings/demo/demo-empty.wav"


def _tone_wav(seconds: int = 3, rate: int = 8000) -> bytes:
    """A few seconds of a soft two-tone signal: something the page's player can play."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        frames = b"".join(
            struct.pack("<h", int(6000 * math.sin(2 * math.pi * (440 if n < rate * seconds // 2 else 523) * n / rate)))
            for n in range(rate * seconds)
        )
        writer.writeframes(frames)
    return buffer.getvalue()


def _stored(name: str, content: bytes) -> str:
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(content))
    return name


def _recordings(calls: list[Call], uploader: User, rng: random.Random) -> int:
    audio = _tone_wav()
    name = _stored(AUDIO_NAME, audio)
    empty = _stored(EMPTY_NAME, b"")
    digest = hashlib.sha256(audio).hexdigest()
    rows = []
    for position, call in enumerate(calls):
        if position % 17 == 5:  # the recorder missed it: listed for the lead
            continue
        at = call.ended_at or call.answered_at or call.created_at
        if position == 8:  # an empty recording: a recorder fault the lead may delete, with a reason
            rows.append(
                Recording(
                    call=call,
                    file=empty,
                    original_name="empty.wav",
                    content_type="audio/wav",
                    size_bytes=0,
                    duration_seconds=0,
                    uploaded_by=uploader,
                    created_at=at,
                )
            )
            continue
        rows.append(
            Recording(
                call=call,
                file=name,
                original_name=f"{call.external_id or call.pk}.wav",
                content_type="audio/wav",
                size_bytes=len(audio),
                duration_seconds=max(30, rng.randint(45, 240)),
                sha256=digest,
                uploaded_by=uploader,
                created_at=at,
            )
        )
    bulk_create_with_history(rows, Recording, batch_size=500)
    return len(rows)


def _deductions(sheet: ScoreSheet, rng: random.Random, *, miss: str = "") -> dict[int, int]:
    """A plausible scoring: most items full marks, one or two points lost here and there; `miss` an item entirely."""
    version = sheet.current_version()
    deductions = {}
    for item in version.items.all():
        if item.label == miss:
            deductions[item.pk] = item.points
        elif not item.fatal and rng.random() < 0.12:
            deductions[item.pk] = rng.randint(1, item.points)
        else:
            deductions[item.pk] = 0
    return deductions


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def load_demo(options: DemoOptions) -> dict[str, int]:
    if SpotCheck.objects.exists():
        return _counts()
    rng = random.Random("csc-demo-quality")
    lead = User.objects.get(username="lead1")
    head = User.objects.get(username="supervisor1")
    agents = {user.username: user for user in User.objects.filter(username__in=["agent1", "agent2"])}
    uploader = User.objects.get(username="integration1")
    calls = list(
        Call.objects.filter(agent__in=agents.values(), answered_at__isnull=False, external_id__startswith="demo-")
        .select_related("agent")
        .order_by("created_at", "id")
    )
    if not Recording.objects.filter(call__in=calls).exists():
        _recordings(calls, uploader, rng)
    recorded = {
        call_id
        for call_id in Recording.objects.filter(call__in=calls, size_bytes__gt=0).values_list("call_id", flat=True)
    }
    sheets = {sheet.kind: sheet for sheet in ScoreSheet.objects.filter(is_active=True)}
    kinds = {kind.code: kind for kind in ErrorType.objects.all()}
    by_day: dict[tuple[date, int], list[Call]] = {}
    for call in calls:
        if call.pk in recorded:
            by_day.setdefault((timezone.localtime(call.created_at).date(), call.agent_id), []).append(call)

    def sheet_for(call: Call) -> ScoreSheet:
        return sheets[SheetKind.CALLBACK if call.direction == CallDirection.OUTBOUND else SheetKind.INTAKE]

    today = options.today
    days = season_days(today)
    findings = [  # (day index, agent, error codes, item missed entirely, problems)
        (3, "agent1", ["nonstandard_phrasing"], "", "开头语未报工号。"),
        (9, "agent2", ["wrong_phone_address"], "", "住户电话少记一位，跟读时未发现。"),
        (14, "agent1", [], "选对维修站", "地址属裕龙站，派到了宏城站。"),
        (20, "agent2", ["empty_promise"], "", "向住户承诺“半小时内一定修好”。"),
        (len(days) - 4, "agent1", ["slow_answer"], "", "铃响五声后才接听。"),
    ]
    planned = {(index, name): (codes, miss, problems) for index, name, codes, miss, problems in findings}
    for index, day in enumerate(days):
        for name, agent in agents.items():
            options_today = by_day.get((day, agent.pk), [])
            if not options_today or rng.random() < 0.15:  # the odd day the lead did not get to it
                continue
            call = rng.choice(options_today)
            codes, miss, problems = planned.get((index, name), ([], "", ""))
            check = services.spot_check_create(
                call=call,
                actor=lead,
                sheet=sheet_for(call),
                deductions=_deductions(sheet_for(call), rng, miss=miss),
                errors=[kinds[code] for code in codes],
                praise=[kinds["praised_recording"]] if rng.random() < 0.08 else [],
                problems=problems,
                good_points="" if problems else rng.choice(["", "", "语气亲切，跟读完整。", "耐心解释了收费标准。"]),
                at=_at(day, 17, 30 if name == "agent1" else 40),
            )
            services.spot_check_acknowledge(
                check=check,
                actor=agent,
                remark="已改正。" if problems else "",
                at=_at(day + timedelta(days=1), 9, 5),
            )
            if day.weekday() == 0:  # the department head's weekly check: the same call, to calibrate the lead
                services.spot_check_create(
                    call=call,
                    actor=head,
                    sheet=sheet_for(call),
                    deductions=_deductions(sheet_for(call), rng, miss=miss),
                    errors=[kinds[code] for code in codes],
                    problems=problems,
                    at=_at(day, 18, 0),
                )
    # Today: agent1 checked (not acknowledged yet), agent2 waiting for the lead.
    todays = by_day.get((today, agents["agent1"].pk), [])
    if todays:
        call = todays[0]
        services.spot_check_create(
            call=call,
            actor=lead,
            sheet=sheet_for(call),
            deductions=_deductions(sheet_for(call), rng),
            good_points="报修地址跟读清楚。",
            at=min(options.now, max(call.created_at + timedelta(minutes=20), options.now - timedelta(minutes=5))),
        )
    for name, (english, chinese) in {"agent1": (62, 48), "agent2": (55, 41)}.items():
        TypingTest.objects.create(
            agent=agents[name],
            tested_on=days[0],
            english_per_minute=english,
            english_accuracy=97,
            chinese_per_minute=chinese,
            chinese_accuracy=95,
            recorded_by=lead,
        )
    last_month = month_of(month_of(today)[0] - timedelta(days=1))[0]
    services.mark_record(
        agent=agents["agent2"],
        error_type=kinds["resident_praise"],
        occurred_on=today - timedelta(days=1) if today.day > 1 else today,
        reason="住户来电表扬接线员耐心细致。",
        actor=lead,
    )
    services.mark_record(
        agent=agents["agent1"],
        error_type=kinds["exception_not_reported"],
        occurred_on=max(days[0], last_month + timedelta(days=20)),
        reason="维修站超时未接单，未报告领班。",
        actor=lead,
    )
    proposed = Mark.objects.filter(state=MarkState.PROPOSED).order_by("occurred_on", "id")
    first = proposed.filter(occurred_on__lt=month_of(today)[0]).first()
    if first is not None:  # the lead looked at an old rejection: it was the agent's wrong station
        services.mark_confirm(mark=first, actor=lead, reason="复听录音，地址记错。")
    if days[0] <= last_month + timedelta(days=27) and not AppraisalMonth.objects.filter(month=last_month).exists():
        services.appraisal_close(month=last_month, actor=head)
        waived = Mark.objects.filter(
            kind=MarkKind.ERROR,
            state=MarkState.COUNTED,
            occurred_on__gte=last_month,
            occurred_on__lt=month_of(today)[0],
        ).first()
        if waived is not None:  # found after closing: waived, carried into this month as an adjustment
            services.mark_waive(mark=waived, actor=lead, reason="复核录音后确认住户所报信息有误，不计差错。")
    return _counts()


def _counts() -> dict[str, int]:
    return {
        "spot_checks": SpotCheck.objects.count(),
        "quality_marks": Mark.objects.count(),
        "typing_tests": TypingTest.objects.count(),
        "recordings": Recording.objects.count(),
    }
