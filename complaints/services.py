"""Every write on complaints (SPEC §1). Each service locks the complaint, asks the workflow whether the actor may
act now, changes the row and appends its record entry in the same transaction (C-9); side effects (SMS,
notifications) go out after commit.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from accounts.models import User
from accounts.roles import Role
from complaints import workflow
from complaints.choices import (
    CauseClass,
    CommitmentKind,
    CommitmentStatus,
    EntryKind,
    Kind,
    Severity,
    Status,
    Validity,
)
from complaints.models import (
    ApprovalLevel,
    Complaint,
    ComplaintCategory,
    ComplaintEntry,
    ComplaintHandler,
    Department,
    ReplyCommitment,
    ResponsibilityShare,
)
from compliance.services import access_log_record
from csc import events
from csc.api import DomainError
from csc.messaging import notify, sms_send
from csc.numbering import next_number
from csc.permissions import may
from csc.text import customer_time, detail_time, record_text
from csc.workdays import add_days
from customers import phones
from customers.models import Customer

logger = logging.getLogger(__name__)

NUMBER_SCOPE = "complaint"
SMS_REGISTERED = "complaint.registered"  # the acknowledgement with the number (C-13)


# --- helpers --------------------------------------------------------------------------------------------


def _entry(complaint: Complaint, actor, kind: str, text: str = "", *, from_status="", to_status="", at=None):
    return ComplaintEntry.objects.create(
        complaint=complaint,
        author=actor,
        kind=kind,
        text=text,
        from_status=from_status,
        to_status=to_status,
        at=at or timezone.now(),
    )


def _save(complaint: Complaint, actor, fields: Sequence[str]) -> None:
    complaint._history_user = actor
    complaint.save(update_fields=[*fields, "updated_at"])


def _move(
    complaint: Complaint, actor, target: str, text: str = "", extra_fields: Sequence[str] = (), *, at=None
) -> None:
    """Change the status and append the transition to the record."""
    source = complaint.status
    complaint.status = target
    _save(complaint, actor, ["status", *extra_fields])
    _entry(complaint, actor, EntryKind.TRANSITION, text, from_status=source, to_status=target, at=at)


def _begin(action: str, complaint: Complaint, actor) -> Complaint:
    """Lock the complaint row and check the action: concurrent actions on one complaint run one after the other."""
    locked = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
    workflow.MACHINE.check(locked, action, actor)
    return locked


def _required_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: [message]})
    return value


def _future(moment: datetime | None, field: str, now: datetime) -> datetime | None:
    if moment is not None and moment <= now:
        raise ValidationError({field: [_("This time is in the past: promise a time still to come.")]})
    return moment


def _refresh_next_reply(complaint: Complaint) -> None:
    complaint.next_reply_due_at = complaint.commitments.filter(fulfilled_at__isnull=True).aggregate(due=Min("due_at"))[
        "due"
    ]


def _notify_critical(complaint: Complaint) -> None:
    """C-4: a critical complaint reaches every supervisor at once (after commit, never for a rolled-back one)."""

    def send():
        notify(
            recipients=User.objects.filter(groups__name=Role.SUPERVISOR.value, is_active=True),
            kind="complaint.critical",
            title=_("Critical complaint %(number)s: %(subject)s")
            % {"number": complaint.number, "subject": complaint.subject},
            body=complaint.statement[:500],
            url=reverse("complaints:detail", args=[complaint.number]),
            target=complaint,
        )

    transaction.on_commit(send)


def deadline_for(*, category: ComplaintCategory, is_foreign: bool, accepted_at: datetime) -> tuple[datetime, int, bool]:
    """C-2: due_at from the category's policy; the policy is copied onto the complaint so later edits never move it."""
    days = category.foreign_days if is_foreign else category.domestic_days
    return add_days(accepted_at, days, working_days=category.working_days), days, category.working_days


# --- registration (C-1, C-2, C-3, C-6, C-13) -------------------------------------------------------------


