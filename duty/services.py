"""Every write on the rota, swaps, handovers, duty logs and incidents (K-7, K-9).

Keyword arguments, the acting user, one transaction. Bad input raises ValidationError per field (a form error /
400); a step the record's state does not allow raises DomainError (409); acting where one may not raises
PermissionDenied (403). Nothing is half-saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Team, User
from complaints.models import Complaint
from csc.api import DomainError
from csc.messaging import notify
from csc.periods import day_start, month_of
from csc.permissions import may
from csc.text import record_text
from duty import selectors
from duty.choices import HandoverState, IncidentKind, IncidentState, SwapState
from duty.models import (
    DutyLog,
    DutyLogCheck,
    DutyLogEntry,
    DutySettings,
    Handover,
    HandoverItem,
    Incident,
    IncidentNotice,
    RotaEntry,
    Shift,
    SwapRequest,
)
from tickets.models import Outage, Ticket

SWAP_REQUESTED = "duty.swap_requested"
SWAP_DECIDED = "duty.swap_decided"


def duty_settings() -> DutySettings:
    return DutySettings.objects.order_by("pk").first() or DutySettings()


# --- the shifts and the settings ------------------------------------------------------------------------------------

SETTINGS_PERM = "duty.manage_duty_settings"
SHIFT_NAME_LENGTH = 20  # Shift.name's max_length


def _whole_number(value, *, low: int, high: int) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


@transaction.atomic
def shift_save(
    *,
    actor,
    name: str,
    starts_at: time | None,
    ends_at: time | None,
    order: int | str = 0,
    is_active: bool = True,
    shift: Shift | None = None,
) -> Shift:
    """Add a shift or change one (X-6: the supervisor edits the shifts). A shift people are on from today on keeps
    its times and stays in use — their rota entries carry those times; take them off the rota first, or add a new
    shift. At least one shift stays in use."""
    if not may(actor, SETTINGS_PERM):
        raise PermissionDenied(_("You may not edit the shifts."))
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Give the shift a name.")]
    elif len(name) > SHIFT_NAME_LENGTH:
        errors["name"] = [_("Keep the name to 20 characters.")]
    elif Shift.objects.filter(name=name).exclude(pk__in=[shift.pk] if shift and shift.pk else []).exists():
        errors["name"] = [_("Another shift has this name.")]
    if starts_at is None:
        errors["starts_at"] = [_("When does the shift start?")]
    if ends_at is None:
        errors["ends_at"] = [_("When does the shift end?")]
    elif starts_at is not None and (starts_at.hour, starts_at.minute) == (ends_at.hour, ends_at.minute):
        errors["ends_at"] = [_("The shift ends when it starts: give it a length.")]
    rank = _whole_number(order, low=0, high=999)
    if rank is None:
        errors["order"] = [_("Give the order as a whole number from 0 to 999.")]
    if shift is not None and shift.pk:
        shift = Shift.objects.select_for_update().get(pk=shift.pk)
        ahead = RotaEntry.objects.filter(shift=shift, cancelled_at__isnull=True, day__gte=timezone.localdate())
        retimed = (
            starts_at is not None
            and ends_at is not None
            and (starts_at.replace(second=0, microsecond=0), ends_at.replace(second=0, microsecond=0))
            != (shift.starts_at, shift.ends_at)
        )
        if retimed and ahead.exists():
            errors.setdefault("starts_at", []).append(
                _(
                    "People are on this shift from today on with its present times: take them off the rota first, or "
                    "add a new shift with the new times."
                )
            )
        if not is_active and shift.is_active and ahead.exists():
            errors.setdefault("is_active", []).append(
                _("People are on this shift from today on: take them off the rota before it goes out of use.")
            )
        if not is_active and shift.is_active and not Shift.objects.filter(is_active=True).exclude(pk=shift.pk).exists():
            errors.setdefault("is_active", []).append(_("Keep at least one shift in use."))
    if errors:
        raise ValidationError(errors)
    assert starts_at is not None and ends_at is not None and rank is not None  # checked above
    row = shift or Shift()
    row.name, row.starts_at, row.ends_at = (
        name,
        starts_at.replace(second=0, microsecond=0),
        ends_at.replace(second=0, microsecond=0),
    )
    row.order, row.is_active = rank, bool(is_active)
    row._history_user = actor
    row.save()
    return row


@transaction.atomic
def duty_settings_save(*, actor, swap_notice_days, log_check_share) -> DutySettings:
    """The rota settings: how many days ahead a swap is asked (seed 004: a day), the share of a month's duty logs
    the supervisor checks (seed 003: at least 20 %)."""
    if not may(actor, SETTINGS_PERM):
        raise PermissionDenied(_("You may not edit the rota settings."))
    errors: dict[str, list[str]] = {}
    notice = _whole_number(swap_notice_days, low=0, high=30)
    if notice is None:
        errors["swap_notice_days"] = [_("Give the days as a whole number from 0 to 30.")]
    share = _whole_number(log_check_share, low=1, high=100)
    if share is None:
        errors["log_check_share"] = [_("Give the share as a whole number from 1 to 100.")]
    if errors or notice is None or share is None:
        raise ValidationError(errors)
    row = DutySettings.objects.select_for_update().order_by("pk").first() or DutySettings()
    row.swap_notice_days, row.log_check_share = notice, share
    row._history_user = actor
    row.save()
    return row


# --- the rota ----------------------------------------------------------------------------------------------------


def _on_rota(user) -> bool:
    return bool(user is not None and user.is_active and user.agent_number)


def _overlaps(agent_id: int, start: datetime, end: datetime, *, ignore: Iterable[int] = ()) -> RotaEntry | None:
    return (
        RotaEntry.objects.filter(agent_id=agent_id, cancelled_at__isnull=True, starts_at__lt=end, ends_at__gt=start)
        .exclude(pk__in=list(ignore))
        .select_related("shift")
        .first()
    )


def _overlap_message(agent, entry: RotaEntry) -> str:
    return _("%(agent)s already works %(shift)s on %(day)s, which overlaps.") % {
        "agent": agent,
        "shift": entry.shift.name,
        "day": f"{entry.day:%Y-%m-%d}",
    }


@transaction.atomic
def rota_assign(*, day: date, shift: Shift, agent, actor) -> RotaEntry:
    """Put a member of staff on a shift; never two overlapping shifts for one person."""
    if not may(actor, "duty.manage_rota"):
        raise PermissionDenied(_("You may not build the rota."))
    if not _on_rota(agent):
        raise ValidationError({"agent": [_("Choose a member of staff with an agent number.")]})
    if not shift.is_active:
        raise ValidationError({"shift": [_("This shift is no longer in use.")]})
    User.objects.select_for_update().filter(pk=agent.pk).first()  # one rota change per person at a time
    start, end = shift.bounds(day)
    clash = _overlaps(agent.pk, start, end)
    if clash is not None:
        raise ValidationError({"agent": [_overlap_message(agent, clash)]})
    return RotaEntry.objects.create(day=day, shift=shift, agent=agent, starts_at=start, ends_at=end, created_by=actor)


@transaction.atomic
def rota_remove(*, entry: RotaEntry, actor) -> RotaEntry:
    """Take someone off a shift: the entry is cancelled, never deleted."""
    if not may(actor, "duty.manage_rota"):
        raise PermissionDenied(_("You may not build the rota."))
    entry = RotaEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.cancelled_at is not None:
        raise DomainError(_("This shift was taken off the rota already."), code="cancelled")
    if SwapRequest.objects.filter(Q(entry=entry) | Q(counterpart_entry=entry), state=SwapState.REQUESTED).exists():
        raise DomainError(_("A swap of this shift is waiting for a lead: decide it first."), code="swap_open")
    entry.cancelled_at = timezone.now()
    entry.cancelled_by = actor
    entry.save(update_fields=["cancelled_at", "cancelled_by"])
    return entry


@transaction.atomic
def rota_month_save(*, month: date, wanted: dict[tuple[date, int], set[int]], actor) -> dict[str, int]:
    """The month built on one page: for every (day, shift) the people wanted on it. Entries not wanted any more are
    cancelled, new ones created; every clash is reported at once and then nothing is saved."""
    if not may(actor, "duty.manage_rota"):
        raise PermissionDenied(_("You may not build the rota."))
    first, last = month_of(month)
    shifts = {shift.pk: shift for shift in Shift.objects.filter(is_active=True)}
    people = {user.pk: user for user in User.objects.filter(pk__in={pk for ids in wanted.values() for pk in ids})}
    errors: list[str] = []
    for (day, shift_id), ids in wanted.items():
        if not first <= day <= last or shift_id not in shifts:
            errors.append(_("%(day)s: not a day of this month or not a shift in use.") % {"day": day})
        for pk in ids:
            if not _on_rota(people.get(pk)):
                errors.append(_("%(day)s: choose members of staff with an agent number.") % {"day": day})
    if errors:
        raise ValidationError({"rota": sorted(set(errors))})
    current = {
        (entry.day, entry.shift_id, entry.agent_id): entry
        for entry in RotaEntry.objects.filter(day__gte=first, day__lte=last, cancelled_at__isnull=True)
    }
    wanted_keys = {(day, shift_id, pk) for (day, shift_id), ids in wanted.items() for pk in ids}
    gone = [entry for key, entry in current.items() if key not in wanted_keys and (key[0], key[1]) in wanted]
    open_swaps = set(
        SwapRequest.objects.filter(state=SwapState.REQUESTED)
        .filter(Q(entry__in=gone) | Q(counterpart_entry__in=gone))
        .values_list("entry_id", "counterpart_entry_id")
    )
    blocked = {pk for pair in open_swaps for pk in pair if pk}
    if blocked:
        raise ValidationError({"rota": [_("A swap of a shift you took off is waiting for a lead: decide it first.")]})
    new = sorted(key for key in wanted_keys if key not in current)
    gone_ids = [entry.pk for entry in gone]
    # Overlaps among what stays and what comes, per person, in memory: one query for the month and its edges.
    spans: dict[int, list[tuple[datetime, datetime, str]]] = {}
    for entry in (
        RotaEntry.objects.filter(
            cancelled_at__isnull=True,
            agent_id__in={key[2] for key in new},
            starts_at__lt=day_start(last + timedelta(days=2)),
            ends_at__gt=day_start(first - timedelta(days=1)),
        )
        .exclude(pk__in=gone_ids)
        .select_related("shift")
    ):
        spans.setdefault(entry.agent_id, []).append((entry.starts_at, entry.ends_at, f"{entry.day} {entry.shift.name}"))
    rows = []
    for day, shift_id, pk in new:
        start, end = shifts[shift_id].bounds(day)
        for other_start, other_end, label in spans.get(pk, []):
            if other_start < end and start < other_end:
                errors.append(
                    _("%(agent)s: %(day)s %(shift)s overlaps %(other)s.")
                    % {"agent": people[pk], "day": day, "shift": shifts[shift_id].name, "other": label}
                )
        spans.setdefault(pk, []).append((start, end, f"{day} {shifts[shift_id].name}"))
        rows.append(RotaEntry(day=day, shift_id=shift_id, agent_id=pk, starts_at=start, ends_at=end, created_by=actor))
    if errors:
        raise ValidationError({"rota": errors})
    now = timezone.now()
    for entry in gone:
        entry.cancelled_at, entry.cancelled_by = now, actor
        entry.save(update_fields=["cancelled_at", "cancelled_by"])
    for row in rows:
        row.save()
    return {"added": len(rows), "removed": len(gone)}


# --- swaps ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def swap_request(*, entry: RotaEntry, actor, counterpart, reason: str, counterpart_entry: RotaEntry | None = None):
    """An agent asks to give a shift to a colleague (or to exchange it for one of theirs), a day ahead."""
    if entry.agent_id != actor.pk:
        raise PermissionDenied(_("Only the person on the shift asks to swap it."))
    errors: dict[str, list[str]] = {}
    notice = duty_settings().swap_notice_days
    latest = timezone.localdate() + timedelta(days=notice)
    if entry.cancelled_at is not None:
        errors["entry"] = [_("This shift is no longer on the rota.")]
    elif entry.day < latest:
        errors["entry"] = [_("A swap is asked for at least %(days)d day(s) before the shift.") % {"days": notice}]
    if counterpart.pk == actor.pk or not _on_rota(counterpart):
        errors["counterpart"] = [_("Choose a colleague with an agent number.")]
    if counterpart_entry is not None:
        if counterpart_entry.agent_id != counterpart.pk or counterpart_entry.cancelled_at is not None:
            errors["counterpart_entry"] = [_("Choose one of the colleague's shifts on the rota.")]
        elif counterpart_entry.day < latest:
            errors["counterpart_entry"] = [
                _("A swap is asked for at least %(days)d day(s) before the shift.") % {"days": notice}
            ]
    if not (reason or "").strip():
        errors["reason"] = [_("Say why.")]
    if errors:
        raise ValidationError(errors)
    if SwapRequest.objects.filter(entry=entry, state=SwapState.REQUESTED).exists():
        raise DomainError(_("A swap of this shift is waiting for a lead already."), code="open")
    swap = SwapRequest.objects.create(
        entry=entry,
        requester=actor,
        counterpart=counterpart,
        counterpart_entry=counterpart_entry,
        reason=reason.strip(),
    )
    # The leads of the requester's team decide it, the colleague is asked to cover: both are told at once.
    leads = [pk for pk in Team.objects.filter(pk=actor.team_id).values_list("lead_id", flat=True) if pk]
    _tell(
        swap,
        SWAP_REQUESTED,
        [*leads, counterpart.pk],
        gettext_noop("%(person)s asks to swap %(day)s %(shift)s with %(colleague)s"),
    )
    return swap


def _tell(swap: SwapRequest, kind: str, recipients: list[int], message: str) -> None:
    """A notification about a swap, in the centre's language, sent after the transaction commits."""
    title = record_text(
        message,
        person=str(swap.requester),
        colleague=str(swap.counterpart),
        day=f"{swap.entry.day:%Y-%m-%d}",
        shift=swap.entry.shift.name,
    )
    url = reverse("duty:swap_list")
    transaction.on_commit(
        lambda: notify(recipients=recipients, kind=kind, title=title, body=swap.reason[:500], url=url, target=swap)
    )


