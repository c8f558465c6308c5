"""Every write on callbacks 回访 (K-5, C-10).

Callbacks are made by the events of the matters they follow, in the same transaction (csc.events, subscribed in
CallbacksConfig.ready()): `ticket.completed`, `outage.closed` (one per affected address), `complaint.closed` (valid
customer complaints). Never two open for one matter: the check here and a partial unique constraint.

People act through `callback_record`, `callback_not_reached`, `callback_appoint`, `callback_give_up` and
`callback_assign`: keyword arguments, the acting user, one transaction, an append-only CallbackAttempt row for each
try. Bad input raises ValidationError per field (400 / a form error); a step the callback's state does not allow
raises DomainError (409); someone else's queue without a lead's right raises PermissionDenied (403).
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.roles import Role
from callbacks import workflow
from callbacks.choices import OPEN_STATUSES, Attitude, Kind, Outcome, Status
from callbacks.models import Callback, CallbackAttempt, CallbackSettings
from complaints.choices import Kind as ComplaintKind
from complaints.choices import Validity
from complaints.models import Complaint
from complaints.services import complaint_follow_up_from_callback, complaint_record_callback
from csc.api import DomainError
from csc.messaging import notify
from csc.permissions import may
from csc.text import record_text
from csc.workdays import add_working_days
from tickets.choices import Status as TicketStatus
from tickets.models import Ticket
from tickets.services import ticket_callback, ticket_revisit

FOLLOW_UP_KIND = "callback.follow_up"


def callback_settings() -> CallbackSettings:
    """The one settings row (defaults when none was saved yet)."""
    return CallbackSettings.objects.order_by("pk").first() or CallbackSettings()


def script(callback: Callback, config: CallbackSettings | None = None) -> dict[str, str]:
    """The lines the agent reads: the opening for this kind, the fee reminder (f) and the closing with the hotline."""
    config = config or callback_settings()
    opening = config.opening
    if callback.kind == Kind.COMPLAINT:
        opening = config.complaint_opening.replace("【编号】", callback.matter_number)
    return {
        "opening": opening,
        "fee_reminder": config.fee_reminder,
        "closing": config.closing.replace("【热线】", config.hotline),
    }


# --- made by the matters' events ----------------------------------------------------------------------------


def _queue_of(user) -> tuple[int | None, int | None]:
    """(team, assignee): the agent who took the matter calls back (seed 004: 接报修的客服人员负责跟踪); else the queue."""
    if user is None or not user.is_active:
        return None, None
    if user.agent_number and may(user, workflow.RECORD):  # a person at the desk, not an integration account
        return user.team_id, user.pk
    return user.team_id, None


def _new(*, kind: str, moment: datetime, person, due_days: int | None = None, **fields) -> Callback:
    due = add_working_days(moment, due_days if due_days is not None else callback_settings().due_working_days)
    team_id, assignee_id = _queue_of(person)
    callback = Callback(
        kind=kind,
        created_at=moment,
        due_at=due,
        deadline_at=due,
        queue_at=moment,
        agent_id=person.pk if person is not None else None,
        team_id=team_id,
        assignee_id=assignee_id,
        **fields,
    )
    callback.save()
    return callback


def _from_ticket(ticket: Ticket, moment: datetime, outage=None, due_days: int | None = None) -> Callback | None:
    if Callback.objects.filter(ticket=ticket, status__in=OPEN_STATUSES).exists():
        return None
    return _new(
        due_days=due_days,
        kind=Kind.REPAIR,
        moment=moment,
        person=ticket.created_by,
        ticket=ticket,
        outage=outage,
        customer_id=ticket.customer_id,
        name=ticket.caller_name,
        phone=ticket.caller_phone,
        address=ticket.address,
        station_id=ticket.station_id,
        technician=ticket.technician,
    )


def on_ticket_completed(*, ticket: Ticket, actor, at: datetime, **kwargs) -> None:
    """K-5: a completed repair is called back within the set working days."""
    _from_ticket(ticket, at)


def on_outage_closed(*, outage, tickets: list[Ticket], actor, at: datetime, **kwargs) -> None:
    """T-8: every caller of a restored outage is called back — once per affected address, not once per call."""
    seen: set[str] = set()
    due_days = callback_settings().due_working_days  # read once for the hundreds of calls of one burst main
    for ticket in sorted(tickets, key=lambda t: (t.created_at, t.pk)):
        key = "".join(ticket.address.split())
        if key in seen:
            continue
        seen.add(key)
        _from_ticket(ticket, at, outage=outage, due_days=due_days)


def on_complaint_closed(*, complaint: Complaint, actor, at: datetime, **kwargs) -> None:
    """C-10: 100% of valid customer complaints are called back after closure."""
    if complaint.validity != Validity.VALID or complaint.kind != ComplaintKind.CUSTOMER:
        return
    if Callback.objects.filter(complaint=complaint, status__in=OPEN_STATUSES).exists():
        return
    _new(
        kind=Kind.COMPLAINT,
        moment=at or timezone.now(),
        person=complaint.owner,
        complaint=complaint,
        customer_id=complaint.customer_id,
        name=complaint.complainant_name,
        phone=complaint.complainant_phone,
    )


_matter_steps_deferred: ContextVar[bool] = ContextVar("callbacks_matter_steps_deferred", default=False)


def defer_matter_steps(deferred: bool) -> None:
    """The demo only: its tickets and complaints take their callback step themselves, and the callbacks demo then
    records those surveys with answers — while deferred, a matter's own callback step leaves its callback open."""
    _matter_steps_deferred.set(deferred)


