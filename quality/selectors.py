"""Reads of the quality loop: who sees what, what is left to check today and this week, calibration spreads, calls
missing their recording, and the monthly appraisal computed from the records (K-4, K-8).

The appraisal is set-based: a constant number of queries whatever the number of agents and calls — the calls from
the K-10 roll-up (callcenter.metrics), the callbacks, checks, marks and typing tests each grouped by agent in one
query (bench/quality.py: 100 agents, 300,000 calls, 60,000 callbacks, 5,000 checks).
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, Exists, ExpressionWrapper, F, FloatField, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import Team, User
from accounts.roles import Role
from callbacks.choices import Status as CallbackStatus
from callbacks.models import Callback
from callcenter import metrics
from callcenter.models import Call, Recording
from csc.periods import day_bounds, days_bounds, month_of, week_of
from csc.permissions import has_role, may, scope
from quality.choices import MarkKind, MarkState, Purpose
from quality.models import (
    AppraisalMonth,
    AppraisalRow,
    ErrorType,
    ItemScore,
    Mark,
    RewardBand,
    SpotCheck,
    TypingTest,
)

VIEW_ALL = "quality.view_all_spotchecks"


# --- who sees what -----------------------------------------------------------------------------------------------


def _agent_visible(user, agent_field: str) -> Q:
    """Own rows; a lead's team's rows; the rows one made (`checker` on checks, `recorded_by` on marks)."""
    visible = Q(**{f"{agent_field}_id": user.pk})
    if has_role(user, Role.TEAM_LEAD):
        visible |= Q(**{f"{agent_field}__team_id__in": sorted(user.answered_team_ids)})
    return visible


def spot_check_scope(user, queryset: QuerySet) -> QuerySet:
    if may(user, VIEW_ALL):
        return queryset
    return queryset.filter(_agent_visible(user, "agent") | Q(checker_id=user.pk))


def spot_check_object_rule(user, check) -> bool:
    if may(user, VIEW_ALL) or user.pk in (check.agent_id, check.checker_id):
        return True
    return has_role(user, Role.TEAM_LEAD) and check.agent.team_id in user.answered_team_ids


def agent_rows_scope(user, queryset: QuerySet) -> QuerySet:
    """Marks and typing tests: own, the led team's, or all (view_all_spotchecks)."""
    if may(user, VIEW_ALL):
        return queryset
    return queryset.filter(_agent_visible(user, "agent"))


def agent_row_object_rule(user, row) -> bool:
    if may(user, VIEW_ALL) or row.agent_id == user.pk:
        return True
    return has_role(user, Role.TEAM_LEAD) and row.agent.team_id in user.answered_team_ids


def call_scorable_rule(user, call) -> bool:
    """Who may score a call: a lead or the head, never the call's own agent (the service says why)."""
    return call.agent_id is not None


def is_appraised(user) -> bool:
    """An agent 客服员 is appraised: the role agent, with an agent number."""
    return bool(user and user.agent_number) and has_role(user, Role.AGENT)


def appraised_agents(*, month: date | None = None, user=None, team: int | None = None) -> QuerySet[User]:
    """The agents of the appraisal: active agents, and those who left but have a frozen row of the month."""
    agents = User.objects.filter(groups__name=Role.AGENT, agent_number__isnull=False)
    alive = Q(is_active=True)
    if month is not None:
        alive |= Q(pk__in=AppraisalRow.objects.filter(appraisal_month__month=month).values("agent_id"))
    agents = agents.filter(alive)
    if user is not None and not may(user, VIEW_ALL):
        visible = Q(pk=user.pk)
        if has_role(user, Role.TEAM_LEAD):
            visible |= Q(team_id__in=sorted(user.answered_team_ids))
        agents = agents.filter(visible)
    if team is not None:
        agents = agents.filter(team_id=team)
    return agents.select_related("team").distinct().order_by("agent_number")


