"""The beat schedule, declared once in code (STYLE: Celery).

`manage.py sync_schedule` writes every entry into django-celery-beat's tables when it is missing, so the
schedule is visible and editable in the admin (Periodic tasks); an entry a supervisor edited there is left
as edited. Every entry expires at about 1.5x its period so a backlog never runs stale work. Crontab
entries, not intervals: intervals of a minute or more may never fire when beat restarts often.
Later issues add their entries here.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
        description="Shows on the home page that beat, the broker and a worker are alive.",
    ),
}
