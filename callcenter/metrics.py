"""Contact-centre figures (SPEC K-10) from the calls: service level, average speed of answer, abandonment, average
handling time and first-contact resolution — by hour, day, agent and team; exact, and fast over years of calls.

The calls counted are the inbound calls the telephony reported (a call an agent logged by hand has no queue or
ring times). A call belongs to the hour it reached the centre (`Call.created_at`, its first event) and to the
agent who answered it (or the last one it rang at). Its wait is from entering the queue (or, without a queue, from
ringing) to the answer.

- **Service level** 服务水平: calls answered within `CALLCENTER_ANSWER_WITHIN_SECONDS` (the seeds' "three rings",
  15 s) of waiting, as a share of the calls answered or abandoned — short abandons left out.
- **Average speed of answer** 平均应答时长: the mean wait of the answered calls.
- **Abandonment rate** 放弃率: calls that ended unanswered after waiting at least
  `CALLCENTER_SHORT_ABANDON_SECONDS` (5 s), as a share of the calls answered or abandoned; quicker hang-ups are
  short abandons 短时放弃 (a wrong number, a caller who changed their mind), counted apart and in neither share.
- **Average handling time** 平均处理时长: talk (answer to hang-up) plus wrap-up (hang-up to the saved summary, when
  the agent saves it after the call), over the answered calls that have ended.
- **First-contact resolution** 一次解决率: of the answered calls the agent gave a type, the share after which the
  same number did not call again about the same type within `CALLCENTER_REPEAT_CONTACT_DAYS` (3) days
  (`Call.repeated`, set when the later call is wrapped up).

How it stays fast: the sums behind these figures are kept per hour and agent in `CallHourStat`, so a month is a
sum over some 30,000 small rows instead of 150,000 calls. How it stays exact: the roll-up (`rollup()`, every five
minutes from beat) covers the hours before `CallRollup.until`, at least ROLLUP_LAG ago; a reader takes those
hours from the roll-up and everything after `until` from the calls themselves. A call of an hour older than
DIRTY_AFTER that changes (a late event from the telephony, a wrap-up, a repeat contact) marks its hour in
`CallHourDirty` in the same transaction; readers read marked hours from the calls too, and the next roll-up
rebuilds them. DIRTY_AFTER is shorter than ROLLUP_LAG, so no change can fall between the two.
tests/callcenter/test_metrics.py compares the figures with and without the roll-up after late changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import Coalesce, Greatest, TruncDate, TruncHour
from django.utils import timezone

from callcenter.choices import CallSource
from callcenter.models import Call, CallDirection, CallHourDirty, CallHourStat, CallRollup

ROLLUP_LAG = timedelta(hours=2)
DIRTY_AFTER = timedelta(hours=1)
REBUILD_CHUNK = timedelta(days=7)
GROUPS = ("hour", "day", "agent", "team")


def hour_of(moment: datetime) -> datetime:
    """The local hour a moment falls in (Asia/Shanghai has whole-hour offsets, so it is the UTC hour too)."""
    return timezone.localtime(moment).replace(minute=0, second=0, microsecond=0)


@dataclass
class Figures:
    """The sums of a set of calls and the K-10 figures computed from them (None where nothing was counted)."""

    offered: int = 0
    answered: int = 0
    answered_within: int = 0
    abandoned: int = 0
    short_abandoned: int = 0
    wait_seconds: float = 0.0
    handled: int = 0
    handle_seconds: float = 0.0
    typed: int = 0
    repeated: int = 0

    def add(self, values: dict) -> None:
        for name in SUM_NAMES:
            value = values.get(name) or 0
            if isinstance(value, timedelta):
                value = value.total_seconds()
            setattr(self, name, getattr(self, name) + value)

    @property
    def counted(self) -> int:
        """Answered plus abandoned: the base of the service level and the abandonment rate."""
        return self.answered + self.abandoned

    @property
    def service_level(self) -> float | None:
        return self.answered_within / self.counted if self.counted else None

    @property
    def abandon_rate(self) -> float | None:
        return self.abandoned / self.counted if self.counted else None

    @property
    def average_answer_seconds(self) -> float | None:
        return self.wait_seconds / self.answered if self.answered else None

    @property
    def average_handle_seconds(self) -> float | None:
        return self.handle_seconds / self.handled if self.handled else None

    @property
    def first_contact_resolution(self) -> float | None:
        return (self.typed - self.repeated) / self.typed if self.typed else None


SUM_NAMES = tuple(f.name for f in fields(Figures))


def counted_calls():
    """The calls K-10 counts: inbound, reported by the telephony."""
    return Call.objects.filter(direction=CallDirection.INBOUND, source=CallSource.TELEPHONY)


def _start():
    """When the caller started waiting: entering the queue, or ringing when there was no queue."""
    return Coalesce("queued_at", "ringing_at", "answered_at", "created_at")


def _seconds_between(later, earlier):
    return ExpressionWrapper(later - earlier, output_field=DurationField())


def _call_sums() -> dict:
    """The aggregate of each sum over Call rows: counts with conditions, and the sums of waits and handling."""
    answered = Q(answered_at__isnull=False)
    short = timedelta(seconds=settings.CALLCENTER_SHORT_ABANDON_SECONDS)
    within = timedelta(seconds=settings.CALLCENTER_ANSWER_WITHIN_SECONDS)
    unanswered_end = Q(answered_at__isnull=True, ended_at__isnull=False)
    handled = answered & Q(ended_at__isnull=False)
    typed = answered & ~Q(call_type="")
    return {
        "offered": Count("id"),
        "answered": Count("id", filter=answered),
        "answered_within": Count("id", filter=answered & Q(answered_at__lte=_start() + within)),
        "abandoned": Count("id", filter=unanswered_end & Q(ended_at__gte=_start() + short)),
        "short_abandoned": Count("id", filter=unanswered_end & Q(ended_at__lt=_start() + short)),
        "wait_seconds": Sum(_seconds_between(F("answered_at"), _start()), filter=answered),
        "handled": Count("id", filter=handled),
        "handle_seconds": Sum(
            _seconds_between(Greatest("ended_at", Coalesce("wrapped_up_at", "ended_at")), F("answered_at")),
            filter=handled,
        ),
        "typed": Count("id", filter=typed),
        "repeated": Count("id", filter=typed & Q(repeated=True)),
    }


# --- reading ----------------------------------------------------------------------------------------------------


def _group_keys(by: str | None, *, source: str) -> dict:
    """The values() of a grouping, for the roll-up ("stat") or the calls ("call"): one key, `key`."""
    tz = timezone.get_current_timezone()
    moment = "hour" if source == "stat" else "created_at"
    if by is None:
        return {}
    if by == "hour":
        return {"key": TruncHour(moment, tzinfo=tz)}
    if by == "day":
        return {"key": TruncDate(moment, tzinfo=tz)}
    if by == "agent":
        return {"key": F("agent_id")}
    if by == "team":
        return {"key": F("agent__team_id")}
    raise ValueError(by)


def figures(
    *,
    start: datetime,
    end: datetime,
    by: str | None = None,
    agents: Iterable[int] | None = None,
    team: int | None = None,
) -> dict:
    """{key: Figures} of the calls that reached the centre in [start, end) — key None when not grouped, else the
    local hour (aware datetime), the local day (date), the agent's id or the team's id (None: no agent or team).
    Four queries whatever the period: the roll-up's state, its marked hours, its sums, the newest calls' sums."""
    if by not in (None, *GROUPS):
        raise ValueError(by)
    until = CallRollup.objects.values_list("until", flat=True).first()
    # The whole hours inside [start, end) that are rolled up; the rest is read from the calls.
    rolled_start = hour_of(start) if hour_of(start) == start else hour_of(start) + timedelta(hours=1)
    rolled_end = hour_of(min(end, until)) if until else rolled_start
    dirty: list[datetime] = []
    if rolled_end > rolled_start:
        dirty = list(
            CallHourDirty.objects.filter(hour__gte=rolled_start, hour__lt=rolled_end).values_list("hour", flat=True)
        )
    else:
        rolled_start = rolled_end = start
    result: dict = {}

    def scoped(queryset):
        if agents is not None:
            queryset = queryset.filter(agent_id__in=list(agents))
        if team is not None:
            queryset = queryset.filter(agent__team_id=team)
        return queryset

    if rolled_end > rolled_start:
        stats = scoped(CallHourStat.objects.filter(hour__gte=rolled_start, hour__lt=rolled_end).exclude(hour__in=dirty))
        for row in _grouped(stats, by, "stat", {name: Sum(name) for name in SUM_NAMES}):
            result.setdefault(row.pop("key", None), Figures()).add(row)
    live = Q(created_at__gte=start, created_at__lt=rolled_start) | Q(created_at__gte=rolled_end, created_at__lt=end)
    for hour in dirty:
        live |= Q(created_at__gte=hour, created_at__lt=hour + timedelta(hours=1))
    calls = scoped(counted_calls().filter(live))
    for row in _grouped(calls, by, "call", _call_sums()):
        result.setdefault(row.pop("key", None), Figures()).add(row)
    return result


def _grouped(queryset, by: str | None, source: str, sums: dict) -> list[dict]:
    keys = _group_keys(by, source=source)
    if not keys:
        values = queryset.aggregate(**sums)
        return [values] if values.get("offered") else []
    return list(queryset.order_by().annotate(**keys).values("key").annotate(**sums))


def total(*, start: datetime, end: datetime, **scope) -> Figures:
    return figures(start=start, end=end, **scope).get(None) or Figures()


# --- writing: the roll-up and the marks -------------------------------------------------------------------------


def calls_changed(created_ats: Iterable[datetime], *, now: datetime | None = None) -> None:
    """Called (in the writer's transaction) when calls that reached the centre at these moments change in a way
    the figures see: marks their hours when they may already be rolled up."""
    cutoff = hour_of(now or timezone.now()) - DIRTY_AFTER
    hours = {hour_of(moment) for moment in created_ats if moment is not None}
    hours = {hour for hour in hours if hour < cutoff}
    if not hours:
        return
    table = connection.ops.quote_name(CallHourDirty._meta.db_table)
    with connection.cursor() as cursor:
        for hour in sorted(hours):
            cursor.execute(
                f"INSERT INTO {table} (hour, version) VALUES (%s, 1) "  # noqa: S608 — the table name is ours
                f"ON CONFLICT (hour) DO UPDATE SET version = {table}.version + 1",
                [connection.ops.adapt_datetimefield_value(hour)],
            )


def _rebuild(start: datetime, end: datetime) -> int:
    """The roll-up rows of [start, end) made again from the calls; the number of rows written."""
    CallHourStat.objects.filter(hour__gte=start, hour__lt=end).delete()
    calls = counted_calls().filter(created_at__gte=start, created_at__lt=end)
    rows = (
        calls.order_by()
        .annotate(bucket=TruncHour("created_at", tzinfo=timezone.get_current_timezone()))
        .values("bucket", "agent_id")
        .annotate(**_call_sums())
    )
    stats = []
    for row in rows:
        figures_ = Figures()
        figures_.add(row)
        stats.append(
            CallHourStat(
                hour=row["bucket"], agent_id=row["agent_id"], **{name: getattr(figures_, name) for name in SUM_NAMES}
            )
        )
    CallHourStat.objects.bulk_create(stats, batch_size=2000)
    return len(stats)


def rollup(*, now: datetime | None = None) -> dict:
    """Bring the roll-up up to ROLLUP_LAG before now and rebuild the marked hours; one sweep at a time (the state
    row is locked). Returns what it did."""
    now = now or timezone.now()
    limit = hour_of(now) - ROLLUP_LAG
    with transaction.atomic():
        state, _created = CallRollup.objects.select_for_update().get_or_create(pk=1)
        marks = list(CallHourDirty.objects.filter(hour__lt=limit).values_list("hour", "version"))
        start = state.until
        if start is None:
            first = counted_calls().order_by("created_at").values_list("created_at", flat=True).first()
            start = hour_of(first) if first else limit
        fresh_from = start  # the hours from here on are built below, after the marks were read: marks there are done
        rows = hours = 0
        while start < limit:
            chunk_end = min(start + REBUILD_CHUNK, limit)
            rows += _rebuild(start, chunk_end)
            hours += int((chunk_end - start).total_seconds() // 3600)
            start = chunk_end
        if state.until is None or state.until < limit:
            state.until = limit
            state.save(update_fields=["until"])
        rebuilt = 0
        for hour, version in marks:
            if hour < fresh_from:
                _rebuild(hour, hour + timedelta(hours=1))
                rebuilt += 1
            CallHourDirty.objects.filter(hour=hour, version=version).delete()
    return {"until": state.until, "hours": hours, "rows": rows, "marked_rebuilt": rebuilt}


def rollup_reset() -> None:
    """Forget the roll-up (the next `rollup()` rebuilds it from the first call): after changing a K-10 setting."""
    with transaction.atomic():
        CallHourStat.objects.all().delete()
        CallHourDirty.objects.all().delete()
        CallRollup.objects.all().delete()


# --- repeat contacts (first-contact resolution) -----------------------------------------------------------------


def note_repeat_contacts(call: Call) -> None:
    """Once a call has its type: the earlier answered calls of the same number about the same type within the
    window were contacted again; and this call was, if a later one of that type already came."""
    if not call.call_type or call.direction != CallDirection.INBOUND or call.answered_at is None:
        return
    window = timedelta(days=settings.CALLCENTER_REPEAT_CONTACT_DAYS)
    same = counted_calls().filter(caller_number=call.caller_number, call_type=call.call_type).exclude(pk=call.pk)
    earlier = same.filter(
        created_at__gte=call.created_at - window,
        created_at__lt=call.created_at,
        answered_at__isnull=False,
        repeated=False,
    )
    moments = list(earlier.values_list("created_at", flat=True))
    if moments:
        earlier.update(repeated=True)
        calls_changed(moments)
    later = same.filter(created_at__gt=call.created_at, created_at__lte=call.created_at + window).exists()
    if later != call.repeated:
        Call.objects.filter(pk=call.pk).update(repeated=later)
        call.repeated = later
        calls_changed([call.created_at])