@transaction.atomic
def swap_decide(*, swap: SwapRequest, actor, approve: bool, note: str = "") -> SwapRequest:
    """A lead approves (the rota changes now) or refuses a swap; nobody else decides, nobody decides their own."""
    if not may(actor, "duty.approve_swap", swap):
        raise PermissionDenied(_("Only a team lead approves or refuses a swap."))
    swap = SwapRequest.objects.select_for_update().get(pk=swap.pk)
    if actor.pk in (swap.requester_id, swap.counterpart_id):
        raise PermissionDenied(_("You cannot decide a swap of your own."))
    if swap.state != SwapState.REQUESTED:
        raise DomainError(_("This swap has been decided already."), code="decided")
    if approve:
        entry = RotaEntry.objects.select_for_update().select_related("shift").get(pk=swap.entry_id)
        other = (
            RotaEntry.objects.select_for_update().select_related("shift").get(pk=swap.counterpart_entry_id)
            if swap.counterpart_entry_id
            else None
        )
        if entry.cancelled_at is not None or (other is not None and other.cancelled_at is not None):
            raise DomainError(_("A shift of this swap is no longer on the rota."), code="cancelled")
        now = timezone.now()
        if entry.starts_at <= now or (other is not None and other.starts_at <= now):
            # who worked a shift is a record: a swap left waiting past its shift can only be refused
            raise DomainError(_("A shift of this swap has begun: it can no longer be swapped."), code="started")
        moving = [entry.pk] + ([other.pk] if other else [])
        clash = _overlaps(swap.counterpart_id, entry.starts_at, entry.ends_at, ignore=moving)
        if clash is None and other is not None:
            clash = _overlaps(swap.requester_id, other.starts_at, other.ends_at, ignore=moving)
        if clash is not None:
            raise ValidationError({"swap": [_overlap_message(clash.agent, clash)]})
        entry.agent_id = swap.counterpart_id
        entry.save(update_fields=["agent"])
        if other is not None:
            other.agent_id = swap.requester_id
            other.save(update_fields=["agent"])
    swap.state = SwapState.APPROVED if approve else SwapState.REFUSED
    swap.decided_by, swap.decided_at, swap.decision_note = actor, timezone.now(), (note or "").strip()
    swap.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    _tell(
        swap,
        SWAP_DECIDED,
        [swap.requester_id, swap.counterpart_id],
        gettext_noop("Swap of %(day)s %(shift)s with %(colleague)s approved")
        if approve
        else gettext_noop("Swap of %(day)s %(shift)s with %(colleague)s refused"),
    )
    return swap