@transaction.atomic
def complaint_register(
    *,
    actor,
    category: ComplaintCategory,
    complainant_name: str,
    complainant_phone: str,
    subject: str,
    statement: str,
    remedy_sought: str = "",
    channel: str = "phone",
    severity: str = Severity.NORMAL,
    is_foreign: bool = False,
    kind: str = Kind.CUSTOMER,
    customer=None,
    call=None,
    accepted_at: datetime | None = None,
    owner=None,
    complainant_user=None,
    responsible_user=None,
    reopened_from: Complaint | None = None,
    send_sms: bool = True,
    at: datetime | None = None,
) -> Complaint:
    """Register a complaint: gapless number, deadline from the category's policy, first-reply promise, SMS.

    `at` is the moment of registration when it is recorded after the fact (default now): the number's month,
    the first-reply promise and the record entry follow it, so a back-dated complaint is due after it was
    registered. `accepted_at` (default: the registration) is when the centre accepted it, never later.
    """
    now = at or timezone.now()
    errors: dict[str, list[str]] = {}
    phone = ""
    try:
        phone = phones.clean(complainant_phone)
    except ValidationError as error:
        errors["complainant_phone"] = error.messages
    if not category.is_active:
        errors["category"] = [_("This category is no longer in use.")]
    if accepted_at is not None and accepted_at > now + timedelta(minutes=5):
        errors["accepted_at"] = [_("A complaint cannot be accepted in the future.")]
    for field, value in (("complainant_name", complainant_name), ("subject", subject), ("statement", statement)):
        if not (value or "").strip():
            errors[field] = [pgettext("complaint", "This field is required.")]
    if errors:
        raise ValidationError(errors)

    owner = owner or (call.agent if call is not None and call.agent_id else None) or actor
    if owner.pk == actor.pk:
        owner = actor  # the same person: reuse the actor, whose permissions are already loaded
    if not (owner.is_active and may(owner, "complaints.change_complaint")):
        # e.g. the telephony registering a complaint: the owner is the agent who took it, never the integration
        raise ValidationError(
            {"owner": [_("Name the agent who received the complaint (agent number): they own it to the end.")]}
        )
    accepted_at = accepted_at or now
    due_at, days, working = deadline_for(category=category, is_foreign=is_foreign, accepted_at=accepted_at)
    first_reply_due = now + timedelta(hours=settings.COMPLAINT_FIRST_REPLY_HOURS)

    complaint = Complaint(
        number=next_number(scope=NUMBER_SCOPE, at=now),
        kind=kind,
        category=category,
        channel=channel,
        severity=severity,
        is_foreign=is_foreign,
        customer=customer,
        call=call,
        complainant_name=complainant_name.strip(),
        complainant_phone=phone,
        complainant_user=complainant_user,
        responsible_user=responsible_user,
        subject=subject.strip(),
        statement=statement.strip(),
        remedy_sought=(remedy_sought or "").strip(),
        registered_at=now,
        accepted_at=accepted_at,
        due_at=due_at,
        deadline_days=days,
        deadline_working_days=working,
        first_reply_due_at=first_reply_due,
        next_reply_due_at=first_reply_due,
        owner=owner,
        registered_by=actor,
        reopened_from=reopened_from,
    )
    complaint._history_user = actor
    complaint.save()
    ReplyCommitment.objects.create(
        complaint=complaint, kind=CommitmentKind.FIRST_REPLY, due_at=first_reply_due, made_at=now, made_by=None
    )
    text = _("Registered by %(actor)s; owner %(owner)s.") % {"actor": actor, "owner": owner}
    if reopened_from is not None:
        text += " " + _("Follows complaint %(number)s, which the customer did not accept.") % {
            "number": reopened_from.number
        }
    _entry(complaint, actor, EntryKind.REGISTERED, text, to_status=Status.REGISTERED, at=now)
    if kind == Kind.INTERNAL:
        hr = Department.objects.filter(handles_internal=True, is_active=True).first()
        if hr is not None:
            ComplaintHandler.objects.create(complaint=complaint, department=hr, added_by=actor, added_at=now)
    if send_sms:
        with translation.override(settings.LANGUAGE_CODE):  # the customer reads Chinese, whatever the agent's UI
            body = _(
                "Your complaint has been registered under number %(number)s. We will reply by %(due)s. "
                "Check its status with this number and your phone."
            ) % {"number": complaint.number, "due": customer_time(first_reply_due)}
        sms_send(
            to=phone,
            body=body,
            kind=SMS_REGISTERED,
            target=complaint,
            reference=complaint.number,
            url=reverse("complaints:detail", args=[complaint.number]),
        )
    if severity == Severity.CRITICAL:
        _notify_critical(complaint)
    return complaint


