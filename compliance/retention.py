"""Retention and destruction (SPEC P-7, seed 000 资料销毁): records past their retention period lose their personal
data for good (erased or anonymised, history rows included, never just hidden); the non-personal facts stay for
statistics; every destruction is written to the append-only destruction log.

Each record type is a `Policy`: which rows are past the period, and how their personal data is destroyed.
Periods are settings (RETENTION_DAYS, 0 = kept permanently): recordings (K-3) are kept unless a policy says
otherwise. Other apps add their own record types with `register()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance.models import (
    DestructionAction,
    DestructionLogEntry,
    Disclosure,
    EnforcementRequest,
    EnforcementStatus,
    RetentionRun,
)
from csc.permissions import may
from customers import masking
from customers.models import Customer, CustomerAddress, CustomerPhone

ERASED_NAME = "（已销毁）"


@dataclass(frozen=True)
class Policy:
    record_type: str
    label: str
    candidates: Callable[[datetime], QuerySet]  # rows past the period, given the cutoff
    destroy: Callable[[list[int], datetime], None]  # destroys the personal data of these ids
    action: str
    fields: str
    keeps: str  # the non-personal facts that stay, for statistics


POLICIES: dict[str, Policy] = {}


def record_type_label(record_type: str) -> str:
    """What a person calls the records of one policy (the destruction log stores the code)."""
    policy = POLICIES.get(record_type)
    return str(policy.label) if policy else record_type


def register(policy: Policy) -> None:
    POLICIES[policy.record_type] = policy


def retention_days(record_type: str) -> int:
    """Days a record type is kept after it ended; 0 = permanently."""
    return int(settings.RETENTION_DAYS.get(record_type, 0) or 0)


# --- customers ---------------------------------------------------------------------------------------------


def _customer_candidates(cutoff: datetime) -> QuerySet:
    return Customer.objects.filter(is_active=False, closed_at__lt=cutoff, anonymised_at__isnull=True)


def _destroy_customers(ids: list[int], now: datetime) -> None:
    customers = Customer.objects.filter(pk__in=ids)
    # The address keeps only its place names (district, community: the figures per area need them).
    for address in CustomerAddress.objects.filter(customer_id__in=ids).only("id", "address"):
        CustomerAddress.objects.filter(pk=address.pk).update(address=masking.mask_address(address.address)[:200])
    CustomerPhone.objects.filter(customer_id__in=ids).delete()
    customers.update(
        name=ERASED_NAME,
        id_number="",
        account_number=None,
        service_password="",
        note="",
        anonymised_at=now,
    )
    customers.filter(is_corporate=False).update(company="")
    # History rows hold the same personal data: destroyed too, or the erasure would only hide it.
    history = Customer.history.model.objects.filter(id__in=ids)
    history.update(name=ERASED_NAME, id_number="", account_number=None, note="")
    history.filter(is_corporate=False).update(company="")
    CustomerPhone.history.model.objects.filter(customer_id__in=ids).update(number="", label="")
    for row in CustomerAddress.history.model.objects.filter(customer_id__in=ids).only("history_id", "address"):
        CustomerAddress.history.model.objects.filter(pk=row.pk).update(address=masking.mask_address(row.address)[:200])


register(
    Policy(
        record_type="customer",
        label=_("Customers (counted from the account's closure)"),
        candidates=_customer_candidates,
        destroy=_destroy_customers,
        action=DestructionAction.ANONYMISED,
        fields=_(
            "name, ID-card number, account number, phone numbers, house numbers of the addresses, service password, note, history"
        ),
        keeps=_("corporate flag, company of corporate customers, community of the address, dates"),
    )
)


# --- disclosures -------------------------------------------------------------------------------------------


def _disclosure_candidates(cutoff: datetime) -> QuerySet:
    return Disclosure.objects.filter(at__lt=cutoff, anonymised_at__isnull=True)


def _destroy_disclosures(ids: list[int], now: datetime) -> None:
    Disclosure.objects.filter(pk__in=ids).update(
        handler_name="", handler_id_number_masked="", company_letter_number="", detail="", anonymised_at=now
    )


register(
    Policy(
        record_type="disclosure",
        label=_("Disclosures to customers"),
        candidates=_disclosure_candidates,
        destroy=_destroy_disclosures,
        action=DestructionAction.ANONYMISED,
        fields=_("handling person's name and ID-card number, company letter number, what was disclosed"),
        keeps=_("date, channel, identity check, result, kinds of records disclosed"),
    )
)


# --- law-enforcement requests ------------------------------------------------------------------------------


def _enforcement_candidates(cutoff: datetime) -> QuerySet:
    closed = (EnforcementStatus.FULFILLED, EnforcementStatus.REFUSED, EnforcementStatus.REJECTED)
    return EnforcementRequest.objects.filter(status__in=closed, closed_at__lt=cutoff, anonymised_at__isnull=True)


def _destroy_enforcement(ids: list[int], now: datetime) -> None:
    requests = EnforcementRequest.objects.filter(pk__in=ids)
    names = [name for name in requests.exclude(letter_scan="").values_list("letter_scan", flat=True)]
    storage = EnforcementRequest._meta.get_field("letter_scan").storage
    # The files go after commit: a rolled-back run must not have lost a letter it still points at.
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    requests.update(letter_scan="", officer_name=ERASED_NAME, officer_badge="", officer_phone="", anonymised_at=now)
    EnforcementRequest.history.model.objects.filter(id__in=ids).update(
        officer_name=ERASED_NAME, officer_badge="", officer_phone=""
    )


register(
    Policy(
        record_type="enforcement_request",
        label=_("Law-enforcement requests (counted from closure)"),
        candidates=_enforcement_candidates,
        destroy=_destroy_enforcement,
        action=DestructionAction.ERASED,
        fields=_("scanned letter, officer's name, badge number and phone"),
        keeps=_("authority, level, letter number, case number, records requested and handed over, dates"),
    )
)


# --- the run -----------------------------------------------------------------------------------------------


@dataclass
class PlanItem:
    record_type: str
    label: str
    days: int
    cutoff: datetime | None
    ids: list[int] = field(default_factory=list)
    fields: str = ""
    keeps: str = ""

    @property
    def count(self) -> int:
        return len(self.ids)


@dataclass
class RetentionReport:
    dry_run: bool
    items: list[PlanItem]
    run: RetentionRun | None = None

    @property
    def total(self) -> int:
        return sum(item.count for item in self.items)


def retention_plan(*, now: datetime | None = None) -> list[PlanItem]:
    """What a run would destroy now, per record type (the dry run)."""
    now = now or timezone.now()
    items = []
    for policy in POLICIES.values():
        days = retention_days(policy.record_type)
        if days <= 0:
            items.append(
                PlanItem(policy.record_type, str(policy.label), 0, None, [], str(policy.fields), str(policy.keeps))
            )
            continue
        cutoff = now - timedelta(days=days)
        ids = list(policy.candidates(cutoff).order_by("pk").values_list("pk", flat=True))
        items.append(
            PlanItem(policy.record_type, str(policy.label), days, cutoff, ids, str(policy.fields), str(policy.keeps))
        )
    return items


def _advisory_lock() -> bool:
    """One run at a time on PostgreSQL (a second one finds nothing left, but should not race the first)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [7_000_607])
        return bool(cursor.fetchone()[0])