@transaction.atomic
def swap_withdraw(*, swap: SwapRequest, actor) -> SwapRequest:
    swap = SwapRequest.objects.select_for_update().get(pk=swap.pk)
    if swap.requester_id != actor.pk:
        raise PermissionDenied(_("Only the person who asked withdraws a swap."))
    if swap.state != SwapState.REQUESTED:
        raise DomainError(_("This swap has been decided already."), code="decided")
    swap.state = SwapState.WITHDRAWN
    swap.save(update_fields=["state"])
    return swap


# --- handovers -----------------------------------------------------------------------------------------------------


@transaction.atomic
def handover_start(
    *, actor, incoming, day: date | None = None, shift: Shift | None = None, now: datetime | None = None
) -> Handover:
    """The outgoing agent starts the handover of their shift to the incoming one; the follow-ups are read from the
    records now (tickets on the desk, open complaints, replies promised and callbacks appointed before the next shift
    ends, open incidents), each marked important when it falls due before the next shift ends."""
    now = now or timezone.now()
    if not may(actor, "duty.add_handover"):
        raise PermissionDenied(_("You may not hand over a shift."))
    if day is None or shift is None:
        entry = selectors.current_entry(agent=actor, now=now)
        if entry is None:
            raise ValidationError({"shift": [_("You are not on the rota now: choose the day and the shift.")]})
        day, shift = entry.day, entry.shift
    if incoming is None or incoming.pk == actor.pk or not _on_rota(incoming):
        raise ValidationError({"incoming": [_("Choose the colleague who takes over.")]})
    start, end = shift.bounds(day)
    if start > now:
        raise ValidationError({"day": [_("This shift has not begun yet: it is handed over at its end.")]})
    next_end = selectors.next_shift_end(after=end)
    handover = Handover(
        day=day, shift=shift, outgoing=actor, incoming=incoming, next_shift_ends_at=next_end, started_at=now
    )
    try:
        with transaction.atomic():
            handover.save()
    except IntegrityError:
        raise DomainError(_("You have started the handover of this shift already."), code="exists") from None
    HandoverItem.objects.bulk_create(
        HandoverItem(handover=handover, **item) for item in selectors.carry_over(agent=actor, until=next_end, now=now)
    )
    return handover


