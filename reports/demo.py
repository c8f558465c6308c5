"""Demo reports: supervisor1 and gm1 receive the daily report, and yesterday's and today's are archived."""

from __future__ import annotations

from datetime import timedelta

from accounts.models import User
from csc.demo import DemoOptions
from reports.models import ReportKind, ReportRecipient, ReportSnapshot, Trigger
from reports.services import report_snapshot_create


def load_demo(options: DemoOptions) -> dict[str, int]:
    """Idempotent: recipients are keyed by (kind, user); a day already archived is not built again."""
    leaders = User.objects.filter(username__in=["supervisor1", "gm1"])
    for user in leaders:
        ReportRecipient.objects.get_or_create(kind=ReportKind.DAILY, user=user)
    today = options.today
    for day in (today - timedelta(days=1), today):
        if not ReportSnapshot.objects.filter(kind=ReportKind.DAILY, period_start=day).exists():
            report_snapshot_create(kind=ReportKind.DAILY, day=day, trigger=Trigger.SCHEDULE)
    return {"report_snapshots": ReportSnapshot.objects.count()}