def on_matter_called_back(*, actor, at: datetime, ticket: Ticket | None = None, complaint=None, **kwargs) -> None:
    """The callback step was recorded on the ticket's or complaint's own page (or API) instead of the survey: the
    open callback is done, without answers (it counts as made, not in the satisfaction figures)."""
    if _matter_steps_deferred.get():
        return
    matter = {"ticket": ticket} if ticket is not None else {"complaint": complaint}
    callback = Callback.objects.select_for_update().filter(status__in=OPEN_STATUSES, **matter).first()
    if callback is None:
        return
    callback.status = Status.DONE
    callback.done_at, callback.done_by = at, actor
    _save(callback, actor)
    note = record_text(gettext_noop("Recorded on the matter's own page, without the survey."))
    _attempt(callback, actor, Outcome.DONE, note, at=at)


# --- what people do -------------------------------------------------------------------------------------------


def _begin(callback: Callback, action: str, actor) -> Callback:
    locked = Callback.objects.select_for_update(of=("self",)).get(pk=callback.pk)
    workflow.MACHINE.check(locked, action, actor)
    return locked


def _save(callback: Callback, actor) -> None:
    callback._history_user = actor
    callback.save()


def _attempt(callback: Callback, actor, outcome: str, note: str = "", *, at: datetime, appointment_at=None) -> None:
    CallbackAttempt.objects.create(
        callback=callback, by=actor, outcome=outcome, note=note, at=at, appointment_at=appointment_at
    )


def _yes_no(value, field: str, errors: dict, question: str):
    if isinstance(value, bool):
        return value
    if value in ("yes", "true", "1", 1):
        return True
    if value in ("no", "false", "0", 0):
        return False
    errors[field] = [_("Answer “%(question)s” with yes or no.") % {"question": question}]
    return None


def _choice(value, field: str, errors: dict, question: str) -> str:
    if value in Attitude.values:
        return value
    labels = "、".join(str(label) for label in Attitude.labels)
    errors[field] = [_("Answer “%(question)s” with one of: %(labels)s.") % {"question": question, "labels": labels}]
    return ""


def _score(value, errors: dict) -> int | None:
    if isinstance(value, bool) or value in (None, ""):
        errors["score"] = [_("Give the resident's score from 1 to 10.")]
        return None
    try:
        score = int(str(value).strip())
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 10 or str(value).strip() not in (str(score), f"{score}.0"):
        errors["score"] = [_("The score is a whole number from 1 to 10.")]
        return None
    return score


def _not_asked(values: dict, fields: tuple[str, ...], errors: dict, message: str) -> None:
    for field in fields:
        if values.get(field) not in (None, "", False):
            errors[field] = [message]


def clean_answers(*, kind: str, **values) -> dict:
    """The answers as they will be stored, or ValidationError naming each wrong one (the page and the API alike)."""
    errors: dict[str, list[str]] = {}
    answers: dict = {"suggestion": (values.get("suggestion") or "").strip()}
    answers["solved"] = _yes_no(values.get("solved"), "solved", errors, _("Is the problem solved?"))
    answers["score"] = _score(values.get("score"), errors)
    if kind == Kind.REPAIR:
        answers["attitude"] = _choice(
            values.get("attitude"), "attitude", errors, _("How was the technician's attitude?")
        )
        answers["fee_charged"] = _yes_no(values.get("fee_charged"), "fee_charged", errors, _("Were you charged a fee?"))
        unpaid = values.get("heating_fee_unpaid")
        answers["heating_fee_unpaid"] = (
            None if unpaid in (None, "") else _yes_no(unpaid, "heating_fee_unpaid", errors, _("Heating fee unpaid?"))
        )
        answers["fee_reminder_read"] = bool(values.get("fee_reminder_read"))
        if answers["fee_reminder_read"] and not (
            answers["attitude"] == Attitude.SATISFIED and answers["heating_fee_unpaid"]
        ):
            errors["fee_reminder_read"] = [
                _("The fee reminder is read only to a satisfied resident who has not paid the heating fee yet.")
            ]
        _not_asked(values, ("handling",), errors, _("A repair callback does not ask about complaint handling."))
    else:
        answers["handling"] = _choice(
            values.get("handling"), "handling", errors, _("Are you satisfied with how your complaint was handled?")
        )
        _not_asked(
            values,
            ("attitude", "fee_charged", "heating_fee_unpaid", "fee_reminder_read"),
            errors,
            _("A complaint callback does not ask this."),
        )
    if len(answers["suggestion"]) > 2000:
        errors["suggestion"] = [_("Keep the suggestions under 2000 characters.")]
    if errors:
        raise ValidationError(errors)
    return answers


