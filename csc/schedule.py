"""The beat schedule, declared once in code (STYLE: Celery).

`manage.py sync_schedule` writes every entry into django-celery-beat's tables when it is missing, so the
schedule is visible and editable in the admin (Periodic tasks); an entry a supervisor edited there is left
as edited. Every entry expires at about 1.5x its period so a backlog never runs stale work. Crontab
entries, not intervals: intervals of a minute or more may never fire when beat restarts often.
Later issues add their entries here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Entry:
    task: str
    crontab: dict[str, str]  # minute, hour, day_of_week, day_of_month, month_of_year
    expires_seconds: int
    description: str
    kwargs: dict = field(default_factory=dict)


BEAT_SCHEDULE: dict[str, Entry] = {
    "heartbeat": Entry(
        task="csc.heartbeat",
        crontab={"minute": "*"},
        expires_seconds=90,
        description="Shows on the system page (and, when it stops, on supervisors' home pages) that beat, the broker and a worker are alive.",
    ),
    "escalation-sweep": Entry(
        task="csc.escalation_sweep",
        crontab={"minute": f"*/{settings.ESCALATION_SWEEP_MINUTES}"},
        expires_seconds=settings.ESCALATION_SWEEP_MINUTES * 90,
        description="R-1: escalate late complaints, promises, tickets, loans, requests and passwords, once per level.",
    ),
    "notification-deliveries-requeue": Entry(
        task="notifications.requeue_stale",
        crontab={"minute": "*/10"},
        expires_seconds=900,
        description="R-5: send again e-mails and webhooks that were committed but never reached a worker.",
    ),
    "sms-requeue": Entry(
        task="notifications.sms_requeue_stale",
        crontab={"minute": "5-59/10"},
        expires_seconds=900,
        description="C-13: send again SMS that were committed but never reached the gateway (broker down).",
    ),
    "report-daily": Entry(
        task="reports.build_scheduled",
        crontab={
            "minute": str(int(settings.DAILY_REPORT_TIME.split(":")[1])),
            "hour": str(int(settings.DAILY_REPORT_TIME.split(":")[0])),
        },
        expires_seconds=36 * 3600,
        description="R-2: yesterday's daily report, archived as a new version and e-mailed to its recipients.",
        kwargs={"kind": "daily"},
    ),
    "report-weekly": Entry(
        task="reports.build_scheduled",
        crontab={"minute": "45", "hour": "7", "day_of_week": "1"},
        expires_seconds=int(7 * 24 * 3600 * 1.5),
        description="R-2: last week's report (Monday to Sunday), archived and e-mailed on Monday morning.",
        kwargs={"kind": "weekly"},
    ),
    "report-monthly": Entry(
        task="reports.build_scheduled",
        crontab={"minute": "0", "hour": "8", "day_of_month": "1"},
        expires_seconds=int(31 * 24 * 3600 * 1.5),
        description="R-2: last month's report, archived and e-mailed on the 1st.",
        kwargs={"kind": "monthly"},
    ),
    "report-complaints-monthly": Entry(
        task="reports.build_scheduled",
        crontab={"minute": "15", "hour": "8", "day_of_month": "1"},
        expires_seconds=int(31 * 24 * 3600 * 1.5),
        description="C-11 / R-3: last month's complaint statistics on the 1st, to leaders well before the 10th.",
        kwargs={"kind": "complaints_monthly"},
    ),
    "calls-rollup": Entry(
        task="callcenter.calls_rollup",
        crontab={"minute": "*/5"},
        expires_seconds=450,
        description="K-10: roll up the calls by hour for the contact-centre figures; rebuild hours whose calls changed.",
    ),
    "retention-run": Entry(
        task="compliance.retention_run",
        crontab={"minute": "30", "hour": "2"},
        expires_seconds=36 * 3600,
        description="R-4 / P-7: the nightly retention run (destroys what is past its period, with the destruction log).",
    ),
}


# What the system page calls each task (its failed runs are listed there by these names, not the dotted ones).
TASK_LABELS = {
    "csc.heartbeat": _("Scheduler heartbeat"),
    "csc.escalation_sweep": _("Escalation sweep"),
    "csc.ping": _("Worker check"),
    "notifications.deliver": _("Notification delivery"),
    "notifications.requeue_stale": _("Notifications sent again"),
    "notifications.sms_deliver": _("SMS delivery"),
    "notifications.sms_requeue_stale": _("SMS sent again"),
    "reports.build_scheduled": _("Scheduled report"),
    "reports.email_snapshot": _("Report e-mail"),
    "reports.email_snapshot_to": _("Report e-mail"),
    "compliance.retention_run": _("Retention run"),
    "callcenter.calls_rollup": _("Contact-centre figures roll-up"),
}
# The heartbeat runs every minute: older than this, beat or the worker has stopped.
HEARTBEAT_STALE_SECONDS = 180


def task_label(name: str) -> str:
    return str(TASK_LABELS.get(name, name))