def _outgoing_only(handover: Handover, actor) -> Handover:
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if handover.outgoing_id != actor.pk:
        raise PermissionDenied(_("Only the outgoing agent fills in the handover."))
    if handover.outgoing_signed_at is not None:
        raise DomainError(_("You have signed the handover: it can no longer be changed."), code="signed")
    return handover


@transaction.atomic
def handover_update(
    *, handover: Handover, actor, equipment_checked: bool, equipment_notes: str = "", notes: str = ""
) -> Handover:
    handover = _outgoing_only(handover, actor)
    handover.equipment_checked = bool(equipment_checked)
    handover.equipment_notes = (equipment_notes or "").strip()
    handover.notes = (notes or "").strip()
    handover.save(update_fields=["equipment_checked", "equipment_notes", "notes"])
    return handover


@transaction.atomic
def handover_item_update(*, item: HandoverItem, actor, dealt_with: bool, note: str = "") -> HandoverItem:
    _outgoing_only(item.handover, actor)
    item.dealt_with = bool(dealt_with)
    item.note = (note or "").strip()[:300]
    item.save(update_fields=["dealt_with", "note"])
    return item


@transaction.atomic
def handover_sign(*, handover: Handover, actor, note: str = "", at: datetime | None = None) -> Handover:
    """Sign as the outgoing agent (first), as the incoming agent (after them), or as the lead when an important item
    is still open (seed 003: 重要的工作未处理完毕不允许交班). Done when both agents signed and, if needed, the lead."""
    now = at or timezone.now()
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if handover.state == HandoverState.DONE:
        raise DomainError(_("This handover is complete."), code="done")
    open_important = handover.items.filter(important=True, dealt_with=False).exists()
    if actor.pk == handover.outgoing_id:
        if handover.outgoing_signed_at is not None:
            raise DomainError(_("You have signed this handover already."), code="signed")
        if not handover.equipment_checked:
            raise ValidationError({"equipment_checked": [_("Check the equipment before you sign.")]})
        handover.outgoing_signed_at = now
    elif actor.pk == handover.incoming_id:
        if handover.incoming_signed_at is not None:
            raise DomainError(_("You have signed this handover already."), code="signed")
        if handover.outgoing_signed_at is None:
            raise DomainError(_("The outgoing agent signs first."), code="outgoing_first")
        handover.incoming_signed_at = now
    elif may(actor, "duty.sign_handover_as_lead", handover):
        if not open_important:
            raise DomainError(_("Nothing important is left open: the two agents complete it."), code="no_lead")
        if handover.lead_signed_at is not None:
            raise DomainError(_("You have signed this handover already."), code="signed")
        if not (note or "").strip():
            raise ValidationError({"note": [_("Say how the open items are to be dealt with.")]})
        handover.lead, handover.lead_signed_at, handover.lead_note = actor, now, note.strip()
    else:
        raise PermissionDenied(_("Only the two agents of the handover, or their lead, sign it."))
    if handover.outgoing_signed_at and handover.incoming_signed_at:
        handover.state = (
            HandoverState.WAITING_LEAD if open_important and handover.lead_signed_at is None else HandoverState.DONE
        )
    handover.save()
    return handover