def _summary(callback: Callback) -> str:
    """The callback in one line for the ticket's or complaint's record, in the centre's language."""
    if callback.solved:
        text = record_text(
            gettext_noop("Callback %(number)s: solved, score %(score)s/10"),
            number=callback.number,
            score=callback.score,
        )
    else:
        text = record_text(
            gettext_noop("Callback %(number)s: not solved, score %(score)s/10"),
            number=callback.number,
            score=callback.score,
        )
    return f"{text}；{callback.suggestion}" if callback.suggestion else text


def _needs_follow_up(callback: Callback, config: CallbackSettings) -> bool:
    return callback.solved is False or (callback.score is not None and callback.score <= config.low_score)


def supervisors():
    """The active supervisors: told of a reopened matter, and the last rung of a late callback."""
    return get_user_model().objects.filter(groups__name=Role.SUPERVISOR.value, is_active=True)


def _tell_supervisors(callback: Callback) -> None:
    """The supervisor sees a reopened matter at once (after commit, never for a rolled-back one)."""
    if callback.follow_up_ticket_id:
        title = _("Callback %(number)s: not solved — return visit %(ticket)s sent to %(station)s") % {
            "number": callback.number,
            "ticket": callback.follow_up_ticket.number,
            "station": callback.follow_up_ticket.station.name,
        }
        url = reverse("tickets:ticket_detail", args=[callback.follow_up_ticket.number])
    elif callback.follow_up_complaint_id:
        title = _("Callback %(number)s: the customer is not satisfied — follow-up complaint %(complaint)s") % {
            "number": callback.number,
            "complaint": callback.follow_up_complaint.number,
        }
        url = reverse("complaints:detail", args=[callback.follow_up_complaint.number])
    else:
        title = _("Callback %(number)s: not solved, and the station takes no work: dispatch by hand") % {
            "number": callback.number
        }
        url = reverse("callbacks:detail", args=[callback.pk])
    body = callback.suggestion[:500]
    recipients = list(supervisors().values_list("pk", flat=True))
    transaction.on_commit(
        lambda: notify(recipients=recipients, kind=FOLLOW_UP_KIND, title=title, body=body, url=url, target=callback)
    )


def _tickets_of(callback: Callback) -> list[Ticket]:
    """The tickets this callback answers for: its own, and for an outage every completed call from that address."""
    if callback.outage_id is None:
        return [callback.ticket]
    key = "".join(callback.address.split())
    same_outage = Ticket.objects.filter(outage_id=callback.outage_id, status=TicketStatus.COMPLETED)
    return [t for t in same_outage if "".join(t.address.split()) == key] or [callback.ticket]


@transaction.atomic
def callback_record(*, callback: Callback, actor, note: str = "", at: datetime | None = None, **answers) -> Callback:
    """The resident answered (seed 004 a–f, or the complaint's questions): store, close the matter's callback step,
    and reopen the matter for the supervisor when the problem is not solved or the score is low."""
    now = at or timezone.now()
    callback = _begin(callback, "record", actor)
    cleaned = clean_answers(kind=callback.kind, **answers)
    config = callback_settings()
    for field, value in cleaned.items():
        setattr(callback, field, value)
    callback.status = Status.DONE
    callback.done_at, callback.done_by = now, actor
    _save(callback, actor)  # done before the matter moves on: its event then finds no open callback
    if callback.kind == Kind.REPAIR:
        summary = _summary(callback)
        for ticket in _tickets_of(callback):
            if ticket.status == TicketStatus.COMPLETED:
                ticket_callback(ticket=ticket, actor=actor, note=summary, at=now)
        if _needs_follow_up(callback, config):
            try:
                callback.follow_up_ticket = ticket_revisit(
                    ticket=callback.ticket, actor=actor, reason=callback.suggestion or summary, at=now
                )
            except DomainError:  # the station no longer takes work: the supervisor dispatches by hand
                callback.follow_up_ticket = None
            _tell_supervisors(callback)
    else:
        complaint = callback.complaint
        if _needs_follow_up(callback, config) and complaint.callback_recorded_at is None:
            statement = callback.suggestion or _summary(callback)
            callback.follow_up_complaint = complaint_follow_up_from_callback(
                complaint=complaint, actor=actor, statement=statement
            )
            _tell_supervisors(callback)
        if complaint.callback_recorded_at is None:
            complaint_record_callback(
                complaint=complaint, actor=actor, reference=callback.number, satisfaction=callback.score, at=now
            )
    _save(callback, actor)
    _attempt(callback, actor, Outcome.DONE, note.strip(), at=now)
    return callback