# --- working on it (C-3, C-4, C-7, C-9) ------------------------------------------------------------------


@transaction.atomic
def complaint_investigate(*, complaint: Complaint, actor, note: str = "", at: datetime | None = None) -> Complaint:
    """C-5: registered → investigating."""
    complaint = _begin("investigate", complaint, actor)
    _move(complaint, actor, Status.INVESTIGATING, (note or "").strip(), at=at)
    return complaint


@transaction.atomic
def complaint_classify(
    *,
    complaint: Complaint,
    actor,
    category: ComplaintCategory | None = None,
    cause_class: str | None = None,
    severity: str | None = None,
    validity: str | None = None,
    reason: str = "",
    at: datetime | None = None,
) -> Complaint:
    """C-4: change the classification. The deadline stays as registered (C-2)."""
    complaint = _begin("classify", complaint, actor)
    if category is not None and not category.is_active and category.pk != complaint.category_id:
        raise ValidationError({"category": [_("This category is no longer in use.")]})
    changes, fields = [], []
    for field, value in (
        ("category", category),
        ("cause_class", cause_class),
        ("severity", severity),
        ("validity", validity),
    ):
        if value is None or getattr(complaint, field) == value:
            continue
        old = getattr(complaint, f"get_{field}_display")() if field != "category" else str(complaint.category)
        setattr(complaint, field, value)
        new = getattr(complaint, f"get_{field}_display")() if field != "category" else str(value)
        changes.append(f"{complaint._meta.get_field(field).verbose_name}: {old} → {new}")
        fields.append(field)
    if not fields:
        return complaint
    _save(complaint, actor, fields)
    text = "; ".join(changes)
    if reason.strip():
        text += f" ({reason.strip()})"
    _entry(complaint, actor, EntryKind.CLASSIFICATION, text, at=at)
    if "severity" in fields and complaint.severity == Severity.CRITICAL:
        _notify_critical(complaint)
    return complaint


@transaction.atomic
def complaint_set_responsibility(
    *,
    complaint: Complaint,
    actor,
    shares: Sequence[tuple[Department, int]],
    loss_amount: Decimal | None = None,
    at: datetime | None = None,
) -> Complaint:
    """C-7: responsible departments with shares summing to exactly 100; replaces (supersedes) the previous one."""
    complaint = _begin("responsibility", complaint, actor)
    departments = [d.pk for d, _percent in shares]
    if not shares:
        raise ValidationError({"shares": [_("Name at least one responsible department.")]})
    if len(set(departments)) != len(departments):
        raise ValidationError({"shares": [_("Each department may appear only once.")]})
    if any(not 1 <= percent <= 100 for _d, percent in shares):
        raise ValidationError({"shares": [_("Each share is between 1 and 100 per cent.")]})
    total = sum(percent for _d, percent in shares)
    if total != 100:
        raise ValidationError(
            {"shares": [_("The shares add up to %(total)s%%; they must add up to exactly 100%%.") % {"total": total}]}
        )
    if loss_amount is not None and loss_amount < 0:
        raise ValidationError({"loss_amount": [_("The loss amount cannot be negative.")]})
    now = at or timezone.now()
    previous = list(complaint.shares.filter(superseded_at__isnull=True))
    for share in previous:
        share.superseded_at = now
        share._history_user = actor
        share.save(update_fields=["superseded_at"])
    for department, percent in shares:
        share = ResponsibilityShare(
            complaint=complaint, department=department, percent=percent, set_by=actor, set_at=now
        )
        share._history_user = actor
        share.save()
    complaint.loss_amount = loss_amount
    _save(complaint, actor, ["loss_amount"])
    text = ", ".join(f"{d} {p}%" for d, p in shares)
    if loss_amount is not None:
        text += "; " + _("loss ¥%(amount)s") % {"amount": loss_amount}
    _entry(complaint, actor, EntryKind.RESPONSIBILITY, text, at=now)
    return complaint


