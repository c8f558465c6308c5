"""Building, archiving and e-mailing reports (R-2, R-3): each run writes one new immutable version."""

from __future__ import annotations

import hashlib
import json
import logging
import smtplib
import zlib
from datetime import date

from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from csc import reporting
from csc.api import DomainError
from csc.messaging import absolute_url, notify
from reports import exports, selectors
from reports.models import ReportKind, ReportRecipient, ReportSnapshot, Trigger

logger = logging.getLogger(__name__)


def validate_day(day: date) -> None:
    """A report covers a day that has begun; a future day has no figures yet."""
    if day > timezone.localdate():
        raise DomainError(_("A report cannot be built for a future date."), code="future_date")


def _lock(kind: str, period_start: date) -> None:
    if connection.vendor == "postgresql":
        key = zlib.crc32(f"{kind}:{period_start.isoformat()}".encode()) & 0x7FFFFFFF
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7008, key])


@transaction.atomic
def report_snapshot_create(*, kind: str, day: date, actor=None, trigger: str = Trigger.ON_DEMAND) -> ReportSnapshot:
    """Build the report for the period containing `day` and archive it as the next version (one INSERT)."""
    if kind not in ReportKind.values:
        raise DomainError(_("Unknown report."), code="unknown_report")
    validate_day(day)
    start, end = selectors.PERIOD_OF[kind](day)
    data = selectors.BUILDERS[kind](day=day)  # read first: a crash here writes nothing
    _lock(kind, start)  # versions of one period are numbered one at a time
    version = (ReportSnapshot.objects.filter(kind=kind, period_start=start).aggregate(v=Max("version"))["v"] or 0) + 1
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    snapshot = ReportSnapshot(
        kind=kind,
        period_start=start,
        period_end=end,
        version=version,
        data=data,
        checksum=hashlib.sha256(canonical.encode()).hexdigest(),
        trigger=trigger,
        created_by=actor,
    )
    snapshot.save()
    recipients = ReportRecipient.objects.filter(kind=kind, is_active=True, user__isnull=False).values_list(
        "user_id", flat=True
    )
    notify(
        recipients=list(recipients),
        kind="report.ready",
        title=_("%(report)s for %(period)s is ready (version %(version)d)")
        % {"report": snapshot.get_kind_display(), "period": _period_label(snapshot), "version": version},
        url=snapshot_url(snapshot),
        target=snapshot,
    )
    return snapshot


def _period_label(snapshot: ReportSnapshot) -> str:
    if snapshot.period_start == snapshot.period_end:
        return snapshot.period_start.isoformat()
    return f"{snapshot.period_start.isoformat()} – {snapshot.period_end.isoformat()}"


def snapshot_url(snapshot: ReportSnapshot) -> str:
    return reverse("reports:snapshot", args=[snapshot.pk])


def report_addresses(*, snapshot_id: int) -> list[str]:
    """The configured leaders' addresses for this snapshot's report."""
    kind = ReportSnapshot.objects.values_list("kind", flat=True).get(pk=snapshot_id)
    recipients = ReportRecipient.objects.filter(kind=kind, is_active=True).select_related("user")
    return sorted({r.address for r in recipients if r.address})


def report_email(*, snapshot_id: int, address: str) -> str:
    """E-mail the snapshot to one address: printable HTML body, the .xlsx attached.

    A refused address is a final answer, logged and returned ("refused: …"); a server that is down raises,
    and the task retries with backoff.
    """
    snapshot = ReportSnapshot.objects.get(pk=snapshot_id)
    subject = f"{snapshot.get_kind_display()} {_period_label(snapshot)} v{snapshot.version}"
    context = {"snapshot": snapshot, "link": absolute_url(snapshot_url(snapshot)), **report_context(snapshot.data)}
    message = EmailMessage(subject=subject, body=render_to_string("reports/email.html", context), to=[address])
    message.content_subtype = "html"
    workbook = exports.xlsx_bytes(snapshot, exported_by=_("report e-mail"))
    message.attach(exports.xlsx_filename(snapshot), workbook, exports.XLSX_TYPE)
    try:
        message.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        logger.warning("report %s: %s refused: %s", snapshot.pk, address, exc)
        return f"refused: {exc}"
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(emailed_at=timezone.now())
    return "sent"


def report_context(data: dict) -> dict:
    """What the page, the print view and the e-mail render: the figures and their seed-004 layout."""
    if data["kind"] == "complaints_monthly":
        return {
            "data": data,
            "table": None,
            "blocks": reporting.blocks(data["kind"], data),
            "title": exports.title(data),
        }
    return {
        "data": data,
        "table": exports.layout(data),
        "blocks": reporting.blocks(data["kind"], data),
        "title": exports.title(data),
    }
