"""The callbacks' figures in the reports (R-2, R-3, K-5). Registered with csc.reporting from CallbacksConfig.ready().

"callbacks": the period reports' 已回访 — repair callbacks done in the period (seed 004's meaning: the residents
called back about their repair), from the Callback rows. The only section that counts "callbacks": the tickets'
called_back_at and the complaints' callback_recorded_at are no longer counted, so nothing is counted twice.
"satisfaction": the monthly report's satisfaction per station with n and the response rate, and the complaint
handling apart (callbacks.satisfaction, laid out by its `blocks`).
"""

from __future__ import annotations

from callbacks import satisfaction as satisfaction_figures
from callbacks.choices import Kind, Status
from callbacks.models import Callback
from csc.reporting import Period, register_section

PERIOD_REPORTS = {"daily", "weekly", "monthly"}


def callbacks(period: Period) -> dict:
    done = Callback.objects.filter(
        kind=Kind.REPAIR, status=Status.DONE, done_at__gte=period.since, done_at__lt=period.until
    )
    return {"totals": {"callbacks": done.count()}}


def satisfaction(period: Period) -> dict:
    return {"satisfaction": satisfaction_figures.satisfaction(start=period.start, end=period.end, detail=False)}


def register() -> None:
    register_section("callbacks", kinds=PERIOD_REPORTS, build=callbacks, order=30)
    register_section(
        "satisfaction",
        kinds={"monthly"},
        build=satisfaction,
        order=60,
        layout=lambda data: (
            satisfaction_figures.blocks(data.get("satisfaction") or {}, detail=False)
            if data.get("satisfaction")
            else []
        ),
    )
