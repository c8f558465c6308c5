"""Records protection (P-1 … P-7): the append-only log of every look at a customer's personal data, disclosures,
law-enforcement requests, archive loans, retention runs and the compliance event log. The customer record itself
is the customers app's."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from csc.append_only import AppendOnlyModel
from customers.models import Customer


class AccessChannel(models.TextChoices):
    PAGE = "page", _("Page")
    LIST = "list", _("List")
    SCREEN_POP = "screen_pop", _("Screen-pop")
    API = "api", _("API")
    EXPORT = "export", _("Export")
    PRINT = "print", _("Print")


class AccessedField(models.TextChoices):
    """The parts of a customer's record an access-log row names (stored as codes, shown by these labels)."""

    NAME = "name", pgettext_lazy("records protection", "name")
    PHONES = "phones", _("phone numbers")
    ADDRESSES = "addresses", _("addresses")
    ID_NUMBER = "id_number", _("ID-card number")
    ACCOUNT_NUMBER = "account_number", _("account number")
    COMPLAINANT_NAME = "complainant_name", _("complainant's name")
    COMPLAINANT_PHONE = "complainant_phone", _("complainant's phone")
    DISCLOSURE = "disclosure", _("disclosed statement")


class AccessLogEntry(AppendOnlyModel):
    """One look at one customer's personal data by one person (P-1). Append-only: never updated or deleted."""

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), on_delete=models.PROTECT, related_name="+"
    )
    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(
        pgettext_lazy("records protection", "channel"), max_length=20, choices=AccessChannel.choices
    )
    fields = models.CharField(_("fields"), max_length=200, help_text=_("Comma-separated field names shown."))
    unmasked = models.BooleanField(_("shown in full"), default=False)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        permissions = [
            ("verify_service_password", _("May check a customer's service password (IVR, hotline, front desk)")),
            ("clearance_secret", _("Confidentiality clearance: secret 机密")),
            ("clearance_top_secret", _("Confidentiality clearance: top secret 绝密")),
        ]
        indexes = [
            models.Index(fields=["customer", "at"], name="accesslog_customer_at_idx"),
            models.Index(fields=["user", "at"], name="accesslog_user_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} → {self.customer_id}"

    @property
    def field_labels(self) -> list[str]:
        """The fields shown, in words: the codes of this log, of disclosures and of law-enforcement hand-overs."""
        labels = {**dict(RequestedRecord.choices), **dict(DisclosureContent.choices), **dict(AccessedField.choices)}
        return [str(labels.get(code.strip(), code.strip())) for code in self.fields.split(",") if code.strip()]


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel (.xlsx)")
    CSV = "csv", _("CSV (.csv)")


class ExportRecord(AppendOnlyModel):
    """One export of a list by one person (P-1, P-5, D-2): who, when, which list with which filters, how many rows,
    whether personal data was in full. Written by csc.exports before the file is sent. Append-only: never updated
    or deleted (the database refuses too, migration 0007)."""

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), on_delete=models.PROTECT, related_name="+"
    )
    list_code = models.CharField(_("list"), max_length=40, help_text=_("The list exported (csc.exports.LISTS)."))
    format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    filters = models.TextField(_("filters"), blank=True, help_text=_("The list's query string: its filters and order."))
    row_count = models.PositiveIntegerField(_("rows"), help_text=_("Counted when the export started."))
    personal_data_in_full = models.BooleanField(_("personal data in full"), default=False)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("export record")
        verbose_name_plural = _("export records")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["user", "at"], name="exportrecord_user_at_idx"),
            models.Index(fields=["list_code", "at"], name="exportrecord_list_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.list_code} {self.format}"


# --- P-2: identity verification and disclosure -----------------------------------------------------------


class DisclosureMethod(models.TextChoices):
    SERVICE_PASSWORD = "service_password", _("Service password")
    ID_CARD = "id_card", _("Customer in person with own ID card")
    CORPORATE = "corporate", _("Handling person's ID card and company letter")


class DisclosureChannel(models.TextChoices):
    HOTLINE = "hotline", _("Hotline")
    IVR = "ivr", _("IVR")
    WEBSITE = "website", _("Website")
    FRONT_DESK = "front_desk", _("Front desk")


class DisclosureContent(models.TextChoices):
    CONSUMPTION = "consumption", _("Consumption details")
    STATEMENT = "statement", _("Statement")
    PAYMENTS = "payments", _("Payment records")
    ACCOUNT = "account", _("Account registration data")


class ServicePasswordGuard(models.Model):
    """The failed-attempt counter of one customer's service password: locks after N failures (P-2), any process."""

    customer = models.OneToOneField(Customer, on_delete=models.PROTECT, related_name="password_guard")
    failures = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.failures}"


