"""Every write of the call centre: telephony events, manual calls, wrap-up, recordings, consultations, the FAQ."""

from __future__ import annotations

import hashlib
import math
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from callcenter import metrics
from callcenter import recordings as recording_checks
from callcenter.choices import CallEventType, CallSource, CallStatus, HangupCause, PendingQuestionStatus
from callcenter.models import (
    Call,
    CallDirection,
    CallEvent,
    CallType,
    Consultation,
    FaqEntry,
    FaqSynonym,
    FaqVersion,
    HolidayGreeting,
    PendingQuestion,
    Recording,
    RecordingDeletion,
    Script,
)
from callcenter.selectors import CallerLookup, caller_lookup
from compliance.models import AccessChannel
from compliance.services import access_log_record
from csc.api import DomainError
from csc.permissions import may
from customers.models import CustomerPhone

# --- telephony events (K-1, K-10) ------------------------------------------------------------------------


@dataclass
class CallEventResult:
    call: Call
    created: bool  # the event was the first one seen for this call
    duplicate: bool  # the same step was received before: nothing changed
    warnings: list[str] = field(default_factory=list)


def _single_customer_id(number: str) -> int | None:
    """The customer owning this number when exactly one does; several are 'maybe' matches left to the agent."""
    ids = list(
        CustomerPhone.objects.filter(number=number, customer__is_active=True)
        .values_list("customer_id", flat=True)
        .distinct()[:2]
    )
    return ids[0] if len(ids) == 1 else None


@transaction.atomic
def caller_screen_pop(*, number: str, actor, ip_address: str | None = None, at: datetime | None = None) -> CallerLookup:
    """Who is calling from this (canonical) number, masked (X-3), every customer shown written to the access log
    as a screen-pop (P-1): the desk's caller panel and the CTI's look-up alike. `at`: when it popped (default now)."""
    lookup = caller_lookup(number=number)
    access_log_record(
        user=actor,
        customers=[match.customer for match in lookup.matches],
        channel=AccessChannel.SCREEN_POP,
        fields=["name", "phones", "addresses"],
        unmasked=False,
        purpose=_("caller lookup"),
        ip_address=ip_address,
        at=at,
    )
    return lookup


def derive_call_state(events: list[CallEvent]) -> tuple[dict, list[str]]:
    """The call's times, agent and status from its events, the same whatever order they arrived in.

    The answering agent's ring counts for ring-to-answer; without an answer, the latest ring says where the
    call is. The first answer and the first hang-up win over later duplicates with other times.
    """
    by_time = sorted(events, key=lambda e: (e.occurred_at, e.pk if e.pk is not None else math.inf))  # unsaved: last
    queued = [e for e in by_time if e.event == CallEventType.QUEUED]
    rings = [e for e in by_time if e.event == CallEventType.RINGING]
    answers = [e for e in by_time if e.event == CallEventType.ANSWERED]
    hangups = [e for e in by_time if e.event == CallEventType.HANGUP]

    answer = answers[0] if answers else None
    ring = None
    if answer is not None and answer.agent_number:
        same_agent = [r for r in rings if r.agent_number == answer.agent_number]
        before = [r for r in same_agent if r.occurred_at <= answer.occurred_at]
        ring = before[-1] if before else (same_agent[0] if same_agent else None)
    elif rings:
        ring = rings[-1]
    if answer is not None and ring is None and rings:
        ring = rings[-1]
    agent_event = answer if answer is not None and answer.agent_number else ring
    hangup = hangups[0] if hangups else None

    state = {
        "queued_at": queued[0].occurred_at if queued else None,
        "ringing_at": ring.occurred_at if ring else None,
        "answered_at": answer.occurred_at if answer else None,
        "ended_at": hangup.occurred_at if hangup else None,
        "agent_id": agent_event.agent_id if agent_event else None,
        "agent_number": agent_event.agent_number if agent_event else "",
    }
    if hangup is not None:
        cause = hangup.cause or (
            HangupCause.COMPLETED if answer else HangupCause.NO_ANSWER if rings else HangupCause.ABANDONED
        )
        state["status"], state["hangup_cause"] = CallStatus.ENDED, cause
    else:
        state["status"] = CallStatus.TALKING if answer else CallStatus.RINGING if ring else CallStatus.QUEUED
        state["hangup_cause"] = ""
    warnings = []
    ringing_at, answered_at = state["ringing_at"], state["answered_at"]
    state["ring_seconds"] = None
    if ringing_at and answered_at:
        seconds = (answered_at - ringing_at).total_seconds()
        if seconds < 0:
            warnings.append(_("The answer time is before the ringing time; the times are kept as reported."))
        state["ring_seconds"] = max(0, round(seconds))
    ordered = [t for t in (state["queued_at"], ringing_at, answered_at, state["ended_at"]) if t]
    if ordered != sorted(ordered) and not warnings:
        warnings.append(_("The event times are out of order; the times are kept as reported."))
    return state, warnings