def spot_checks_visible_to(*, user) -> QuerySet[SpotCheck]:
    return scope(user, SpotCheck.objects.all(), "quality.view_spotcheck")


def spot_checks_for_list(*, user) -> QuerySet[SpotCheck]:
    return spot_checks_visible_to(user=user).select_related("agent", "checker", "sheet_version__sheet", "call")


def marks_for_list(*, user) -> QuerySet[Mark]:
    return scope(user, Mark.objects.all(), "quality.view_mark").select_related(
        "agent", "error_type", "recorded_by", "decided_by", "ticket", "spot_check"
    )


def typing_tests_for_list(*, user) -> QuerySet[TypingTest]:
    return scope(user, TypingTest.objects.all(), "quality.view_typingtest").select_related("agent", "recorded_by")


# --- what to check ----------------------------------------------------------------------------------------------------


def playable_recording(call: Call) -> Recording | None:
    """The call's first recording that is not deleted and not empty."""
    return (
        call.recordings.filter(deleted_at__isnull=True)
        .exclude(size_bytes=0)
        .exclude(duration_seconds=0)
        .order_by("created_at", "id")
        .first()
    )


def _live_recordings() -> QuerySet[Recording]:
    return (
        Recording.objects.filter(call=OuterRef("pk"), deleted_at__isnull=True)
        .exclude(size_bytes=0)
        .exclude(duration_seconds=0)
    )


def to_check_today(*, user, day: date | None = None, offers: int = 3) -> list[dict]:
    """The lead's day (seed 004 各领班每天必须…抽查一次): each agent of the led teams, whether checked today, and for
    the unchecked a few of today's recorded calls, picked at random. Three queries."""
    day = day or timezone.localdate()
    start, end = day_bounds(day)
    agents = list(appraised_agents(user=user).exclude(pk=user.pk))
    ids = [agent.pk for agent in agents]
    checked = dict(
        SpotCheck.objects.filter(agent_id__in=ids, purpose=Purpose.CHECK, checked_at__gte=start, checked_at__lt=end)
        .values("agent_id")
        .annotate(n=Count("id"))
        .values_list("agent_id", "n")
    )
    calls: dict[int, list[Call]] = defaultdict(list)
    for call in (
        Call.objects.filter(
            agent_id__in=[pk for pk in ids if pk not in checked], created_at__gte=start, created_at__lt=end
        )
        .filter(Exists(_live_recordings()))
        .exclude(Exists(SpotCheck.objects.filter(call=OuterRef("pk"))))
        .only("id", "agent_id", "created_at", "caller_number", "call_type", "direction")
    ):
        calls[call.agent_id].append(call)
    chooser = random.Random(f"{user.pk}-{day}")  # noqa: S311  a fair pick, not a secret; stable within the day
    rows = []
    for agent in agents:
        offered = calls.get(agent.pk, [])
        rows.append(
            {
                "agent": agent,
                "checked": checked.get(agent.pk, 0),
                "calls": chooser.sample(offered, min(offers, len(offered))),
                "calls_today": len(offered),
            }
        )
    rows.sort(key=lambda row: (row["checked"] > 0, row["agent"].agent_number or ""))
    return rows