@transaction.atomic
def callback_not_reached(
    *, callback: Callback, actor, note: str = "", reason: str = "", at: datetime | None = None
) -> Callback:
    """Nobody answered: counted; back in the queue after the retry time; the last allowed attempt gives up, with a
    reason (seed 003: every completed repair is called back — a give-up is explained)."""
    now = at or timezone.now()
    callback = _begin(callback, "not_reached", actor)
    config = callback_settings()
    callback.attempts += 1
    if callback.attempts >= config.max_attempts:
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(
                {
                    "reason": [
                        _("This was attempt %(n)s of %(max)s: the callback is given up — write the reason.")
                        % {"n": callback.attempts, "max": config.max_attempts}
                    ]
                }
            )
        callback.status = Status.GIVEN_UP
        callback.give_up_reason = reason
        _save(callback, actor)
        _attempt(callback, actor, Outcome.NOT_REACHED, note.strip(), at=now)
        _attempt(callback, actor, Outcome.GIVEN_UP, reason, at=now)
        return callback
    callback.queue_at = now + timedelta(minutes=config.retry_minutes)
    callback.status = Status.PENDING
    callback.appointment_at = None
    _save(callback, actor)
    _attempt(callback, actor, Outcome.NOT_REACHED, note.strip(), at=now)
    return callback


@transaction.atomic
def callback_appoint(
    *, callback: Callback, actor, appointment_at: datetime | None, note: str = "", at: datetime | None = None
) -> Callback:
    """ "Not convenient now": the resident names a time; the callback re-enters the queue then (and escalates only
    after that time when it lies beyond the due time)."""
    now = at or timezone.now()
    if appointment_at is None:
        raise ValidationError({"appointment_at": [_("Enter the time the resident asked to be called.")]})
    if appointment_at <= now:
        raise ValidationError({"appointment_at": [_("The appointment is in the past: enter a time still to come.")]})
    if appointment_at > now + timedelta(days=30):
        raise ValidationError({"appointment_at": [_("Book the appointment within the next 30 days.")]})
    callback = _begin(callback, "appoint", actor)
    callback.status = Status.APPOINTED
    callback.appointment_at = callback.queue_at = appointment_at
    callback.deadline_at = max(callback.due_at, appointment_at + timedelta(hours=1))
    _save(callback, actor)
    _attempt(callback, actor, Outcome.NOT_CONVENIENT, note.strip(), at=now, appointment_at=appointment_at)
    return callback


@transaction.atomic
def callback_give_up(*, callback: Callback, actor, reason: str, at: datetime | None = None) -> Callback:
    """A lead ends a callback that cannot be made (a wrong number, the resident refuses), with the reason."""
    now = at or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Write why the callback is given up.")]})
    callback = _begin(callback, "give_up", actor)
    callback.status = Status.GIVEN_UP
    callback.give_up_reason = reason
    _save(callback, actor)
    _attempt(callback, actor, Outcome.GIVEN_UP, reason, at=now)
    return callback


@transaction.atomic
def callback_assign(*, callback: Callback, actor, assignee=None, at: datetime | None = None) -> Callback:
    """A lead gives an open callback to an agent of the team (or back to the team's queue with None)."""
    now = at or timezone.now()
    callback = _begin(callback, "assign", actor)
    if assignee is not None:
        if not (assignee.is_active and may(assignee, workflow.RECORD)):
            raise ValidationError({"assignee": [_("Choose an active member of staff who makes callbacks.")]})
        if not workflow.leads_team(actor, assignee.team_id):
            raise ValidationError({"assignee": [_("You may assign only to members of a team you lead.")]})
        callback.team_id = assignee.team_id
    callback.assignee = assignee
    _save(callback, actor)
    _attempt(callback, actor, Outcome.ASSIGNED, str(assignee) if assignee else _("the team's queue"), at=now)
    return callback