def _locked_call(external_id: str) -> Call | None:
    """The call row, locked so that the events of one call apply one at a time."""
    return next(iter(Call.objects.select_for_update().filter(external_id=external_id).order_by()[:1]), None)


def _new_call(external_id: str, fields: dict, customer_number: str, actor) -> Call | None:
    """The call created by its first event, already in the state that event gives; None when another event of
    the same call created it a moment ago (the caller then applies this event to that call)."""
    fields["customer_id"] = _single_customer_id(customer_number) if customer_number else None
    call = Call(external_id=external_id, **fields)
    call._history_user = actor
    call._change_reason = "telephony"
    try:
        with transaction.atomic():
            call.save(force_insert=True)
    except IntegrityError:
        return None
    return call


@transaction.atomic
def call_event_record(
    *,
    external_id: str,
    event: str,
    caller_number: str,
    actor,
    occurred_at: datetime | None = None,
    called_number: str = "",
    direction: str = CallDirection.INBOUND,
    agent_number: str = "",
    cause: str = "",
    payload: dict | None = None,
    received_at: datetime | None = None,
) -> CallEventResult:
    """Apply one telephony event to its call (K-1): idempotent per step, order-independent, nothing dropped.

    `received_at` is when the event reached the centre (default now); a call created by its first event is listed
    at that time. Only a replay of past events gives it (the demo's season), so the call's times match its events.

    An unknown agent number is kept on the event and the call, with a warning, rather than refused.
    This runs hundreds of times a second (the telephony of a busy hotline), so it is written for few statements: lock the
    call and read its events; write the event; write the call's new state (one INSERT for a new call, one UPDATE
    otherwise). Telephony updates of an existing call add no HistoricalCall row: the append-only CallEvent rows,
    each with its time of receipt and the body as received, are that history. People's changes keep theirs.
    """
    now = received_at or timezone.now()
    occurred_at = occurred_at or now
    call = _locked_call(external_id)
    events = list(CallEvent.objects.filter(call=call).order_by()) if call is not None else []  # sorted below
    if any(e.event == event and e.agent_number == agent_number for e in events):
        return CallEventResult(call=call, created=False, duplicate=True, warnings=[])

    warnings: list[str] = []
    agent_id = None
    if agent_number:
        # The ring already named this 工号: its answer needs no second look-up.
        known = next((e.agent_id for e in events if e.agent_number == agent_number and e.agent_id), None)
        agent_id = known or next(
            iter(User.objects.filter(agent_number=agent_number, is_active=True).values_list("pk", flat=True)[:1]), None
        )
        if agent_id is None:
            warnings.append(
                _("No active staff member has agent number %(number)s: the call is logged without an agent.")
                % {"number": agent_number}
            )
    new_event = CallEvent(
        event=event,
        occurred_at=occurred_at,
        received_at=now,
        agent_number=agent_number,
        agent_id=agent_id,
        cause=cause if event == CallEventType.HANGUP else "",
        payload=payload or {},
    )
    created = False
    if call is None:
        state, order_warnings = derive_call_state([new_event])
        customer_number = called_number if direction == CallDirection.OUTBOUND else caller_number
        fields = {
            "direction": direction,
            "caller_number": caller_number,
            "called_number": called_number,
            "created_at": now,
            **state,
        }
        call = _new_call(external_id, fields, customer_number, actor)
        if call is None:  # created by a concurrent event of the same call: apply this one to it, as any other
            return call_event_record(
                external_id=external_id,
                event=event,
                caller_number=caller_number,
                actor=actor,
                occurred_at=occurred_at,
                called_number=called_number,
                direction=direction,
                agent_number=agent_number,
                cause=cause,
                payload=payload,
                received_at=received_at,
            )
        created = True
        if event != CallEventType.QUEUED and event != CallEventType.RINGING:
            warnings.append(_("No earlier event of this call was received: it is logged from this one."))
    else:
        state, order_warnings = derive_call_state([*events, new_event])
        changed = {name: value for name, value in state.items() if getattr(call, name) != value}
        if changed:
            Call.objects.filter(pk=call.pk).update(**changed)
            for name, value in changed.items():
                setattr(call, name, value)
    warnings.extend(order_warnings)
    new_event.call = call
    new_event.save(force_insert=True)
    metrics.calls_changed([call.created_at])
    return CallEventResult(call=call, created=created, duplicate=False, warnings=warnings)