def week_of_checks(*, day: date | None = None) -> dict:
    """The department head's week (seed 004: 领班每天, 部长每周): per lead and day, the agents of their teams and how
    many of them were checked by the lead; and the head's own checks of the week. Four queries."""
    monday, sunday = week_of(day or timezone.localdate())
    start, end = days_bounds(monday, sunday)
    days = [monday + timedelta(days=n) for n in range(7)]
    teams = list(Team.objects.filter(is_active=True, lead__isnull=False).select_related("lead").order_by("name"))
    sizes = dict(
        User.objects.filter(groups__name=Role.AGENT, is_active=True, team__in=teams)
        .values("team_id")
        .annotate(n=Count("id", distinct=True))
        .values_list("team_id", "n")
    )
    done: dict[tuple[int, date], set[int]] = defaultdict(set)
    heads: dict[int, dict] = {}
    for checker_id, agent_id, checked_at, level, name, number in SpotCheck.objects.filter(
        checked_at__gte=start, checked_at__lt=end
    ).values_list(
        "checker_id", "agent_id", "checked_at", "checker_level", "checker__display_name", "checker__username"
    ):
        local_day = timezone.localtime(checked_at).date()
        done[(checker_id, local_day)].add(agent_id)
        if level == "head":
            entry = heads.setdefault(checker_id, {"name": name or number, "checks": 0})
            entry["checks"] += 1
    leads = []
    for team in teams:
        size = sizes.get(team.pk, 0)
        cells = [
            {
                "day": one,
                "checked": len(done.get((team.lead_id, one), ())),
                "agents": size,
                "future": one > timezone.localdate(),
            }
            for one in days
        ]
        leads.append({"team": team, "lead": team.lead, "cells": cells})
    return {"monday": monday, "sunday": sunday, "days": days, "leads": leads, "heads": list(heads.values())}


def calibration(*, call: Call) -> dict:
    """Every scoring of one call, item by item, with each item's spread (highest minus lowest deduction) — the
    leads' calibration (K-4). Two queries."""
    checks = list(
        SpotCheck.objects.filter(call=call).select_related("checker", "sheet_version__sheet").order_by("checked_at")
    )
    scores = defaultdict(dict)
    items: dict[int, object] = {}
    for row in ItemScore.objects.filter(check_row__in=checks).select_related("item").order_by("item__order"):
        scores[row.item_id][row.check_row_id] = row.deducted
        items.setdefault(row.item_id, row.item)
    lines = []
    for item_id, item in items.items():
        values = [scores[item_id].get(check.pk) for check in checks]
        present = [value for value in values if value is not None]
        lines.append({"item": item, "values": values, "spread": (max(present) - min(present)) if present else 0})
    totals = [check.score for check in checks]
    return {
        "checks": checks,
        "lines": lines,
        "score_spread": (max(totals) - min(totals)) if totals else 0,
        "same_sheet": len({check.sheet_version_id for check in checks}) <= 1,
    }


def recording_gaps(*, first: date, last: date) -> QuerySet[Call]:
    """Seed 004: every work call is recorded. The answered calls of the days with no recording, or only an empty or
    deleted one — each a recorder fault for the lead to follow."""
    start, end = days_bounds(first, last)
    return (
        Call.objects.filter(created_at__gte=start, created_at__lt=end, answered_at__isnull=False, agent__isnull=False)
        .exclude(Exists(_live_recordings()))
        .annotate(recordings_count=Count("recordings"))
        .select_related("agent")
        .order_by("-created_at", "-id")
    )


# --- the monthly appraisal (K-8) --------------------------------------------------------------------------------------


@dataclass
class AppraisalLine:
    """One agent's month: every figure computed from the records, never typed in."""

    agent_id: int
    agent: str = ""
    agent_number: str = ""
    team: str = ""
    calls_taken: int = 0
    callbacks_done: int = 0
    checks: int = 0
    average_score: Decimal | None = None  # per cent of the sheets' totals
    zeroed_checks: int = 0
    unacknowledged: int = 0
    errors: dict[str, dict] = field(default_factory=dict)  # code → {"count", "amount"}
    error_amount: Decimal = Decimal(0)
    praise: dict[str, int] = field(default_factory=dict)  # code → count
    praise_count: int = 0
    reward_level: int | None = None
    reward_amount: Decimal = Decimal(0)
    typing: dict | None = None
    # The month before, closed and changed since: its fines and its bonus as recomputed now minus as frozen.
    adjusted_fines: Decimal = Decimal(0)
    adjusted_bonus: Decimal = Decimal(0)

    @property
    def adjustment(self) -> Decimal:
        return self.adjusted_bonus - self.adjusted_fines

    @property
    def net_amount(self) -> Decimal:
        """The bonus less the fines, with the previous month's adjustment."""
        return self.reward_amount - self.error_amount + self.adjustment

    def as_json(self) -> dict:
        data = asdict(self)
        for key in ("average_score", "error_amount", "reward_amount", "adjusted_fines", "adjusted_bonus"):
            data[key] = None if data[key] is None else str(data[key])
        for entry in data["errors"].values():
            entry["amount"] = str(entry["amount"])
        return data

    @classmethod
    def from_json(cls, data: dict) -> AppraisalLine:
        data = dict(data)
        for key in ("error_amount", "reward_amount", "adjusted_fines", "adjusted_bonus"):
            data[key] = Decimal(data.get(key) or 0)
        data["average_score"] = None if data.get("average_score") is None else Decimal(data["average_score"])
        data["errors"] = {
            code: {"count": entry["count"], "amount": Decimal(entry["amount"])}
            for code, entry in data.get("errors", {}).items()
        }
        known = set(cls.__dataclass_fields__)
        return cls(**{key: value for key, value in data.items() if key in known})


