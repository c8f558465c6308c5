"""Every write on spot checks, marks, typing tests, score sheets and the appraisal (K-4, K-8).

Keyword arguments, the acting user, one transaction. Bad input raises ValidationError per field (a form error /
400); a step the record's state does not allow raises DomainError (409); acting on someone else's record raises
PermissionDenied (403). Nothing is half-saved: a check with its item scores and its marks is one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.roles import Role
from callcenter.models import Call
from csc.api import DomainError
from csc.periods import month_of
from csc.permissions import has_role, may
from csc.text import record_text
from quality import selectors
from quality.choices import CheckerLevel, MarkKind, MarkSource, MarkState, Purpose
from quality.models import (
    AppraisalMonth,
    AppraisalRow,
    ErrorType,
    ItemScore,
    Mark,
    RewardBand,
    ScoreItem,
    ScoreSheet,
    ScoreSheetVersion,
    SpotCheck,
    TypingTest,
)
from tickets.models import Ticket

WRONG_STATION = "wrong_station"  # the error type a station's rejection proposes (seed 004: 将报修传递给错误的维修站)


# --- score sheets ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemInput:
    label: str
    points: int
    fatal: bool = False
    error_type: ErrorType | None = None


@transaction.atomic
def sheet_save(
    *,
    actor,
    name: str,
    kind: str,
    total_points: int,
    items: list[ItemInput],
    sheet: ScoreSheet | None = None,
    is_active: bool = True,
) -> ScoreSheetVersion:
    """Save a sheet's items as its next version (or a new sheet's first): checks scored on older versions keep them.
    The items' points must add up to the sheet's total (the printed sheet's 35 and 16)."""
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Give the score sheet a name.")]
    elif ScoreSheet.objects.filter(name=name).exclude(pk=getattr(sheet, "pk", None)).exists():
        errors["name"] = [_("Another score sheet has this name.")]
    items = [item for item in items if item.label.strip()]
    if not items:
        errors["items"] = [_("A score sheet needs at least one item.")]
    elif any(item.points < 1 or item.points > 100 for item in items):
        errors["items"] = [_("Each item is worth 1 to 100 points.")]
    elif sum(item.points for item in items) != total_points:
        errors["total_points"] = [
            _("The items add up to %(sum)d points, not the sheet's total of %(total)d.")
            % {"sum": sum(item.points for item in items), "total": total_points}
        ]
    if errors:
        raise ValidationError(errors)
    if sheet is None:
        sheet = ScoreSheet.objects.create(name=name, kind=kind, is_active=is_active)
    else:
        sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
        sheet.name, sheet.kind, sheet.is_active = name, kind, is_active
        sheet.save()
    last = sheet.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = ScoreSheetVersion.objects.create(
        sheet=sheet, number=last + 1, total_points=total_points, created_by=actor
    )
    ScoreItem.objects.bulk_create(
        ScoreItem(
            version=version,
            order=position,
            label=item.label.strip()[:60],
            points=item.points,
            fatal=item.fatal,
            error_type=item.error_type,
        )
        for position, item in enumerate(items, start=1)
    )
    return version


# --- spot checks -----------------------------------------------------------------------------------------------------


def checker_level(user) -> str:
    """The supervisor is the department head 部长 of seed 004; everyone else who checks does so as a team lead."""
    return CheckerLevel.HEAD if has_role(user, Role.SUPERVISOR) else CheckerLevel.LEAD


@transaction.atomic
def spot_check_create(
    *,
    call: Call,
    actor,
    sheet: ScoreSheet,
    deductions: dict[int, int],
    errors: list[ErrorType] = (),  # type: ignore[assignment]
    praise: list[ErrorType] = (),  # type: ignore[assignment]
    problems: str = "",
    good_points: str = "",
    at: datetime | None = None,
) -> SpotCheck:
    """Score one call's recording: the deduction of every item of the sheet's current version (扣分), the errors
    found (each counted against the agent with its fine) and praise. The first check of a call counts in the
    agent's appraisal; another lead's scoring of the same call is a calibration, compared item by item."""
    now = at or timezone.now()
    if not may(actor, "quality.add_spotcheck", call):
        raise PermissionDenied(_("You may not score this call."))
    # of=self: the agent is a nullable link (an outer join), which PostgreSQL cannot lock
    call = Call.objects.select_for_update(of=("self",)).select_related("agent").get(pk=call.pk)
    if call.agent_id is None:
        raise DomainError(_("This call has no agent to score."), code="no_agent")
    if call.agent_id == actor.pk:
        raise PermissionDenied(_("You cannot score your own call."))
    recording = selectors.playable_recording(call)
    if recording is None:
        raise DomainError(_("This call has no recording to check."), code="no_recording")
    if SpotCheck.objects.filter(call=call, checker=actor).exists():
        raise DomainError(_("You have already scored this call."), code="already_scored")
    version = sheet.current_version() if sheet.is_active else None
    if version is None:
        raise ValidationError({"sheet": [_("Choose a score sheet in use.")]})
    items = list(version.items.select_related("error_type"))
    field_errors: dict[str, list[str]] = {}
    clean: dict[int, int] = {}
    for item in items:
        raw = deductions.get(item.pk, 0)
        try:
            value = int(raw if raw not in (None, "") else 0)
        except (TypeError, ValueError):
            field_errors[f"item_{item.pk}"] = [_("Enter a whole number of points.")]
            continue
        if value < 0 or value > item.points:
            field_errors[f"item_{item.pk}"] = [
                _("%(item)s: deduct 0 to %(points)d points.") % {"item": item.label, "points": item.points}
            ]
            continue
        clean[item.pk] = value
    unknown = set(deductions) - {item.pk for item in items}
    if unknown:
        field_errors["deductions"] = [_("Some items are not on this score sheet.")]
    found = list(dict.fromkeys(errors))
    kudos = list(dict.fromkeys(praise))
    if any(kind.kind != MarkKind.ERROR for kind in found) or any(kind.kind != MarkKind.PRAISE for kind in kudos):
        field_errors["errors"] = [_("Choose errors among the errors and praise among the praise.")]
    if field_errors:
        raise ValidationError(field_errors)
    # An item missed entirely counts its linked error (选对维修站 missed: a wrong station).
    for item in items:
        if item.error_type_id and item.error_type.is_active and clean[item.pk] == item.points:
            if item.error_type not in found:
                found.append(item.error_type)
    deducted = sum(clean.values())
    zeroed = any(item.fatal and clean[item.pk] == item.points for item in items) or any(
        kind.zeroes_check for kind in found
    )
    counts = not SpotCheck.objects.filter(call=call, purpose=Purpose.CHECK).exists()
    check = SpotCheck.objects.create(
        call=call,
        recording=recording,
        agent=call.agent,
        checker=actor,
        checker_level=checker_level(actor),
        purpose=Purpose.CHECK if counts else Purpose.CALIBRATION,
        sheet_version=version,
        total_points=version.total_points,
        deducted=deducted,
        score=0 if zeroed else max(version.total_points - deducted, 0),
        zeroed=zeroed,
        problems=(problems or "").strip(),
        good_points=(good_points or "").strip(),
        checked_at=now,
    )
    ItemScore.objects.bulk_create(ItemScore(check_row=check, item_id=pk, deducted=value) for pk, value in clean.items())
    if counts:  # a calibration compares scorers; it counts nothing against the agent
        day = timezone.localtime(now).date()
        Mark.objects.bulk_create(
            Mark(
                agent=call.agent,
                error_type=kind,
                kind=kind.kind,
                amount=kind.amount,
                occurred_on=day,
                source=MarkSource.SPOT_CHECK,
                spot_check=check,
                reason=check.problems if kind.kind == MarkKind.ERROR else check.good_points,
                recorded_by=actor,
                recorded_at=now,
            )
            for kind in [*found, *kudos]
        )
    return check


@transaction.atomic
def spot_check_acknowledge(*, check: SpotCheck, actor, remark: str = "", at: datetime | None = None) -> SpotCheck:
    """The checked agent's own confirmation 签字确认, with the time and an optional remark; the score is not theirs to
    change."""
    check = SpotCheck.objects.select_for_update().get(pk=check.pk)
    if check.agent_id != actor.pk or not may(actor, "quality.acknowledge_spotcheck"):
        raise PermissionDenied(_("Only the agent whose call was checked acknowledges the check."))
    if check.purpose != Purpose.CHECK:
        raise DomainError(_("A calibration is not acknowledged by the agent."), code="calibration")
    if check.acknowledged_at is not None:
        raise DomainError(_("You have already acknowledged this check."), code="acknowledged")
    remark = (remark or "").strip()
    if len(remark) > 1000:
        raise ValidationError({"remark": [_("Keep the remark under 1,000 characters.")]})
    check.acknowledged_at = at or timezone.now()
    check.agent_remark = remark
    check.save(update_fields=["acknowledged_at", "agent_remark"])
    return check


# --- counted errors and praise -----------------------------------------------------------------------------------


def _refuse_closed(day: date, field: str) -> None:
    first, _last = month_of(day)
    if AppraisalMonth.objects.filter(month=first).exists():
        raise ValidationError(
            {field: [_("%(month)s is closed: record it in an open month.") % {"month": f"{first:%Y-%m}"}]}
        )


@transaction.atomic
def mark_record(*, agent, error_type: ErrorType, occurred_on: date, reason: str, actor) -> Mark:
    """A lead counts an error (or a praise) against an agent by hand, with the reason."""
    if not may(actor, "quality.manage_mark"):
        raise PermissionDenied(_("You may not record counted errors or praise."))
    errors: dict[str, list[str]] = {}
    if agent.pk == actor.pk:
        errors["agent"] = [_("You cannot record an error or praise of your own.")]
    elif not selectors.is_appraised(agent):
        errors["agent"] = [_("Choose an agent.")]
    if not error_type.is_active:
        errors["error_type"] = [_("This type is no longer in use.")]
    if not (reason or "").strip():
        errors["reason"] = [_("Say what happened.")]
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = [_("The day cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    _refuse_closed(occurred_on, "occurred_on")
    return Mark.objects.create(
        agent=agent,
        error_type=error_type,
        kind=error_type.kind,
        amount=error_type.amount,
        occurred_on=occurred_on,
        source=MarkSource.MANUAL,
        reason=reason.strip(),
        recorded_by=actor,
    )


def _decide(*, mark: Mark, actor, state: str, reason: str) -> Mark:
    if not may(actor, "quality.manage_mark", mark):
        raise PermissionDenied(_("You may not decide on this mark."))
    mark = Mark.objects.select_for_update().get(pk=mark.pk)
    if mark.state == MarkState.WAIVED or (state == MarkState.COUNTED and mark.state == MarkState.COUNTED):
        raise DomainError(_("This has been decided already."), code="decided")
    if mark.agent_id == actor.pk:
        raise PermissionDenied(_("You cannot decide on a mark of your own."))
    mark.state = state
    mark.decided_by = actor
    mark.decided_at = timezone.now()
    mark.decision_reason = reason
    mark.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
    return mark


@transaction.atomic
def mark_confirm(*, mark: Mark, actor, reason: str = "") -> Mark:
    """A lead confirms a proposed mark (a station's rejection was the agent's wrong station)."""
    return _decide(mark=mark, actor=actor, state=MarkState.COUNTED, reason=(reason or "").strip())


@transaction.atomic
def mark_waive(*, mark: Mark, actor, reason: str) -> Mark:
    """A lead waives a mark with the reason; it stays on record. In a closed month it becomes an adjustment."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why it is waived.")]})
    return _decide(mark=mark, actor=actor, state=MarkState.WAIVED, reason=reason.strip())


def on_ticket_rejected(*, ticket: Ticket, station, actor, at: datetime, **_kwargs) -> None:
    """A station rejected a ticket as not its area: a wrong station 选错维修站 is proposed against the agent who took
    it, for a lead to confirm or waive (the address, not the agent, may have been wrong)."""
    taker = ticket.created_by
    if taker is None or not selectors.is_appraised(taker):
        return
    kind = ErrorType.objects.filter(code=WRONG_STATION, is_active=True).first()
    if kind is None:
        return
    key = f"ticket-reject:{ticket.pk}:{ticket.reject_count}"
    try:
        with transaction.atomic():
            Mark.objects.create(
                agent=taker,
                error_type=kind,
                kind=kind.kind,
                amount=kind.amount,
                occurred_on=timezone.localtime(at).date(),
                source=MarkSource.TICKET,
                ticket=ticket,
                source_key=key,
                reason=record_text(gettext_noop("Rejected by %(station)s."), station=station) if station else "",
                state=MarkState.PROPOSED,
                recorded_at=at,
            )
    except IntegrityError:  # the same rejection told twice
        pass


# --- typing tests ------------------------------------------------------------------------------------------------


def _percent(value, field: str, errors: dict) -> Decimal | None:
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        errors[field] = [_("Enter a share in per cent, 0 to 100.")]
        return None
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):  # NaN compares by raising
        errors[field] = [_("Enter a share in per cent, 0 to 100.")]
        return None
    return number


@transaction.atomic
def typing_test_record(
    *,
    agent,
    tested_on: date,
    english_per_minute: int,
    english_accuracy,
    chinese_per_minute: int,
    chinese_accuracy,
    actor,
) -> TypingTest:
    """Seed 004 打字速度测试: English and Chinese per minute, each with its accuracy."""
    if not may(actor, "quality.add_typingtest"):
        raise PermissionDenied(_("You may not record typing tests."))
    errors: dict[str, list[str]] = {}
    if not selectors.is_appraised(agent):
        errors["agent"] = [_("Choose an agent.")]
    if tested_on > timezone.localdate():
        errors["tested_on"] = [_("The day cannot be in the future.")]
    for field, value in (("english_per_minute", english_per_minute), ("chinese_per_minute", chinese_per_minute)):
        if not isinstance(value, int) or not 0 <= value <= 1000:
            errors[field] = [_("Enter 0 to 1,000 characters per minute.")]
    english = _percent(english_accuracy, "english_accuracy", errors)
    chinese = _percent(chinese_accuracy, "chinese_accuracy", errors)
    if errors:
        raise ValidationError(errors)
    return TypingTest.objects.create(
        agent=agent,
        tested_on=tested_on,
        english_per_minute=english_per_minute,
        english_accuracy=english,
        chinese_per_minute=chinese_per_minute,
        chinese_accuracy=chinese,
        recorded_by=actor,
    )


# --- settings: amounts and reward levels -------------------------------------------------------------------------


@transaction.atomic
def error_type_save(*, error_type: ErrorType, actor, amount, zeroes_check: bool, is_active: bool) -> ErrorType:
    """A new amount applies to marks recorded from now on; marks already recorded keep theirs."""
    if not may(actor, "quality.manage_quality_settings"):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"))
        if value < 0 or value >= Decimal("100000"):
            raise ValueError
    except (InvalidOperation, ValueError, TypeError):
        errors["amount"] = [_("Enter an amount in yuan, 0 to 99,999.")]
    if errors:
        raise ValidationError(errors)
    error_type.amount = value
    error_type.zeroes_check = bool(zeroes_check) and error_type.kind == MarkKind.ERROR
    error_type.is_active = bool(is_active)
    error_type.save()
    return error_type


@transaction.atomic
def reward_bands_save(*, actor, bands: list[tuple[int, Decimal, Decimal]]) -> list[RewardBand]:
    """The reward levels (level, lowest average score %, bonus): a higher level needs a higher score and pays more.
    A closed month keeps the level and bonus it was frozen with."""
    if not may(actor, "quality.manage_quality_settings"):
        raise PermissionDenied
    ordered = sorted(bands)
    for (_level, score, amount), (_next_level, next_score, next_amount) in zip(ordered, ordered[1:], strict=False):
        if next_score <= score or next_amount <= amount:
            raise ValidationError(
                {"bands": [_("Each level needs a higher score and a higher bonus than the level below it.")]}
            )
    if any(not Decimal(0) <= score <= Decimal(100) or amount < 0 for _level, score, amount in ordered):
        raise ValidationError({"bands": [_("Scores are 0 to 100 per cent and bonuses not negative.")]})
    saved = []
    for level, score, amount in ordered:
        band, _created = RewardBand.objects.update_or_create(
            level=level, defaults={"min_score": score, "amount": amount}
        )
        saved.append(band)
    RewardBand.objects.exclude(level__in=[level for level, _s, _a in ordered]).update(min_score=Decimal(100), amount=0)
    return saved


# --- closing a month -------------------------------------------------------------------------------------------------


@transaction.atomic
def appraisal_close(*, month: date, actor) -> AppraisalMonth:
    """The supervisor closes an ended month: every agent's row is frozen as it stands. Later changes to the records
    of that month do not alter it; the next month's appraisal lists them as adjustments."""
    if not may(actor, "quality.close_appraisal"):
        raise PermissionDenied(_("You may not close a month."))
    first, _last = month_of(month)
    if first >= month_of(timezone.localdate())[0]:
        raise DomainError(_("A month can be closed once it has ended."), code="not_ended")
    if AppraisalMonth.objects.select_for_update().filter(month=first).exists():
        raise DomainError(_("%(month)s is closed already.") % {"month": f"{first:%Y-%m}"}, code="closed")
    lines = selectors.appraisal(month=first).lines  # with the adjustments carried in from the month before
    try:
        with transaction.atomic():
            closed = AppraisalMonth.objects.create(month=first, closed_by=actor)
    except IntegrityError:  # closed at the same moment by another request: its rows stand
        raise DomainError(_("%(month)s is closed already.") % {"month": f"{first:%Y-%m}"}, code="closed") from None
    AppraisalRow.objects.bulk_create(
        AppraisalRow(appraisal_month=closed, agent_id=line.agent_id, figures=line.as_json()) for line in lines
    )
    return closed