# --- the duty log -------------------------------------------------------------------------------------------------


def _log_of(day: date) -> DutyLog:
    log, _created = DutyLog.objects.get_or_create(day=day)
    return DutyLog.objects.select_for_update().get(pk=log.pk)


@transaction.atomic
def duty_log_write(*, actor, text: str, day: date | None = None, at: datetime | None = None) -> DutyLogEntry:
    """A line in the day's duty log, by whoever is on duty; none after the lead signed the day."""
    if not may(actor, "duty.add_dutylogentry"):
        raise PermissionDenied(_("You may not write in the duty log."))
    now = at or timezone.now()
    day = day or timezone.localtime(now).date()
    if day > timezone.localdate():
        raise ValidationError({"day": [_("The day cannot be in the future.")]})
    if not (text or "").strip():
        raise ValidationError({"text": [_("Write what happened.")]})
    log = _log_of(day)
    if log.signed_at is not None:
        raise DomainError(_("The lead has signed this day's log: write in today's."), code="signed")
    return DutyLogEntry.objects.create(log=log, at=now, author=actor, text=text.strip())


@transaction.atomic
def duty_log_sign(*, day: date, actor, summary: str = "", at: datetime | None = None) -> DutyLog:
    """The lead signs the day's log (seed 003: 每天检查《值班日志》并签字确认); once."""
    if not may(actor, "duty.sign_dutylog"):
        raise PermissionDenied(_("Only a team lead signs the duty log."))
    if day > timezone.localdate():
        raise ValidationError({"day": [_("The day cannot be in the future.")]})
    log = _log_of(day)
    if log.signed_at is not None:
        raise DomainError(_("This day's log is signed already."), code="signed")
    log.signed_by, log.signed_at, log.summary = actor, at or timezone.now(), (summary or "").strip()
    log.save(update_fields=["signed_by", "signed_at", "summary"])
    return log