def level_for(amount: Decimal | None) -> ApprovalLevel:
    """C-8: the lowest approval level whose limit covers the amount."""
    amount = amount or Decimal("0")
    for level in ApprovalLevel.objects.order_by("rank"):
        if level.covers(amount):
            return level
    raise DomainError(
        _("No approval level covers ¥%(amount)s: ask a supervisor to set the levels.") % {"amount": amount}
    )


def approval_rank_of(user) -> int:
    return user.approval_levels.aggregate(rank=Max("rank"))["rank"] or 0


@transaction.atomic
def complaint_propose(
    *,
    complaint: Complaint,
    actor,
    resolution: str,
    remedy_type: str,
    remedy_amount: Decimal | None = None,
    at: datetime | None = None,
) -> Complaint:
    """C-5/C-8: investigating → proposed; the amount decides which approval level must approve it."""
    complaint = _begin("propose", complaint, actor)
    resolution = _required_text(resolution, "resolution", _("Describe the proposed resolution."))
    if remedy_amount is not None and remedy_amount < 0:
        raise ValidationError({"remedy_amount": [_("The amount cannot be negative.")]})
    if complaint.validity == Validity.VALID:
        if complaint.cause_class == CauseClass.UNDETERMINED:
            raise DomainError(_("Determine the cause class (quality or non-quality) before proposing a resolution."))
        if not complaint.shares.filter(superseded_at__isnull=True).exists():
            raise DomainError(_("Attribute responsibility to departments before proposing a resolution."))
    level = level_for(remedy_amount)
    complaint.resolution, complaint.remedy_type, complaint.remedy_amount = resolution, remedy_type, remedy_amount
    complaint.required_level, complaint.proposed_by, complaint.proposed_at = level, actor, at or timezone.now()
    complaint.approved_by = complaint.approved_at = None
    amount = f" ¥{remedy_amount}" if remedy_amount is not None else ""
    _move(
        complaint,
        actor,
        Status.PROPOSED,
        _("%(resolution)s [%(remedy)s%(amount)s; needs approval by %(level)s]")
        % {
            "resolution": resolution,
            "remedy": complaint.get_remedy_type_display(),
            "amount": amount,
            "level": level.name,
        },
        [
            "resolution",
            "remedy_type",
            "remedy_amount",
            "required_level",
            "proposed_by",
            "proposed_at",
            "approved_by",
            "approved_at",
        ],
        at=at,
    )
    return complaint


@transaction.atomic
def complaint_approve(*, complaint: Complaint, actor, note: str = "", at: datetime | None = None) -> Complaint:
    """C-8: proposed → approved, only by an approver whose level is at least the one the amount requires."""
    complaint = _begin("approve", complaint, actor)
    required = complaint.required_level
    if required is not None and approval_rank_of(actor) < required.rank:
        raise PermissionDenied(
            _("This resolution is over your approval level: it needs %(level)s or higher.") % {"level": required.name}
        )
    complaint.approved_by, complaint.approved_at = actor, at or timezone.now()
    _move(complaint, actor, Status.APPROVED, (note or "").strip(), ["approved_by", "approved_at"], at=at)
    return complaint


