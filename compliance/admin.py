from django.contrib import admin

from compliance.models import (
    AccessLogEntry,
    ArchiveLoan,
    ComplianceEvent,
    DestructionLogEntry,
    Disclosure,
    EnforcementRequest,
    ExportRecord,
    VerificationAttempt,
)
from csc.admin_base import HistoryAdmin, ReadOnlyMixin


class ReadOnlyLogAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Logs are read in the admin, never written, changed or deleted there (P-1, P-2, P-7)."""


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "user", "customer_id", "channel", "fields", "unmasked", "purpose"]
    list_filter = ["channel", "unmasked"]
    search_fields = ["user__username", "purpose"]


@admin.register(ExportRecord)
class ExportRecordAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "user", "list_code", "format", "row_count", "personal_data_in_full"]
    list_filter = ["list_code", "format", "personal_data_in_full"]
    search_fields = ["user__username", "filters"]


@admin.register(VerificationAttempt)
class VerificationAttemptAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "customer_id", "channel", "actor", "succeeded", "refused_locked"]
    list_filter = ["channel", "succeeded"]


@admin.register(Disclosure)
class DisclosureAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "customer_id", "method", "channel", "verified", "actor"]
    list_filter = ["method", "channel", "verified"]


@admin.register(DestructionLogEntry)
class DestructionLogEntryAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "record_type", "action", "count", "actor", "run"]


@admin.register(ComplianceEvent)
class ComplianceEventAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "kind", "target_type", "target_id", "actor"]
    list_filter = ["kind", "target_type"]


@admin.register(EnforcementRequest)
class EnforcementRequestAdmin(HistoryAdmin, ReadOnlyLogAdmin):
    """Registered and decided through the compliance pages (the workflow), only read here."""

    list_display = ["number", "received_at", "authority_name", "authority_level", "status"]
    list_filter = ["status", "authority_type", "authority_level"]


@admin.register(ArchiveLoan)
class ArchiveLoanAdmin(HistoryAdmin, ReadOnlyLogAdmin):
    list_display = ["number", "customer_id", "document", "borrower", "due_date", "status"]
    list_filter = ["status"]