@transaction.atomic
def duty_log_check(*, log: DutyLog, actor, findings: str) -> DutyLogCheck:
    """The supervisor's check of one day's log, with the findings (seed 003: at least 20 % a month)."""
    if not may(actor, "duty.check_dutylog"):
        raise PermissionDenied(_("Only the supervisor records checks of the duty logs."))
    if not (findings or "").strip():
        raise ValidationError({"findings": [_("Write what the check found (or that all was in order).")]})
    try:
        with transaction.atomic():
            return DutyLogCheck.objects.create(log=log, checked_by=actor, findings=findings.strip())
    except IntegrityError:
        raise DomainError(_("You have checked this day's log already."), code="checked") from None


# --- incidents -----------------------------------------------------------------------------------------------------


def outage_matters(outage: Outage) -> tuple[list[int], list[int]]:
    """The tickets linked to an area outage and the complaints from their callers since it opened (T-8)."""
    tickets = list(Ticket.objects.filter(outage=outage).values_list("pk", "caller_phone"))
    phones = {phone for _pk, phone in tickets if phone}
    complaints = list(
        Complaint.objects.filter(complainant_phone__in=phones, registered_at__gte=outage.opened_at).values_list(
            "pk", flat=True
        )
    )
    return [pk for pk, _phone in tickets], complaints