def _bands() -> list[RewardBand]:
    return list(RewardBand.objects.order_by("-min_score", "-level"))


def _reward(average: Decimal | None, bands: list[RewardBand]) -> tuple[int | None, Decimal]:
    """The highest level whose lowest average score the month reached; none without a check."""
    if average is None:
        return None, Decimal(0)
    for band in bands:
        if average >= band.min_score and band.amount > 0:
            return band.level, band.amount
    return None, Decimal(0)


def appraisal_compute(*, month: date, agents) -> list[AppraisalLine]:
    """The month's lines of these agents from the records as they stand. A constant number of queries: the agents,
    the calls (K-10 roll-up, four), callbacks, checks, marks, typing tests and the reward levels — one each."""
    first, last = month_of(month)
    start, end = days_bounds(first, last)
    agents = list(agents)
    ids = [agent.pk for agent in agents]
    lines = {
        agent.pk: AppraisalLine(
            agent_id=agent.pk,
            agent=agent.display_name or agent.get_full_name() or agent.username,
            agent_number=agent.agent_number or "",
            team=agent.team.name if agent.team_id and agent.team else "",
        )
        for agent in agents
    }
    if not ids:
        return []
    for agent_id, figures in metrics.figures(start=start, end=end, by="agent", agents=ids).items():
        if agent_id in lines:
            lines[agent_id].calls_taken = figures.answered
    for agent_id, count in (
        Callback.objects.filter(status=CallbackStatus.DONE, done_at__gte=start, done_at__lt=end, done_by_id__in=ids)
        .values("done_by_id")
        .annotate(n=Count("id"))
        .values_list("done_by_id", "n")
    ):
        lines[agent_id].callbacks_done = count
    percent = ExpressionWrapper(F("score") * 100.0 / F("total_points"), output_field=FloatField())
    for row in (
        SpotCheck.objects.filter(purpose=Purpose.CHECK, checked_at__gte=start, checked_at__lt=end, agent_id__in=ids)
        .values("agent_id")
        .annotate(
            n=Count("id"),
            average=Avg(percent),
            zeroed=Count("id", filter=Q(zeroed=True)),
            open=Count("id", filter=Q(acknowledged_at__isnull=True)),
        )
    ):
        line = lines[row["agent_id"]]
        line.checks = row["n"]
        line.average_score = Decimal(str(round(row["average"], 2)))
        line.zeroed_checks = row["zeroed"]
        line.unacknowledged = row["open"]
    for agent_id, code, kind, count, amount in (
        Mark.objects.filter(state=MarkState.COUNTED, occurred_on__gte=first, occurred_on__lte=last, agent_id__in=ids)
        .values("agent_id", "error_type__code", "kind")
        .annotate(n=Count("id"), total=Sum("amount"))
        .values_list("agent_id", "error_type__code", "kind", "n", "total")
    ):
        line = lines[agent_id]
        if kind == MarkKind.PRAISE:
            line.praise[code] = count
            line.praise_count += count
        else:
            line.errors[code] = {"count": count, "amount": Decimal(amount or 0)}
            line.error_amount += Decimal(amount or 0)
    for test in TypingTest.objects.filter(
        agent_id__in=ids, tested_on__lte=last, tested_on__gt=last - timedelta(days=366)
    ).order_by("agent_id", "-tested_on", "-id"):
        line = lines[test.agent_id]
        if line.typing is None:
            line.typing = {
                "tested_on": test.tested_on.isoformat(),
                "english_per_minute": test.english_per_minute,
                "english_accuracy": str(test.english_accuracy),
                "chinese_per_minute": test.chinese_per_minute,
                "chinese_accuracy": str(test.chinese_accuracy),
            }
    bands = _bands()
    for line in lines.values():
        line.reward_level, line.reward_amount = _reward(line.average_score, bands)
    return [lines[pk] for pk in ids]


