"""Writes on customer records; every disclosure of personal data goes through here and is logged (P-1 … P-4, X-3)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from compliance import workflow
from compliance.confidentiality import Level, cleared_for
from compliance.letters import EXTENSIONS, validate_letter_scan
from compliance.models import (
    ACCEPTED_AUTHORITY_LEVELS,
    ACCEPTED_AUTHORITY_TYPES,
    AccessChannel,
    AccessLogEntry,
    ArchiveLoan,
    AuthorityLevel,
    AuthorityType,
    ComplianceEvent,
    Disclosure,
    DisclosureChannel,
    DisclosureContent,
    DisclosureMethod,
    DisclosurePrint,
    EnforcementRequest,
    EnforcementStatus,
    ExportRecord,
    LoanStatus,
    RequestedRecord,
    ServicePasswordGuard,
    VerificationAttempt,
)
from csc.api import DomainError
from csc.numbering import next_number
from csc.permissions import may
from csc.text import record_text
from customers import masking
from customers.idcard import validate_id_number
from customers.models import Customer

UNMASK_PERMISSION = "customers.view_customer_unmasked"
PERSONAL_FIELDS = ["name", "phones", "addresses", "id_number"]


def may_unmask(user) -> bool:
    """X-3, P-5: the role may see personal data in full and is cleared for top secret."""
    return may(user, UNMASK_PERMISSION) and cleared_for(user, Level.TOP_SECRET)


def event_record(*, actor, kind: str, target, note: str = "") -> ComplianceEvent:
    """Append one step of a regulated workflow to the compliance event log."""
    return ComplianceEvent.objects.create(
        actor=actor, kind=kind, target_type=target._meta.model_name, target_id=target.pk, note=note
    )


# --- customers ----------------------------------------------------------------------------------------------


@transaction.atomic
def customer_close(*, customer: Customer, actor, reason: str) -> Customer:
    """Close a customer account: it leaves the lists, and its retention period (P-7) starts now."""
    if not may(actor, "customers.close_customer"):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason the account is closed.")]})
    if not customer.is_active:
        raise DomainError(_("This customer account is closed already."), code="closed")
    customer.is_active = False
    customer.closed_at = timezone.now()
    customer._history_user = actor
    customer._change_reason = reason.strip()[:200]
    customer.save(update_fields=["is_active", "closed_at"])
    event_record(actor=actor, kind="customer_closed", target=customer, note=reason.strip())
    return customer


@dataclass(frozen=True)
class CustomerView:
    """What one viewer is shown of one customer: masked unless the viewer's role may see it in full."""

    customer: Customer
    unmasked: bool
    name: str
    phones: list[str]
    addresses: list[str]
    id_number: str


def _view_of(customer: Customer, *, unmasked: bool) -> CustomerView:
    phones = [p.number for p in customer.phones.all()]
    addresses = [a.address for a in customer.addresses.all()]
    if unmasked:
        return CustomerView(customer, True, customer.name, phones, addresses, customer.id_number)
    return CustomerView(
        customer,
        False,
        masking.mask_name(customer.name),
        [masking.mask_phone(p) for p in phones],
        [masking.mask_address(a) for a in addresses],
        masking.mask_id_number(customer.id_number),
    )


def access_log_record(
    *,
    user,
    customers: Iterable[Customer],
    channel: str,
    fields: Sequence[str],
    unmasked: bool,
    purpose: str = "",
    ip_address: str | None = None,
    at: datetime | None = None,
) -> int:
    """Append one access-log row per customer shown, in one statement (P-1); `at` when they were shown (default now)."""
    at = at or timezone.now()
    rows = [
        AccessLogEntry(
            at=at,
            user=user,
            customer=c,
            channel=channel,
            fields=",".join(fields)[:200],
            unmasked=unmasked,
            purpose=purpose[:200],
            ip_address=ip_address,
        )
        for c in customers
    ]
    AccessLogEntry.objects.bulk_create(rows)
    return len(rows)


