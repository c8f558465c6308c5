"""Demo records of customer-record protection, so that `make run` shows each register working (idempotent)."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from compliance.models import (
    AccessChannel,
    AccessLogEntry,
    ArchiveLoan,
    AuthorityLevel,
    AuthorityType,
    Disclosure,
    DisclosureChannel,
    DisclosureContent,
    DisclosureMethod,
    EnforcementRequest,
    RequestedRecord,
)
from compliance.services import (
    archive_loan_act,
    archive_loan_register,
    disclosure_record,
    enforcement_request_approve,
    enforcement_request_register,
)
from csc.demo import DemoOptions
from customers.models import Customer

DEMO_PURPOSE = "核对来电客户信息"  # the access-log rows of the past two weeks (the unusual-access page reads them)

DEMO_PDF = b"%PDF-1.4\n% CSC demo letter\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def load_demo(options: DemoOptions) -> dict[str, int]:
    """One disclosure, two law-enforcement requests (one refused by the system), two archive loans (one overdue),
    and a month of access-log entries in which one agent looked at far more customers than the others."""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["agent1", "agent2", "lead1", "supervisor1", "compliance1"])
    }
    customers = list(Customer.objects.filter(is_active=True).order_by("account_number")[:40])
    if len(users) < 5 or len(customers) < 10:
        return {}
    # Demo accounts never start with an expired password, however old the demo database is (P-6).
    User.objects.filter(
        pk__in=[u.pk for u in users.values()], password_changed_at__lt=timezone.now() - timedelta(days=60)
    ).update(password_changed_at=timezone.now())
    agent, supervisor, officer = users["agent1"], users["supervisor1"], users["compliance1"]
    if not Disclosure.objects.exists():
        disclosure_record(
            customer=customers[0],
            actor=agent,
            method=DisclosureMethod.SERVICE_PASSWORD,
            channel=DisclosureChannel.HOTLINE,
            contents=[DisclosureContent.CONSUMPTION],
            service_password="123456",  # noqa: S106  the demo customers' service password
            detail="2026-2027 供暖季用热明细，电话告知",
        )
    if not EnforcementRequest.objects.exists():
        accepted = enforcement_request_register(
            actor=officer,
            authority_type=AuthorityType.PUBLIC_SECURITY,
            authority_name="顺义分局刑侦支队",
            authority_level=AuthorityLevel.BRANCH,
            officer_name="王警官",
            officer_badge="110256",
            customer_ids=[customers[1].pk],
            records_requested=[RequestedRecord.IDENTITY, RequestedRecord.CALLS],
            letter_number="京公顺（刑）调字〔2026〕118号",
            letter_scan=ContentFile(DEMO_PDF, name="letter.pdf"),
            case_number="A2026-118",
            case_description="诈骗案调查",
        )
        enforcement_request_approve(request=accepted, actor=officer, note="函件齐全，级别符合")
        enforcement_request_register(
            actor=officer,
            authority_type=AuthorityType.PUBLIC_SECURITY,
            authority_name="胜利街派出所",
            authority_level=AuthorityLevel.GRASSROOTS,
            officer_name="李警官",
            customer_ids=[customers[2].pk],
            records_requested=[RequestedRecord.CONTACT],
        )
    if not ArchiveLoan.objects.exists():
        today = options.today
        overdue = archive_loan_register(
            actor=users["lead1"],
            customer=customers[3],
            document="供热合同原件",
            borrower=users["lead1"],
            purpose="核对合同条款",
            due_date=today,
        )
        archive_loan_act(loan=overdue, actor=supervisor, action="approve")
        archive_loan_act(loan=overdue, actor=supervisor, action="lend", copy_location="档案柜A-3 复印件")
        ArchiveLoan.objects.filter(pk=overdue.pk).update(due_date=today - timedelta(days=5))
        archive_loan_register(
            actor=users["lead1"],
            customer=customers[4],
            document="开户登记表原件",
            borrower=users["agent2"],
            purpose="补录开户信息",
            due_date=today + timedelta(days=7),
        )
    if not AccessLogEntry.objects.filter(purpose=DEMO_PURPOSE).exists():
        now = options.now
        rows = []
        for day in range(1, 15):
            at = now - timedelta(days=day)
            for username, count in (("agent1", 3), ("agent2", 4), ("lead1", 3)):
                rows += [
                    AccessLogEntry(
                        user=users[username],
                        customer=c,
                        channel=AccessChannel.PAGE,
                        fields="name",
                        at=at,
                        purpose=DEMO_PURPOSE,
                    )
                    for c in customers[:count]
                ]
        rows += [  # agent2 browsed 35 customers yesterday: the unusual-access page shows it
            AccessLogEntry(
                user=users["agent2"],
                customer=c,
                channel=AccessChannel.LIST,
                fields="name",
                at=now - timedelta(hours=20),
                purpose="核对欠费名单",
            )
            for c in customers[:35]
        ]
        AccessLogEntry.objects.bulk_create(rows)
    return {
        "disclosures": Disclosure.objects.count(),
        "enforcement_requests": EnforcementRequest.objects.count(),
        "archive_loans": ArchiveLoan.objects.count(),
    }