# --- calls at the desk (K-1, K-2) ------------------------------------------------------------------------


@transaction.atomic
def call_start_manual(*, caller_number: str, direction: str = CallDirection.INBOUND, actor) -> Call:
    """A call the agent logs by hand (the telephony did not announce it, or an outbound callback)."""
    now = timezone.now()
    inbound = direction == CallDirection.INBOUND
    call = Call(
        direction=direction,
        source=CallSource.MANUAL,
        status=CallStatus.TALKING,
        caller_number=caller_number if inbound else "",
        called_number="" if inbound else caller_number,
        agent=actor,
        agent_number=actor.agent_number or "",
        customer_id=_single_customer_id(caller_number),
        ringing_at=now,
        answered_at=now,
        ring_seconds=0,
        created_at=now,
    )
    call._history_user = actor
    call.save()
    return call


def _check_own_call(call: Call, actor) -> None:
    if not may(actor, "callcenter.change_call", call):
        raise DomainError(_("Only the agent who took the call, or a lead, may change it."), code="not_owner")


@transaction.atomic
def call_wrap_up(
    *,
    call: Call,
    call_type: str,
    summary: str,
    customer=None,
    end_call: bool = False,
    actor,
    at: datetime | None = None,
) -> Call:
    """The agent's record of what the call was about (K-1); ends a call started by hand when asked."""
    _check_own_call(call, actor)
    if call_type not in CallType.values:
        raise DomainError(_("Unknown call type."), code="bad_type")
    now = at or timezone.now()
    call.call_type = call_type
    call.summary = summary.strip()
    call.wrapped_up_at = now
    fields = ["call_type", "summary", "wrapped_up_at"]
    if customer is not None and call.customer_id != customer.pk:
        call.customer = customer
        fields.append("customer")
    if end_call and call.source == CallSource.MANUAL and call.ended_at is None:
        call.ended_at, call.status, call.hangup_cause = now, CallStatus.ENDED, HangupCause.COMPLETED
        fields += ["ended_at", "status", "hangup_cause"]
    call._history_user = actor
    call.save(update_fields=fields)
    metrics.calls_changed([call.created_at])
    metrics.note_repeat_contacts(call)
    return call


@transaction.atomic
def call_attach_customer(*, call: Call, customer, actor) -> Call:
    """The agent confirms which of several 'maybe' customers is on the line."""
    _check_own_call(call, actor)
    call.customer = customer
    call._history_user = actor
    call.save(update_fields=["customer"])
    return call


# --- recordings (K-3) ------------------------------------------------------------------------------------


@transaction.atomic
def recording_attach(
    *,
    call: Call,
    actor,
    upload: UploadedFile | None = None,
    url: str = "",
    duration_seconds: int | None = None,
) -> Recording:
    """Store a call's recording through Django's storage API (disk or S3 by settings), checked first."""
    if (upload is None) == (not url):
        raise DomainError(_("Send either a recording file or its URL, not both and not neither."), code="file_or_url")
    recording = Recording(call=call, uploaded_by=actor, url=url, duration_seconds=duration_seconds)
    if upload is not None:
        checked = recording_checks.check_upload(upload)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        existing = call.recordings.filter(sha256=digest.hexdigest(), deleted_at__isnull=True).first()
        if existing is not None:
            return existing  # the telephony retried the same upload
        recording.original_name = unicodedata.normalize("NFKC", upload.name or "")[-200:]
        recording.content_type = checked.content_type
        recording.size_bytes = upload.size
        recording.sha256 = digest.hexdigest()
        if duration_seconds is None:
            recording.duration_seconds = checked.duration_seconds
        recording.file.save(f"x.{checked.extension}", upload, save=False)
    recording._history_user = actor
    recording.save()
    return recording