def export_log_record(
    *,
    user,
    list_code: str,
    fmt: str,
    filters: str,
    row_count: int,
    personal_data_in_full: bool,
    ip_address: str | None = None,
    purpose: str = "",
) -> ExportRecord:
    """Append the record of one export of a list (P-1, P-5, D-2); csc.exports calls it before the file is sent."""
    return ExportRecord.objects.create(
        user=user,
        list_code=list_code[:40],
        format=fmt,
        filters=filters[:2000],
        row_count=row_count,
        personal_data_in_full=personal_data_in_full,
        ip_address=ip_address,
        purpose=purpose[:200],
    )


@transaction.atomic
def customer_disclose(
    *,
    customer: Customer,
    actor,
    channel: str = AccessChannel.PAGE,
    purpose: str = "",
    want_full: bool = False,
    ip_address: str | None = None,
) -> CustomerView:
    """The customer's personal data as this actor may see it, with the look written to the access log.

    In full only for roles that may (X-3, P-5) and only with a purpose, which the log keeps (P-1).
    """
    unmasked = want_full and may_unmask(actor)
    if unmasked and not purpose.strip():
        raise ValidationError({"purpose": [_("Give the purpose before the record is shown in full.")]})
    view = _view_of(customer, unmasked=unmasked)
    access_log_record(
        user=actor,
        customers=[customer],
        channel=channel,
        fields=PERSONAL_FIELDS,
        unmasked=unmasked,
        purpose=purpose.strip(),
        ip_address=ip_address,
    )
    return view


def customers_export_log(*, customers: QuerySet[Customer], actor, purpose: str, ip_address: str | None = None) -> int:
    """Before a customer export: each exported customer written to the access log with the purpose (P-1, P-5);
    in full when the exporter may see personal data in full (`may_unmask`), else masked."""
    if not may(actor, "customers.export_customer"):
        raise PermissionDenied
    if not purpose.strip():
        raise ValidationError({"purpose": [_("Give the purpose of the export.")]})
    with transaction.atomic():
        return access_log_record(
            user=actor,
            customers=[Customer(pk=pk) for pk in customers.values_list("pk", flat=True)],
            channel=AccessChannel.EXPORT,
            fields=["name", "phones", "addresses", "account_number"],
            unmasked=may_unmask(actor),
            purpose=purpose.strip(),
            ip_address=ip_address,
        )


def customer_export_row(customer: Customer, *, full: bool = False) -> list[str]:
    """One customer as the export writes it: masked unless `full` (the exporter may see it in full, X-3)."""
    return [
        str(customer.pk),
        customer.name if full else customer.name_masked,
        " ".join(p.number if full else p.masked for p in customer.phones.all()),
        "; ".join(a.address if full else a.masked for a in customer.addresses.all()),
        customer.account_number or "",
        customer.company,
    ]


# --- P-2: service password and disclosure ----------------------------------------------------------------


@dataclass(frozen=True)
class VerificationResult:
    verified: bool
    locked: bool
    attempts_left: int
    locked_until: datetime | None
    refused: bool = False  # not even checked: verification was locked before this attempt


@transaction.atomic
def service_password_verify(*, customer: Customer, password: str, channel: str, actor) -> VerificationResult:
    """Check a customer's service password against its hash (P-2).

    SERVICE_PASSWORD_MAX_FAILURES wrong attempts in a row lock verification for SERVICE_PASSWORD_LOCK_MINUTES,
    whichever process the attempts come through: the counter is a database row locked for the check. Every
    attempt, refused ones included, is logged.
    """
    if not may(actor, "compliance.verify_service_password"):
        raise PermissionDenied
    limit = settings.SERVICE_PASSWORD_MAX_FAILURES
    ServicePasswordGuard.objects.bulk_create([ServicePasswordGuard(customer=customer)], ignore_conflicts=True)
    guard = ServicePasswordGuard.objects.select_for_update().get(customer=customer)
    now = timezone.now()
    if guard.locked_until and guard.locked_until > now:
        VerificationAttempt.objects.create(
            customer=customer,
            channel=channel,
            actor=actor,
            succeeded=False,
            refused_locked=True,
            locked_until=guard.locked_until,
        )
        return VerificationResult(False, True, 0, guard.locked_until, refused=True)
    if guard.locked_until:  # the lock has run out: a fresh series of attempts
        guard.failures, guard.locked_until = 0, None
    verified = customer.check_service_password(password)
    if verified:
        guard.failures = 0
    else:
        guard.failures += 1
        if guard.failures >= limit:
            guard.locked_until = now + timedelta(minutes=settings.SERVICE_PASSWORD_LOCK_MINUTES)
    guard.save(update_fields=["failures", "locked_until", "updated_at"])
    VerificationAttempt.objects.create(
        customer=customer, channel=channel, actor=actor, succeeded=verified, locked_until=guard.locked_until
    )
    return VerificationResult(
        verified, guard.locked_until is not None, max(limit - guard.failures, 0), guard.locked_until
    )