@transaction.atomic
def incident_report(
    *,
    actor,
    kind: str,
    title: str,
    started_at: datetime,
    description: str,
    actions: str = "",
    outage: Outage | None = None,
) -> Incident:
    """Anyone on duty records an incident at once; a mass complaint about an area outage links its matters."""
    if not may(actor, "duty.add_incident"):
        raise PermissionDenied(_("You may not record incidents."))
    errors: dict[str, list[str]] = {}
    if kind not in IncidentKind.values:
        errors["kind"] = [_("Choose the kind of incident.")]
    if not (title or "").strip():
        errors["title"] = [_("Give the incident a title.")]
    if not (description or "").strip():
        errors["description"] = [_("Describe what happened.")]
    if started_at is None or started_at > timezone.now() + timedelta(minutes=5):
        errors["started_at"] = [_("When did it start? Not in the future.")]
    if outage is not None and kind != IncidentKind.MASS_COMPLAINT:
        errors["outage"] = [_("Only a mass complaint is linked to an area outage.")]
    if errors:
        raise ValidationError(errors)
    incident = Incident.objects.create(
        kind=kind,
        title=title.strip()[:100],
        started_at=started_at,
        description=description.strip(),
        actions=(actions or "").strip(),
        reported_by=actor,
        outage=outage,
    )
    if outage is not None:
        tickets, complaints = outage_matters(outage)
        incident.tickets.set(tickets)
        incident.complaints.set(complaints)
    return incident


def _managed(incident: Incident, actor) -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if not (may(actor, "duty.manage_incident", incident) or incident.reported_by_id == actor.pk):
        raise PermissionDenied(_("You may not change this incident."))
    if incident.state == IncidentState.CLOSED:
        raise DomainError(_("This incident is closed."), code="closed")
    return incident


REPORT_FIELDS = ("actions", "fault_report", "losses", "cause", "responsibility")


@transaction.atomic
def incident_update(*, incident: Incident, actor, ended_at: datetime | None = None, **texts: str) -> Incident:
    """What was done, the fault report, and the post-incident report (losses, cause, responsibility); the end."""
    incident = _managed(incident, actor)
    unknown = set(texts) - set(REPORT_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Not a field of the report.")] for name in unknown})
    if ended_at is not None:
        if ended_at < incident.started_at:
            raise ValidationError({"ended_at": [_("It cannot end before it started.")]})
        if ended_at > timezone.now() + timedelta(minutes=5):
            raise ValidationError({"ended_at": [_("The end cannot be in the future.")]})
        incident.ended_at = ended_at
        if incident.state == IncidentState.OPEN:
            incident.state = IncidentState.ENDED
    for name, value in texts.items():
        setattr(incident, name, (value or "").strip())
    incident.save()
    return incident


@transaction.atomic
def incident_notice(*, incident: Incident, actor, notified: str, channel: str, at: datetime) -> IncidentNotice:
    """Who was told, how and when (the supervisor, the technical unit, 110 …)."""
    incident = _managed(incident, actor)
    errors: dict[str, list[str]] = {}
    if not (notified or "").strip():
        errors["notified"] = [_("Who was told?")]
    if channel not in dict(IncidentNotice._meta.get_field("channel").choices):
        errors["channel"] = [_("How were they told?")]
    if at is None or at > timezone.now() + timedelta(minutes=5) or at < incident.started_at - timedelta(days=1):
        errors["at"] = [_("When? Not in the future, and not long before the incident.")]
    if errors:
        raise ValidationError(errors)
    return IncidentNotice.objects.create(
        incident=incident, notified=notified.strip()[:100], channel=channel, at=at, recorded_by=actor
    )


@transaction.atomic
def incident_link(*, incident: Incident, actor, tickets: Iterable[Ticket] = (), complaints: Iterable[Complaint] = ()):
    incident = _managed(incident, actor)
    incident.tickets.add(*tickets)
    incident.complaints.add(*complaints)
    return incident


@transaction.atomic
def incident_close(*, incident: Incident, actor) -> Incident:
    """Closed only with its end and the post-incident report: losses, cause and responsibility (seed 000)."""
    if not may(actor, "duty.manage_incident", incident):
        raise PermissionDenied(_("Only a lead or the supervisor closes an incident."))
    incident = _managed(incident, actor)
    missing = {
        name: [_("The post-incident report needs this before the incident is closed.")]
        for name in ("losses", "cause", "responsibility")
        if not getattr(incident, name).strip()
    }
    if incident.ended_at is None:
        missing["ended_at"] = [_("Say when it ended.")]
    if missing:
        raise ValidationError(missing)
    incident.state = IncidentState.CLOSED
    incident.closed_by, incident.closed_at = actor, timezone.now()
    incident.save()
    return incident