def retention_run(*, dry_run: bool, actor=None, now: datetime | None = None) -> RetentionReport:
    """Destroy the personal data of every record past its retention period, or with `dry_run` list what would go.

    `actor` is the person who started it, None for the schedule. One transaction: the destruction and its log
    entries commit together or not at all.
    """
    if actor is not None and not may(actor, "compliance.run_retention"):
        raise PermissionDenied
    now = now or timezone.now()
    if dry_run:
        return RetentionReport(dry_run=True, items=retention_plan(now=now))
    with transaction.atomic():
        if not _advisory_lock():
            return RetentionReport(dry_run=False, items=[])
        items = retention_plan(now=now)
        run = RetentionRun.objects.create(actor=actor, started_at=now)
        for item in items:
            if not item.ids:
                continue
            policy = POLICIES[item.record_type]
            policy.destroy(item.ids, now)
            DestructionLogEntry.objects.create(
                run=run,
                actor=actor,
                at=now,
                record_type=item.record_type,
                action=policy.action,
                count=item.count,
                object_ids=item.ids,
                cutoff=item.cutoff,
                fields=str(policy.fields)[:300],
            )
        run.totals = {item.record_type: item.count for item in items if item.count}
        run.finished_at = timezone.now()
        run.save(update_fields=["totals", "finished_at"])
    return RetentionReport(dry_run=False, items=items, run=run)