@transaction.atomic
def recording_delete_empty(*, recording: Recording, reason: str, actor) -> Recording:
    """Seed 004: agents never delete recordings; a lead may delete an empty one, in writing, logged."""
    if not may(actor, "callcenter.delete_empty_recording", recording):
        raise DomainError(_("Only a team lead may delete a recording."), code="forbidden")
    recording = Recording.objects.select_for_update().get(pk=recording.pk)
    if recording.is_deleted:
        raise DomainError(_("This recording was deleted already."), code="deleted")
    if not recording.is_empty:
        raise DomainError(_("Only an empty recording (no length or no duration) may be deleted."), code="not_empty")
    reason = reason.strip()
    if len(reason) < 4:
        raise DomainError(_("Write the reason for deleting this recording."), code="reason")
    file_name = recording.file.name or ""
    RecordingDeletion.objects.create(
        recording=recording,
        actor=actor,
        reason=reason,
        file_name=file_name or recording.url,
        size_bytes=recording.size_bytes,
        duration_seconds=recording.duration_seconds,
    )
    recording.deleted_at, recording.deleted_by, recording.deletion_reason = timezone.now(), actor, reason
    recording._history_user = actor
    recording.save(update_fields=["deleted_at", "deleted_by", "deletion_reason"])
    if file_name:
        storage, name = recording.file.storage, file_name
        transaction.on_commit(lambda: storage.delete(name))  # the empty file goes once the log row is safe
    return recording


# --- scripts (K-2) -------------------------------------------------------------------------------------


@transaction.atomic
def script_update(*, kind: str, text: str, actor) -> Script:
    script, _created = Script.objects.get_or_create(kind=kind, defaults={"text": text})
    script.text = text.strip()
    script._history_user = actor
    script.full_clean()
    script.save()
    return script


@transaction.atomic
def holiday_greeting_save(*, greeting: HolidayGreeting, actor) -> HolidayGreeting:
    """Save a holiday window; two active windows may not overlap (the script must be unambiguous)."""
    greeting.full_clean()
    overlapping = HolidayGreeting.objects.filter(
        is_active=True, starts_on__lte=greeting.ends_on, ends_on__gte=greeting.starts_on
    ).exclude(pk=greeting.pk)
    if greeting.is_active and overlapping.exists():
        raise DomainError(_("These dates overlap another active holiday greeting."), code="overlap")
    greeting._history_user = actor
    greeting.save()
    return greeting


# --- consultations, the FAQ and pending questions (K-6) ------------------------------------------------


@transaction.atomic
def consultation_record(
    *,
    question: str,
    answer: str,
    actor,
    call: Call | None = None,
    customer=None,
    faq_entry: FaqEntry | None = None,
    at: datetime | None = None,
) -> Consultation:
    """A consultation answered on a call, with the standard answer used, if any (`at`: when, default now)."""
    if call is not None:
        _check_own_call(call, actor)
        customer = customer or call.customer
    consultation = Consultation(
        call=call,
        customer=customer,
        agent=actor,
        question=question.strip(),
        answer=answer.strip(),
        faq_entry=faq_entry,
        faq_version=faq_entry.version if faq_entry else None,
        created_at=at or timezone.now(),
    )
    consultation._history_user = actor
    consultation.full_clean()
    consultation.save()
    if call is not None and not call.call_type:
        Call.objects.filter(pk=call.pk, call_type="").update(call_type=CallType.CONSULTATION)
    return consultation


def faq_search_text(*, title: str, question: str, keywords: str, answer: str) -> str:
    """What the FAQ search matches against: folded (full-width → half-width, lower case) so 'ＰＰＲ' finds 'ppr'."""
    return unicodedata.normalize("NFKC", " ".join([title, keywords, question, answer])).lower()


def _write_version(entry: FaqEntry, *, actor, reason: str, pending_question: PendingQuestion | None) -> FaqVersion:
    return FaqVersion.objects.create(
        entry=entry,
        version=entry.version,
        title=entry.title,
        question=entry.question,
        answer=entry.answer,
        keywords=entry.keywords,
        reason=reason,
        changed_by=actor,
        pending_question=pending_question,
    )


