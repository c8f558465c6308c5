from django.contrib import admin

from csc.admin_base import HistoryAdmin, ReadOnlyMixin
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


@admin.register(Shift, DutySettings, RotaEntry, SwapRequest, Handover, HandoverItem, DutyLog, DutyLogCheck, Incident)
class DutyRecordAdmin(ReadOnlyMixin, HistoryAdmin):
    """Read-only here: these change only through their pages and API (the services' rules)."""


@admin.register(DutyLogEntry, IncidentNotice)
class DutyAppendOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Append-only lines."""