class VerificationAttempt(AppendOnlyModel):
    """One check of a service password, right or wrong or refused while locked (P-2: attempts are logged)."""

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True, editable=False)
    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(
        pgettext_lazy("records protection", "channel"), max_length=20, choices=DisclosureChannel.choices
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), on_delete=models.PROTECT, related_name="+"
    )
    succeeded = models.BooleanField(_("right password"))
    refused_locked = models.BooleanField(_("refused: locked"), default=False)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("service-password check")
        verbose_name_plural = _("service-password checks")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["customer", "at"], name="verifyattempt_customer_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.customer_id} {'ok' if self.succeeded else 'failed'}"


class Disclosure(models.Model):
    """One request by a customer for their own detailed records: how identity was checked, what was disclosed (P-2).

    A log record: written once by `disclosure_record`; only the retention run changes it, to erase the handling
    person's data (P-7).
    """

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="disclosures"
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("identity check"), max_length=20, choices=DisclosureMethod.choices)
    channel = models.CharField(
        pgettext_lazy("records protection", "channel"), max_length=20, choices=DisclosureChannel.choices
    )
    verified = models.BooleanField(_("identity verified"))
    failure_reason = models.CharField(_("why not verified"), max_length=200, blank=True)
    handler_name = models.CharField(_("handling person"), max_length=60, blank=True)
    handler_id_number_masked = models.CharField(
        _("handling person's ID-card number (masked)"), max_length=30, blank=True
    )
    company_letter_number = models.CharField(_("company letter number"), max_length=60, blank=True)
    contents = models.JSONField(_("disclosed"), default=list, blank=True)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    detail = models.TextField(_("what was disclosed"), blank=True)
    anonymised_at = models.DateTimeField(_("personal data destroyed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-at", "-id"]
        permissions = [("print_disclosure", _("May print a disclosed statement"))]

    def __str__(self) -> str:
        return f"#{self.pk} {self.at:%Y-%m-%d} {self.get_method_display()}"

    @property
    def content_labels(self) -> list[str]:
        labels = dict(DisclosureContent.choices)
        return [str(labels.get(code, code)) for code in self.contents]


class DisclosurePrint(AppendOnlyModel):
    """One printout of a disclosure: the printout carries who printed it and when (P-2)."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="prints")
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("printed by"), on_delete=models.PROTECT, related_name="+"
    )
    printed_at = models.DateTimeField(_("printed at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("printout")
        verbose_name_plural = _("printouts")
        ordering = ["-printed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.disclosure_id} {self.printed_at:%Y-%m-%d %H:%M}"


# --- P-3: law-enforcement requests ------------------------------------------------------------------------


class AuthorityType(models.TextChoices):
    PUBLIC_SECURITY = "public_security", _("Public security organ 公安机关")
    PROCURATORATE = "procuratorate", _("People's procuratorate 人民检察院")
    STATE_SECURITY = "state_security", _("State security organ 国家安全机关")
    OTHER = "other", _("Other authority")


class AuthorityLevel(models.TextChoices):
    """From the lowest up; seed 000 accepts city division 市处级 or branch 分局 and above."""

    GRASSROOTS = "grassroots", _("Police station or grassroots office 派出所/基层")
    COUNTY = "county", _("County or district level 区县级")
    BRANCH = "branch", _("Branch bureau 分局")
    CITY_DIVISION = "city_division", _("City level, division 市处级")
    PROVINCIAL = "provincial", _("Provincial level 省级")
    NATIONAL = "national", _("National level 国家级")


ACCEPTED_AUTHORITY_TYPES = {AuthorityType.PUBLIC_SECURITY, AuthorityType.PROCURATORATE, AuthorityType.STATE_SECURITY}
ACCEPTED_AUTHORITY_LEVELS = {
    AuthorityLevel.BRANCH,
    AuthorityLevel.CITY_DIVISION,
    AuthorityLevel.PROVINCIAL,
    AuthorityLevel.NATIONAL,
}


class RequestedRecord(models.TextChoices):
    IDENTITY = "identity", _("Name and ID-card number")
    CONTACT = "contact", _("Phone numbers and addresses")
    ACCOUNT = "account", _("Account data")
    CALLS = "calls", _("Call records")
    DISCLOSURES = "disclosures", _("Consumption details and statements")
    ACCESS_LOG = "access_log", _("Who looked at the record")


class EnforcementStatus(models.TextChoices):
    REFUSED = "refused", _("Refused by the system")
    AWAITING_COMPLIANCE = "awaiting_compliance", _("Awaiting compliance approval")
    AWAITING_SUPERVISOR = "awaiting_supervisor", _("Awaiting supervisor approval")
    APPROVED = "approved", _("Approved, to hand over")
    FULFILLED = "fulfilled", _("Handed over")
    REJECTED = "rejected", _("Rejected")


ENFORCEMENT_OPEN = (
    EnforcementStatus.AWAITING_COMPLIANCE,
    EnforcementStatus.AWAITING_SUPERVISOR,
    EnforcementStatus.APPROVED,
)


def _letter_path(instance, filename: str) -> str:
    import uuid

    # Never the uploaded name: it may carry personal data, and a guessable name is a leak.
    return f"compliance/letters/{timezone.localtime():%Y/%m}/{uuid.uuid4().hex}"


class EnforcementRequest(models.Model):
    """A public-security, procuratorate or state-security request to see or copy customer records (P-3, seed 000)."""

    number = models.CharField(pgettext_lazy("records protection", "number"), max_length=20, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=30, choices=EnforcementStatus.choices, db_index=True)
    received_at = models.DateTimeField(pgettext_lazy("records protection", "received at"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    authority_type = models.CharField(_("authority"), max_length=30, choices=AuthorityType.choices)
    authority_name = models.CharField(_("authority name"), max_length=120)
    authority_level = models.CharField(_("authority level"), max_length=30, choices=AuthorityLevel.choices)
    letter_number = models.CharField(_("letter number"), max_length=60, blank=True)
    letter_scan = models.FileField(_("letter scan"), upload_to=_letter_path, blank=True, max_length=200)
    letter_content_type = models.CharField(_("letter file type"), max_length=40, blank=True, editable=False)
    case_number = models.CharField(_("case number"), max_length=60, blank=True)
    case_description = models.TextField(_("case"), blank=True)
    officer_name = models.CharField(_("officer"), max_length=60)
    officer_badge = models.CharField(_("officer's badge or certificate number"), max_length=40, blank=True)
    officer_phone = models.CharField(_("officer's phone"), max_length=30, blank=True)
    customers = models.ManyToManyField(Customer, verbose_name=_("customers concerned"), related_name="+")
    records_requested = models.JSONField(_("records requested"), default=list)
    records_detail = models.TextField(_("records requested, in detail"), blank=True)
    refusal_reason = models.CharField(_("refusal reason"), max_length=300, blank=True)
    compliance_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    compliance_approved_at = models.DateTimeField(null=True, blank=True)
    supervisor_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supervisor_approved_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(pgettext_lazy("records protection", "closed at"), null=True, blank=True)
    handed_over = models.TextField(_("handed over"), blank=True)
    handed_over_records = models.JSONField(_("records handed over"), default=list, blank=True)
    anonymised_at = models.DateTimeField(_("personal data destroyed at"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["letter_scan"])

    class Meta:
        verbose_name = _("law-enforcement request")
        verbose_name_plural = _("law-enforcement requests")
        ordering = ["-received_at", "-id"]
        permissions = [
            ("approve_enforcement_compliance", _("May approve law-enforcement requests (compliance)")),
            ("approve_enforcement_supervisor", _("May approve law-enforcement requests (supervisor)")),
            ("fulfil_enforcementrequest", _("May hand over records for an approved law-enforcement request")),
        ]
        indexes = [models.Index(fields=["status", "received_at"], name="enforcement_status_recv_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in ENFORCEMENT_OPEN

    @property
    def records_labels(self) -> list[str]:
        labels = dict(RequestedRecord.choices)
        return [str(labels.get(code, code)) for code in self.records_requested]

    @property
    def handed_over_labels(self) -> list[str]:
        labels = dict(RequestedRecord.choices)
        return [str(labels.get(code, code)) for code in self.handed_over_records]


# --- P-4: archive lending ---------------------------------------------------------------------------------


class LoanStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting supervisor approval")
    APPROVED = "approved", _("Approved, not yet lent")
    REJECTED = "rejected", _("Rejected")
    LENT = "lent", _("Lent out")
    RETURNED = "returned", _("Returned")


class ArchiveLoan(models.Model):
    """An original customer archive document lent out: approval, copy kept in its place, due date, return (P-4)."""

    number = models.CharField(pgettext_lazy("records protection", "number"), max_length=20, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=LoanStatus.choices, db_index=True)
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="archive_loans"
    )
    document = models.CharField(_("document"), max_length=200)
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("borrower"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    due_date = models.DateField(_("due back on"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("registered at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("records protection", "decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(pgettext_lazy("records protection", "decided at"), null=True, blank=True)
    rejection_reason = models.CharField(_("rejection reason"), max_length=200, blank=True)
    copy_location = models.CharField(_("where the copy is kept"), max_length=120, blank=True)
    lent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed out by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lent_at = models.DateTimeField(_("lent at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received back by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_note = models.CharField(_("condition on return"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("archive loan")
        verbose_name_plural = _("archive loans")
        ordering = ["-requested_at", "-id"]
        permissions = [
            ("approve_archiveloan", _("May approve archive loans")),
            ("handle_archiveloan", _("May hand out and take back archive documents")),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="archiveloan_status_due_idx")]

    def __str__(self) -> str:
        return self.number


# --- P-7: retention and the destruction log; the compliance event log ---------------------------------------


class RetentionRun(models.Model):
    """One run of the retention policy (P-7): by the schedule or by a named person."""

    started_at = models.DateTimeField(_("started at"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    totals = models.JSONField(_("destroyed"), default=dict, blank=True)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-started_at", "-id"]
        permissions = [("run_retention", _("May run the retention policy"))]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"


class DestructionAction(models.TextChoices):
    ANONYMISED = "anonymised", _("Personal data anonymised")
    ERASED = "erased", _("Erased")
    FILE_DELETED = "file_deleted", _("File deleted")


class DestructionLogEntry(AppendOnlyModel):
    """What a retention run destroyed, when and by whom, how many (P-7). Append-only: the proof itself."""

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True, editable=False)
    run = models.ForeignKey(
        RetentionRun, verbose_name=_("run"), null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("records protection", "by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    record_type = models.CharField(_("record type"), max_length=40)
    action = models.CharField(
        pgettext_lazy("records protection", "action"), max_length=20, choices=DestructionAction.choices
    )
    count = models.PositiveIntegerField(_("how many"))
    object_ids = models.JSONField(_("record ids"), default=list)
    cutoff = models.DateTimeField(_("older than"))
    fields = models.CharField(_("fields destroyed"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("destruction log entry")
        verbose_name_plural = _("destruction log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.record_type} ×{self.count}"


class ComplianceEventKind(models.TextChoices):
    CUSTOMER_CLOSED = "customer_closed", _("Customer account closed")
    DISCLOSURE_MADE = "disclosure_made", _("Disclosed after the identity check")
    DISCLOSURE_REFUSED = "disclosure_refused", _("Disclosure refused: identity not verified")
    ENFORCEMENT_REGISTERED = "enforcement_registered", _("Request registered")
    ENFORCEMENT_REFUSED = "enforcement_refused", _("Request refused at registration")
    ENFORCEMENT_APPROVE_COMPLIANCE = "enforcement_approve_compliance", _("Approved by the compliance officer")
    ENFORCEMENT_APPROVE_SUPERVISOR = "enforcement_approve_supervisor", _("Approved by the supervisor")
    ENFORCEMENT_REJECTED = "enforcement_rejected", _("Request rejected")
    ENFORCEMENT_FULFILLED = "enforcement_fulfilled", _("Records handed over")
    LOAN_REGISTERED = "loan_registered", _("Loan requested")
    LOAN_APPROVE = "loan_approve", _("Loan approved")
    LOAN_REJECT = "loan_reject", _("Loan rejected")
    LOAN_LEND = "loan_lend", _("Lent out, a copy kept in its place")
    LOAN_RETURN = "loan_return", _("Returned")


class ComplianceEvent(AppendOnlyModel):
    """One step of a regulated workflow (disclosure, law-enforcement request, archive loan), by a named person."""

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("records protection", "by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(
        pgettext_lazy("records protection", "event"), max_length=60, choices=ComplianceEventKind.choices
    )
    target_type = models.CharField(_("record type"), max_length=40)
    target_id = models.BigIntegerField(_("record id"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("compliance event")
        verbose_name_plural = _("compliance events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="complianceevent_target_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.target_type}#{self.target_id}"