def _field_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


@transaction.atomic
def disclosure_record(
    *,
    customer: Customer,
    actor,
    method: str,
    channel: str,
    contents: Sequence[str],
    period_start: date | None = None,
    period_end: date | None = None,
    detail: str = "",
    service_password: str = "",
    id_card_number: str = "",
    in_person: bool = False,
    handler_name: str = "",
    handler_id_number: str = "",
    company_letter_number: str = "",
    ip_address: str | None = None,
) -> Disclosure:
    """Record a customer's request for their own detailed records, with the identity check (P-2, seed 000).

    (a) the service password, by hotline, IVR, website or front desk, by the customer or a person handling it;
    (b) the customer in person with their own ID card, never by proxy; a corporate customer by the handling
    person's ID card plus a company letter. A failed check is recorded too, and nothing is disclosed.
    """
    if not may(actor, "compliance.add_disclosure"):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    valid_contents = set(DisclosureContent.values)
    if not contents or not set(contents) <= valid_contents:
        errors["contents"] = [_("Choose what the customer asks for.")]
    if period_start and period_end and period_start > period_end:
        errors["period_end"] = [_("The period ends before it starts.")]
    if channel not in DisclosureChannel.values:
        errors["channel"] = [_("Unknown channel.")]
    if method not in DisclosureMethod.values:
        errors["method"] = [_("Unknown identity check.")]
    if errors:
        raise ValidationError(errors)

    verified, failure_reason, masked_handler = False, "", ""
    if method == DisclosureMethod.SERVICE_PASSWORD:
        if not service_password:
            raise _field_error("service_password", _("Enter the service password the caller gives."))
        if not customer.has_service_password:
            raise _field_error(
                "service_password", _("This customer has no service password: the customer must come with an ID card.")
            )
        result = service_password_verify(customer=customer, password=service_password, channel=channel, actor=actor)
        verified = result.verified
        if result.locked and not verified:
            failure_reason = _("Service password locked after too many wrong attempts.")
        elif not verified:
            failure_reason = _("Wrong service password.")
    else:
        if channel != DisclosureChannel.FRONT_DESK:
            raise _field_error("channel", _("An ID card can only be checked at the front desk."))
        if method == DisclosureMethod.ID_CARD:
            if customer.is_corporate:
                raise _field_error(
                    "method",
                    _("A corporate customer is verified by the handling person's ID card and a company letter."),
                )
            if not in_person:
                raise _field_error("in_person", _("Only the customer in person may use their ID card: never by proxy."))
            try:
                presented = validate_id_number(id_card_number)
            except ValidationError as error:
                raise ValidationError({"id_card_number": error.messages}) from None
            verified = presented == customer.id_number
            masked_handler = masking.mask_id_number(presented)
            if not verified:
                failure_reason = _("The ID card presented is not the customer's.")
        else:  # corporate
            if not customer.is_corporate:
                raise _field_error("method", _("Only a corporate customer can be verified by a company letter."))
            errors = {}
            if not handler_name.strip():
                errors["handler_name"] = [_("Enter the handling person's name.")]
            try:
                masked_handler = masking.mask_id_number(validate_id_number(handler_id_number))
            except ValidationError as error:
                errors["handler_id_number"] = error.messages
            if not company_letter_number.strip():
                errors["company_letter_number"] = [_("Enter the number of the company's letter.")]
            if errors:
                raise ValidationError(errors)
            verified = True
    disclosure = Disclosure.objects.create(
        customer=customer,
        actor=actor,
        method=method,
        channel=channel,
        verified=verified,
        failure_reason=failure_reason,
        handler_name=handler_name.strip()[:60],
        handler_id_number_masked=masked_handler,
        company_letter_number=company_letter_number.strip()[:60],
        contents=list(dict.fromkeys(contents)),
        period_start=period_start,
        period_end=period_end,
        detail=detail.strip() if verified else "",
    )
    event_record(
        actor=actor,
        kind="disclosure_made" if verified else "disclosure_refused",
        target=disclosure,
        note=failure_reason,
    )
    if verified:
        access_log_record(
            user=actor,
            customers=[customer],
            channel=AccessChannel.PAGE,
            fields=["disclosure", *disclosure.contents],
            unmasked=True,
            purpose=_("Disclosure #%(id)s to the verified customer") % {"id": disclosure.pk},
            ip_address=ip_address,
        )
    return disclosure