@transaction.atomic
def complaint_return(*, complaint: Complaint, actor, reason: str) -> Complaint:
    """An approver sends the proposal back to investigation, with the reason."""
    complaint = _begin("return", complaint, actor)
    reason = _required_text(reason, "reason", _("Say why the proposal is returned."))
    _move(complaint, actor, Status.INVESTIGATING, reason)
    return complaint


def _fulfil_commitments(complaint: Complaint, actor, now: datetime) -> None:
    for commitment in complaint.commitments.filter(fulfilled_at__isnull=True):
        commitment.status = CommitmentStatus.KEPT if now <= commitment.due_at else CommitmentStatus.MISSED
        commitment.fulfilled_at = now
        commitment._history_user = actor
        commitment.save(update_fields=["status", "fulfilled_at"])


@transaction.atomic
def complaint_reply(
    *, complaint: Complaint, actor, text: str, next_reply_at: datetime | None = None, at: datetime | None = None
) -> Complaint:
    """C-6: record a reply to the customer; it keeps (or misses) the open promises and may make the next one."""
    complaint = _begin("reply", complaint, actor)
    text = _required_text(text, "text", _("Write what the customer was told."))
    now = at or timezone.now()
    _future(next_reply_at, "next_reply_at", now)
    if complaint.first_replied_at is None and complaint.validity == Validity.VALID and next_reply_at is None:
        raise ValidationError(
            {
                "next_reply_at": [
                    _("The first reply to a valid complaint promises when the customer hears from us next.")
                ]
            }
        )
    _fulfil_commitments(complaint, actor, now)
    fields = ["next_reply_due_at"]
    if complaint.first_replied_at is None:
        complaint.first_replied_at = now
        fields.append("first_replied_at")
    _entry(complaint, actor, EntryKind.REPLY, text, at=now)
    if next_reply_at is not None:
        ReplyCommitment.objects.create(
            complaint=complaint, kind=CommitmentKind.PROMISE, due_at=next_reply_at, made_at=now, made_by=actor
        )
        _entry(
            complaint,
            actor,
            EntryKind.PROMISE,
            _("Next reply promised by %(at)s.") % {"at": detail_time(next_reply_at)},
            at=now,
        )
    _refresh_next_reply(complaint)
    _save(complaint, actor, fields)
    return complaint


@transaction.atomic
def complaint_inform(*, complaint: Complaint, actor, text: str, at: datetime | None = None) -> Complaint:
    """C-3/C-5: the owner tells the customer the outcome (approved → informed; invalid complaints directly)."""
    complaint = _begin("inform", complaint, actor)
    text = _required_text(text, "text", _("Write the outcome told to the customer."))
    now = at or timezone.now()
    _fulfil_commitments(complaint, actor, now)
    complaint.customer_reply, complaint.informed_at = text, now
    fields = ["customer_reply", "informed_at", "next_reply_due_at"]
    if complaint.first_replied_at is None:
        complaint.first_replied_at = now
        fields.append("first_replied_at")
    _refresh_next_reply(complaint)
    _move(complaint, actor, Status.INFORMED, text, fields, at=now)
    return complaint


@transaction.atomic
def complaint_close(
    *, complaint: Complaint, actor, customer_accepted: bool, note: str = "", at: datetime | None = None
) -> Complaint:
    """C-5: informed → closed, with whether the customer accepted the outcome (if not: open a follow-up)."""
    complaint = _begin("close", complaint, actor)
    if customer_accepted is None:
        raise ValidationError({"customer_accepted": [_("Record whether the customer accepted the outcome.")]})
    complaint.customer_accepted = customer_accepted
    complaint.closed_at, complaint.closed_by = at or timezone.now(), actor
    text = _("Customer accepted the outcome.") if customer_accepted else _("Customer did not accept the outcome.")
    if note.strip():
        text += " " + note.strip()
    _move(complaint, actor, Status.CLOSED, text, ["customer_accepted", "closed_at", "closed_by"], at=at)
    events.emit("complaint.closed", complaint=complaint, actor=actor, at=complaint.closed_at)  # C-10 callback
    return complaint