@dataclass
class Appraisal:
    month: date
    closed: AppraisalMonth | None
    lines: list[AppraisalLine]
    error_types: list[ErrorType]
    praise_types: list[ErrorType]
    previous_closed: bool = False


def appraisal(*, month: date, user=None, team: int | None = None) -> Appraisal:
    """The appraisal of a month as the user may see it: frozen rows of a closed month, else computed now. For an
    open month after a closed one, the closed month's changes since closing (a waived error, a late check of that
    month's calls…) are carried in as adjustments: its money recomputed minus its money frozen."""
    first, _last = month_of(month)
    closed = AppraisalMonth.objects.filter(month=first).first()
    agents = appraised_agents(month=first, user=user, team=team)
    types = list(ErrorType.objects.order_by("order", "id"))
    error_types = [kind for kind in types if kind.kind == MarkKind.ERROR]
    praise_types = [kind for kind in types if kind.kind == MarkKind.PRAISE]
    if closed is not None:
        visible = set(agents.values_list("pk", flat=True))
        rows = closed.rows.filter(agent_id__in=visible).order_by("agent__agent_number")
        lines = [AppraisalLine.from_json(row.figures) for row in rows]
        return Appraisal(first, closed, lines, error_types, praise_types)
    agents = list(agents)
    lines = appraisal_compute(month=first, agents=agents)
    before = month_of(first - timedelta(days=1))[0]
    frozen_before = {
        row.agent_id: AppraisalLine.from_json(row.figures)
        for row in AppraisalRow.objects.filter(appraisal_month__month=before, agent_id__in=[a.pk for a in agents])
    }
    if frozen_before:
        now_before = {line.agent_id: line for line in appraisal_compute(month=before, agents=agents)}
        for line in lines:
            old, new = frozen_before.get(line.agent_id), now_before.get(line.agent_id)
            if old is None or new is None:
                continue
            line.adjusted_fines = new.error_amount - old.error_amount
            line.adjusted_bonus = new.reward_amount - old.reward_amount
    return Appraisal(first, None, lines, error_types, praise_types, previous_closed=bool(frozen_before))


def closed_months() -> set[date]:
    return set(AppraisalMonth.objects.values_list("month", flat=True))


def qa_by_agent(*, start, end, team: int | None = None) -> list[dict]:
    """The dashboard's QA panel: checks and the average score (per cent) per agent in [start, end). One query."""
    percent = ExpressionWrapper(F("score") * 100.0 / F("total_points"), output_field=FloatField())
    rows = SpotCheck.objects.filter(purpose=Purpose.CHECK, checked_at__gte=start, checked_at__lt=end)
    if team is not None:
        rows = rows.filter(agent__team_id=team)
    return list(
        rows.values("agent_id", "agent__agent_number", "agent__display_name", "agent__username")
        .annotate(n=Count("id"), average=Avg(percent))
        .order_by("agent__agent_number")
    )