@transaction.atomic
def disclosure_print(*, disclosure: Disclosure, actor, ip_address: str | None = None) -> DisclosurePrint:
    """A printout of a verified disclosure: logged, and carrying who printed it and when (P-2)."""
    if not may(actor, "compliance.print_disclosure"):
        raise PermissionDenied
    if not disclosure.verified:
        raise DomainError(_("Nothing was disclosed: the identity check failed."), code="not_verified")
    if disclosure.anonymised_at:
        raise DomainError(_("This disclosure is past its retention period."), code="destroyed")
    printout = DisclosurePrint.objects.create(disclosure=disclosure, printed_by=actor)
    access_log_record(
        user=actor,
        customers=[disclosure.customer],
        channel=AccessChannel.PRINT,
        fields=["disclosure", *disclosure.contents],
        unmasked=True,
        purpose=_("Printout of disclosure #%(id)s") % {"id": disclosure.pk},
        ip_address=ip_address,
    )
    return printout


# --- P-3: law-enforcement requests --------------------------------------------------------------------------


def _refusal_reason(*, authority_type: str, authority_level: str, letter_number: str, has_scan: bool) -> str:
    reasons = []
    if authority_type not in ACCEPTED_AUTHORITY_TYPES:
        reasons.append(
            _("Only a public security organ, a people's procuratorate or a state security organ may ask for records.")
        )
    if authority_level not in ACCEPTED_AUTHORITY_LEVELS:
        reasons.append(
            _("The authority is below city division or branch level (%(level)s).")
            % {"level": AuthorityLevel(authority_level).label}
        )
    if not letter_number.strip() or not has_scan:
        reasons.append(_("There is no formal written letter (its number and its scan are both required)."))
    return " ".join(str(r) for r in reasons)