@transaction.atomic
def complaint_reopen(*, complaint: Complaint, actor, statement: str) -> Complaint:
    """C-5: the customer does not accept the outcome → a new complaint linked to the original, which stays closed."""
    original = _begin("reopen", complaint, actor)
    statement = _required_text(statement, "statement", _("Record why the customer does not accept the outcome."))
    owner = actor if may(actor, "complaints.add_complaint") else original.owner
    return _open_follow_up(original, actor, statement, owner=owner)


@transaction.atomic
def complaint_follow_up_from_callback(*, complaint: Complaint, actor, statement: str) -> Complaint:
    """C-10 / K-5: the callback found the customer unsatisfied → the linked follow-up of C-5, opened by whoever made
    the callback (any member of staff working on complaints); the original's owner owns it, being the first
    responder, unless no longer active. The original stays closed."""
    original = _begin("callback", complaint, actor)
    if original.kind != Kind.CUSTOMER:
        raise DomainError(_("Internal complaints are appealed, not reopened."), code="not_applicable")
    statement = _required_text(statement, "statement", _("Record why the customer is not satisfied."))
    owner = original.owner if original.owner.is_active else actor
    return _open_follow_up(original, actor, statement, owner=owner)


def _open_follow_up(original: Complaint, actor, statement: str, *, owner) -> Complaint:
    follow_up = complaint_register(
        actor=actor,
        category=original.category,
        complainant_name=original.complainant_name,
        complainant_phone=original.complainant_phone,
        subject=(_("Follow-up to %(number)s: %(subject)s") % {"number": original.number, "subject": original.subject})[
            :200
        ],
        statement=statement,
        remedy_sought=original.remedy_sought,
        channel=original.channel,
        severity=original.severity,
        is_foreign=original.is_foreign,
        kind=original.kind,
        customer=original.customer,
        owner=owner,
        reopened_from=original,
    )
    _entry(
        original,
        actor,
        EntryKind.NOTE,
        _("The customer did not accept the outcome: follow-up complaint %(number)s opened.")
        % {"number": follow_up.number},
    )
    return follow_up


@transaction.atomic
def complaint_transfer(*, complaint: Complaint, actor, new_owner, reason: str) -> Complaint:
    """C-3: only a supervisor moves ownership, with a written reason; the transfer is in the record."""
    complaint = _begin("transfer", complaint, actor)
    reason = _required_text(reason, "reason", _("Write the reason for the transfer."))
    if new_owner.pk == complaint.owner_id:
        raise ValidationError({"new_owner": [_("This person owns the complaint already.")]})
    if not (new_owner.is_active and may(new_owner, "complaints.change_complaint")):
        raise ValidationError(
            {"new_owner": [_("The new owner must be an active member of staff who handles complaints.")]}
        )
    old_owner = complaint.owner
    complaint.owner = new_owner
    _save(complaint, actor, ["owner"])
    _entry(complaint, actor, EntryKind.TRANSFER, f"{old_owner} → {new_owner}: {reason}")
    return complaint


@transaction.atomic
def complaint_add_handler(*, complaint: Complaint, actor, user=None, department: Department | None = None) -> Complaint:
    """C-3: other staff or departments work on the complaint; the owner stays the owner."""
    complaint = _begin("add_handler", complaint, actor)
    if (user is None) == (department is None):
        raise ValidationError({"user": [_("Choose either a member of staff or a department.")]})
    if user is not None and (user.pk == complaint.owner_id or complaint.handlers.filter(user=user).exists()):
        raise ValidationError({"user": [_("This person already works on the complaint.")]})
    if department is not None and complaint.handlers.filter(department=department).exists():
        raise ValidationError({"department": [_("This department already works on the complaint.")]})
    handler = ComplaintHandler(complaint=complaint, user=user, department=department, added_by=actor)
    handler._history_user = actor
    handler.save()
    _entry(complaint, actor, EntryKind.HANDLER, str(user or department))
    return complaint