@transaction.atomic
def faq_entry_create(
    *,
    title: str,
    answer: str,
    actor,
    question: str = "",
    keywords: str = "",
    department: str = "",
    reason: str = "",
    pending_question: PendingQuestion | None = None,
) -> FaqEntry:
    """A new standard answer, version 1."""
    entry = FaqEntry(
        title=title.strip(),
        question=question.strip(),
        answer=answer.strip(),
        keywords=keywords.strip(),
        department=department.strip(),
        version=1,
    )
    entry.search_text = faq_search_text(
        title=entry.title, question=entry.question, keywords=entry.keywords, answer=entry.answer
    )
    entry._history_user = actor
    entry.full_clean()
    entry.save()
    _write_version(entry, actor=actor, reason=reason or _("First version"), pending_question=pending_question)
    return entry


@transaction.atomic
def faq_entry_revise(
    *,
    entry: FaqEntry,
    actor,
    title: str,
    answer: str,
    question: str = "",
    keywords: str = "",
    reason: str,
    pending_question: PendingQuestion | None = None,
) -> FaqEntry:
    """A new version of a standard answer; the earlier versions stay and remain viewable."""
    entry = FaqEntry.objects.select_for_update().get(pk=entry.pk)
    entry.title, entry.answer = title.strip(), answer.strip()
    entry.question, entry.keywords = question.strip(), keywords.strip()
    entry.version += 1
    entry.updated_at = timezone.now()
    entry.search_text = faq_search_text(
        title=entry.title, question=entry.question, keywords=entry.keywords, answer=entry.answer
    )
    entry._history_user = actor
    entry.full_clean()
    entry.save()
    _write_version(entry, actor=actor, reason=reason.strip(), pending_question=pending_question)
    return entry


@transaction.atomic
def pending_question_log(*, question: str, department: str, actor, call: Call | None = None) -> PendingQuestion:
    """Seed 004: a question outside the standard answers is not improvised; it goes to the department."""
    if call is not None:
        _check_own_call(call, actor)
    pending = PendingQuestion(question=question.strip(), department=department.strip(), call=call, asked_by=actor)
    pending._history_user = actor
    pending.full_clean()
    pending.save()
    return pending


@transaction.atomic
def pending_question_answer(
    *,
    pending: PendingQuestion,
    answer: str,
    actor,
    faq_entry: FaqEntry | None = None,
    title: str = "",
    keywords: str = "",
) -> PendingQuestion:
    """Record the department's answer and revise the FAQ: a new entry, or a new version of the one named."""
    pending = PendingQuestion.objects.select_for_update().get(pk=pending.pk)
    if pending.status != PendingQuestionStatus.OPEN:
        raise DomainError(_("This question was answered already."), code="answered")
    answer = answer.strip()
    if not answer:
        raise DomainError(_("Write the department's answer."), code="answer")
    if faq_entry is None:
        faq_entry = faq_entry_create(
            title=title.strip() or pending.question[:200],
            question=pending.question,
            answer=answer,
            keywords=keywords,
            department=pending.department,
            actor=actor,
            reason=_("Answer to a pending question"),
            pending_question=pending,
        )
    else:
        faq_entry = faq_entry_revise(
            entry=faq_entry,
            actor=actor,
            title=title.strip() or faq_entry.title,
            question=faq_entry.question,
            answer=answer,
            keywords=", ".join(k for k in (faq_entry.keywords, keywords.strip()) if k),
            reason=_("Answer to a pending question"),
            pending_question=pending,
        )
    pending.status = PendingQuestionStatus.ANSWERED
    pending.answer, pending.answered_by, pending.answered_at = answer, actor, timezone.now()
    pending.faq_entry = faq_entry
    pending._history_user = actor
    pending.save()
    return pending


@transaction.atomic
def faq_synonym_save(*, pk: int | None, terms: str, is_active: bool, actor) -> FaqSynonym:
    """A synonym group: at least two words, comma-separated (full-width commas accepted)."""
    words = [w.strip() for w in terms.replace("，", ",").replace("、", ",").split(",") if w.strip()]
    if len(words) < 2:
        raise DomainError(_("A synonym group needs at least two words, separated by commas."), code="terms")
    group = FaqSynonym.objects.select_for_update().filter(pk=pk).first() if pk else FaqSynonym()
    if group is None:
        raise DomainError(_("This synonym group does not exist."), code="missing")
    group.terms, group.is_active = ",".join(dict.fromkeys(words))[:300], is_active
    group._history_user = actor
    group.save()
    return group