@transaction.atomic
def enforcement_request_register(
    *,
    actor,
    authority_type: str,
    authority_name: str,
    authority_level: str,
    officer_name: str,
    customer_ids: Sequence[int],
    records_requested: Sequence[str],
    letter_number: str = "",
    letter_scan=None,
    case_number: str = "",
    case_description: str = "",
    officer_badge: str = "",
    officer_phone: str = "",
    records_detail: str = "",
    received_at: datetime | None = None,
) -> EnforcementRequest:
    """Register a request from an authority (P-3). The system refuses, with the reason, a request from an
    authority that may not ask, from below city division / branch level, or without a letter; the refusal
    is kept on record. Bad input (an unreadable scan, an unknown customer) saves nothing.
    """
    if not may(actor, "compliance.add_enforcementrequest"):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if authority_type not in AuthorityType.values:
        errors["authority_type"] = [_("Unknown authority.")]
    if authority_level not in AuthorityLevel.values:
        errors["authority_level"] = [_("Unknown level.")]
    if not authority_name.strip():
        errors["authority_name"] = [_("Enter the authority's name.")]
    if not officer_name.strip():
        errors["officer_name"] = [_("Enter the officer's name.")]
    if not records_requested or not set(records_requested) <= set(RequestedRecord.values):
        errors["records_requested"] = [_("Choose the records requested.")]
    ids = list(dict.fromkeys(int(i) for i in customer_ids))
    customers = list(Customer.objects.filter(pk__in=ids))
    if not ids:
        errors["customers"] = [_("Name at least one customer.")]
    elif len(customers) != len(ids):
        missing = sorted(set(ids) - {c.pk for c in customers})
        errors["customers"] = [
            _("No customer with id %(ids)s.") % {"ids": ", ".join(str(i) for i in missing)},
        ]
    content_type = ""
    if letter_scan is not None:
        try:
            content_type = validate_letter_scan(letter_scan)
        except ValidationError as error:
            errors["letter_scan"] = error.messages
    if errors:
        raise ValidationError(errors)

    reason = _refusal_reason(
        authority_type=authority_type,
        authority_level=authority_level,
        letter_number=letter_number,
        has_scan=letter_scan is not None,
    )
    request = EnforcementRequest(
        number=next_number(scope="enforcement", prefix="ZF"),
        status=EnforcementStatus.REFUSED if reason else EnforcementStatus.AWAITING_COMPLIANCE,
        received_at=received_at or timezone.now(),
        registered_by=actor,
        authority_type=authority_type,
        authority_name=authority_name.strip(),
        authority_level=authority_level,
        letter_number=letter_number.strip(),
        letter_content_type=content_type,
        case_number=case_number.strip(),
        case_description=case_description.strip(),
        officer_name=officer_name.strip(),
        officer_badge=officer_badge.strip(),
        officer_phone=officer_phone.strip(),
        records_requested=list(dict.fromkeys(records_requested)),
        records_detail=records_detail.strip(),
        refusal_reason=reason,
        closed_at=timezone.now() if reason else None,
    )
    if letter_scan is not None:
        request.letter_scan.save(EXTENSIONS[content_type], letter_scan, save=False)
    request._history_user = actor
    request.save()
    request.customers.set(customers)
    event_record(
        actor=actor, kind="enforcement_refused" if reason else "enforcement_registered", target=request, note=reason
    )
    return request


def _locked_request(request: EnforcementRequest) -> EnforcementRequest:
    return EnforcementRequest.objects.select_for_update().get(pk=request.pk)


@transaction.atomic
def enforcement_request_approve(*, request: EnforcementRequest, actor, note: str = "") -> EnforcementRequest:
    """Approve a request: first the compliance officer, then a supervisor (two different people)."""
    request = _locked_request(request)
    action = "approve_supervisor" if request.status == EnforcementStatus.AWAITING_SUPERVISOR else "approve_compliance"
    transition = workflow.ENFORCEMENT.check(request, action, actor)
    now = timezone.now()
    if action == "approve_compliance":
        request.compliance_approved_by, request.compliance_approved_at = actor, now
    else:
        if request.compliance_approved_by_id == actor.pk:
            raise DomainError(_("The second approval must come from another person."), code="same_approver")
        request.supervisor_approved_by, request.supervisor_approved_at = actor, now
    request.status = transition.target
    request._history_user = actor
    request.save()
    event_record(actor=actor, kind=f"enforcement_{action}", target=request, note=note)
    return request