@transaction.atomic
def complaint_note(*, complaint: Complaint, actor, text: str, correction: bool = False) -> ComplaintEntry:
    """C-9: progress and corrections are appended; nothing already written changes."""
    complaint = _begin("note", complaint, actor)
    text = _required_text(text, "text", _("Write the note."))
    return _entry(complaint, actor, EntryKind.CORRECTION if correction else EntryKind.NOTE, text)


@transaction.atomic
def complaint_record_penalty(*, complaint: Complaint, actor, decision: str) -> Complaint:
    """C-7: the penalty decision 罚扣, with its approver (the actor)."""
    complaint = _begin("penalty", complaint, actor)
    decision = _required_text(decision, "decision", _("Write the penalty decision."))
    complaint.penalty_decision, complaint.penalty_approved_by = decision, actor
    _save(complaint, actor, ["penalty_decision", "penalty_approved_by"])
    _entry(complaint, actor, EntryKind.PENALTY, decision)
    return complaint


@transaction.atomic
def complaint_appeal(*, complaint: Complaint, actor, reason: str, at: datetime | None = None) -> Complaint:
    """C-12: one appeal against the outcome of an internal complaint."""
    complaint = _begin("appeal", complaint, actor)
    reason = _required_text(reason, "reason", _("Write the grounds of the appeal."))
    complaint.appealed_at, complaint.appealed_by, complaint.appeal_reason = at or timezone.now(), actor, reason
    _move(complaint, actor, Status.APPEALED, reason, ["appealed_at", "appealed_by", "appeal_reason"], at=at)
    return complaint


@transaction.atomic
def complaint_decide(*, complaint: Complaint, actor, decision: str) -> Complaint:
    """C-12: the GM's decision on the appeal is final; the complaint closes for good."""
    complaint = _begin("decide", complaint, actor)
    decision = _required_text(decision, "decision", _("Write the decision."))
    complaint.final_decision, complaint.decided_by, complaint.decided_at = decision, actor, timezone.now()
    _move(complaint, actor, Status.CLOSED, decision, ["final_decision", "decided_by", "decided_at"])
    events.emit("complaint.closed", complaint=complaint, actor=actor, at=complaint.decided_at)
    return complaint


@transaction.atomic
def complaint_record_callback(
    *, complaint: Complaint, actor, reference: str = "", satisfaction: int | None = None, at: datetime | None = None
) -> Complaint:
    """C-10: link the callback (recorded by the callbacks feature) so the complaint no longer shows "callback due"."""
    complaint = _begin("callback", complaint, actor)
    if satisfaction is not None and not 1 <= satisfaction <= 10:
        raise ValidationError({"satisfaction": [_("The score is between 1 and 10.")]})
    complaint.callback_recorded_at = at or timezone.now()
    complaint.callback_reference = (reference or "")[:40]
    complaint.satisfaction = satisfaction
    _save(complaint, actor, ["callback_recorded_at", "callback_reference", "satisfaction"])
    text = _("Callback recorded.")
    if satisfaction is not None:
        text += " " + _("Satisfaction %(score)s/10.") % {"score": satisfaction}
    _entry(complaint, actor, EntryKind.CALLBACK, text, at=at)
    events.emit("complaint.callback_recorded", complaint=complaint, actor=actor, at=complaint.callback_recorded_at)
    return complaint


@transaction.atomic
def complainant_disclose(*, user, complaint: Complaint, channel: str) -> bool:
    """Whether this user sees the complainant's name and phone unmasked: those who work on it (they call back).

    When the complaint is linked to a customer record, the disclosure is written to the access log (P-1, X-3).
    """
    if not workflow.is_participant(user, complaint):
        return False
    if complaint.customer_id:
        access_log_record(
            user=user,
            customers=[Customer(pk=complaint.customer_id)],
            channel=channel,
            fields=["complainant_name", "complainant_phone"],
            unmasked=True,
            purpose=record_text(gettext_noop("Complaint %(number)s"), number=complaint.number),
        )
    return True