@transaction.atomic
def enforcement_request_reject(*, request: EnforcementRequest, actor, reason: str) -> EnforcementRequest:
    """Reject a request at either approval step, with the reason."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for the rejection.")]})
    request = _locked_request(request)
    action = "reject_supervisor" if request.status == EnforcementStatus.AWAITING_SUPERVISOR else "reject_compliance"
    transition = workflow.ENFORCEMENT.check(request, action, actor)
    request.status = transition.target
    request.refusal_reason = reason.strip()[:300]
    request.decided_by = actor
    request.closed_at = timezone.now()
    request._history_user = actor
    request.save()
    event_record(actor=actor, kind="enforcement_rejected", target=request, note=reason.strip())
    return request


@transaction.atomic
def enforcement_request_fulfil(
    *, request: EnforcementRequest, actor, records: Sequence[str], handed_over: str, ip_address: str | None = None
) -> EnforcementRequest:
    """Hand over the approved records: exactly what was given is recorded, and every customer's record access logged."""
    request = _locked_request(request)
    transition = workflow.ENFORCEMENT.check(request, "fulfil", actor)
    errors = {}
    if not records or not set(records) <= set(request.records_requested):
        errors["records"] = [_("Choose what was handed over, among the records requested.")]
    if not handed_over.strip():
        errors["handed_over"] = [_("Describe exactly what was handed over (documents, pages, media).")]
    if errors:
        raise ValidationError(errors)
    request.status = transition.target
    request.handed_over_records = list(dict.fromkeys(records))
    request.handed_over = handed_over.strip()
    request.decided_by = actor
    request.closed_at = timezone.now()
    request._history_user = actor
    request.save()
    access_log_record(
        user=actor,
        customers=request.customers.all(),
        channel=AccessChannel.EXPORT,
        fields=request.handed_over_records,
        unmasked=True,
        purpose=record_text(gettext_noop("Law-enforcement request %(number)s"), number=request.number),
        ip_address=ip_address,
    )
    event_record(actor=actor, kind="enforcement_fulfilled", target=request, note=request.handed_over)
    return request


# --- P-4: archive loans -------------------------------------------------------------------------------------


@transaction.atomic
def archive_loan_register(
    *, actor, customer: Customer, document: str, borrower, purpose: str, due_date: date
) -> ArchiveLoan:
    """Register a request to borrow an original archive document; it waits for a supervisor's approval (P-4)."""
    if not may(actor, "compliance.add_archiveloan"):
        raise PermissionDenied
    errors = {}
    if not document.strip():
        errors["document"] = [_("Name the document to be lent.")]
    if not purpose.strip():
        errors["purpose"] = [_("Give the purpose of the loan.")]
    if due_date < timezone.localdate():
        errors["due_date"] = [_("The due date cannot be in the past.")]
    if errors:
        raise ValidationError(errors)
    loan = ArchiveLoan(
        number=next_number(scope="archive_loan", prefix="JY"),
        status=LoanStatus.REQUESTED,
        customer=customer,
        document=document.strip(),
        borrower=borrower,
        purpose=purpose.strip(),
        due_date=due_date,
        requested_by=actor,
    )
    loan._history_user = actor
    loan.save()
    event_record(actor=actor, kind="loan_registered", target=loan)
    return loan


@transaction.atomic
def archive_loan_act(
    *, loan: ArchiveLoan, actor, action: str, copy_location: str = "", reason: str = "", note: str = ""
) -> ArchiveLoan:
    """Approve, reject, lend (only with a copy kept in the original's place) or take back an archive loan."""
    loan = ArchiveLoan.objects.select_for_update().get(pk=loan.pk)
    transition = workflow.LOAN.check(loan, action, actor)
    now = timezone.now()
    if action in ("approve", "reject"):
        if action == "reject" and not reason.strip():
            raise ValidationError({"reason": [_("Give the reason for the rejection.")]})
        loan.approved_by, loan.approved_at = actor, now
        loan.rejection_reason = reason.strip()[:200]
    elif action == "lend":
        if not copy_location.strip():
            raise ValidationError({"copy_location": [_("Keep a copy in the original's place and say where it is.")]})
        loan.copy_location = copy_location.strip()[:120]
        loan.lent_by, loan.lent_at = actor, now
    elif action == "return":
        loan.received_by, loan.returned_at = actor, now
        loan.return_note = note.strip()[:200]
    loan.status = transition.target
    loan._history_user = actor
    loan.save()
    event_record(actor=actor, kind=f"loan_{action}", target=loan, note=reason or note or copy_location)
    return loan
