"""Satisfaction figures (K-5, ISO 10004) from the callbacks of a period: set-based, a constant number of queries.

Definitions (also on the page and in callbacks/README.md):
- **n**: the callbacks done in the period (done_at in it) with a score — the sample every index stands on.
- **Satisfaction index** (0–100): the mean score (1–10) of those n callbacks ×10.
- **Share satisfied**: of the callbacks done in the period that answered the question, the share answering 满意 —
  the technician's attitude for a repair (seed 004 b), the handling of the complaint for a complaint.
- **Response rate**: of the callbacks due in the period (due_at in it; open ones whose due time is still to come
  are not counted yet), the share done (given-up and still-open ones count as not done).
Repairs are grouped per station, per technician (within a station) and per agent who took the matter
(Callback.agent); complaint-handling satisfaction (kind=complaint) is kept apart, in total and per agent (owner).

The figures are plain JSON values (raw counts), so the monthly report archives them and a layout computes the
shares: `blocks()` is the one layout of the page, the .xlsx and the monthly report.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from callbacks.choices import OPEN_STATUSES, Attitude, Kind, Status
from callbacks.models import Callback
from csc.periods import days_bounds
from csc.text import percent

DEFINITION = gettext_lazy(
    "Satisfaction index: the mean score (1–10) of the callbacks done in the period ×10, from 0 to 100; n: the "
    "callbacks done in the period with a score. Share 满意: of those that answered, the share satisfied with the "
    "technician's attitude (repairs) or with the handling (complaints). Response rate: of the callbacks due in the "
    "period (open ones not yet due are not counted), the share done. Complaint callbacks are counted apart."
)
COUNTS = ("n", "score_sum", "answered", "satisfied", "due", "done")
UNKNOWN = "—"


def _aggregates(*, since: datetime, until: datetime, now: datetime, question: str) -> dict:
    done = Q(status=Status.DONE, done_at__gte=since, done_at__lt=until)
    scored = done & Q(score__isnull=False)
    due = Q(due_at__gte=since, due_at__lt=until) & ~Q(status__in=OPEN_STATUSES, due_at__gt=now)
    return {
        "n": Count("pk", filter=scored),
        "score_sum": Sum("score", filter=scored),
        "answered": Count("pk", filter=done & ~Q(**{question: ""})),
        "satisfied": Count("pk", filter=done & Q(**{question: Attitude.SATISFIED})),
        "due": Count("pk", filter=due),
        "done": Count("pk", filter=due & Q(status=Status.DONE)),
    }


def _grouped(kind: str, fields: list[str], *, since: datetime, until: datetime, now: datetime) -> list[dict]:
    """One GROUP BY over the callbacks done in the period or due in it (two indexed ranges, OR-ed)."""
    question = "attitude" if kind == Kind.REPAIR else "handling"
    rows = (
        Callback.objects.filter(kind=kind)
        .filter(Q(status=Status.DONE, done_at__gte=since, done_at__lt=until) | Q(due_at__gte=since, due_at__lt=until))
        .values(*fields)
        .annotate(**_aggregates(since=since, until=until, now=now, question=question))
        .order_by()
    )
    return [{**row, "score_sum": row["score_sum"] or 0} for row in rows]


def _counts(row: dict) -> dict:
    return {key: row.get(key) or 0 for key in COUNTS}


def _total(rows: list[dict]) -> dict:
    return {key: sum(row.get(key) or 0 for row in rows) for key in COUNTS}


def _agent_label(row: dict) -> str:
    if row.get("agent_id") is None:
        return UNKNOWN
    name = row.get("agent__display_name") or row.get("agent__username") or ""
    number = row.get("agent__agent_number")
    return f"{name}（{number}）" if number else name


AGENT_FIELDS = ["agent_id", "agent__display_name", "agent__username", "agent__agent_number"]


def satisfaction(*, start: date, end: date, now: datetime | None = None, detail: bool = True) -> dict:
    """The figures for the days start..end inclusive (local days). Four queries (two without `detail`)."""
    now = now or timezone.now()
    since, until = days_bounds(start, end)
    window = {"since": since, "until": until, "now": now}
    station_rows = _grouped(Kind.REPAIR, ["station_id", "station__name", "station__sort_order"], **window)
    station_rows.sort(key=lambda r: (r["station_id"] is None, r["station__sort_order"] or 0, r["station__name"] or ""))
    stations = [{"label": row["station__name"] or UNKNOWN, **_counts(row)} for row in station_rows]
    complaint_rows = _grouped(Kind.COMPLAINT, AGENT_FIELDS if detail else [], **window)
    figures: dict = {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "repair": {"total": _total(stations), "stations": stations},
        "complaint": {"total": _total(complaint_rows)},
    }
    if detail:
        technician_rows = _grouped(
            Kind.REPAIR, ["station_id", "station__name", "station__sort_order", "technician"], **window
        )
        technician_rows.sort(
            key=lambda r: (
                r["station_id"] is None,
                r["station__sort_order"] or 0,
                r["station__name"] or "",
                r["technician"],
            )
        )
        figures["repair"]["technicians"] = [
            {"station": row["station__name"] or UNKNOWN, "label": row["technician"] or UNKNOWN, **_counts(row)}
            for row in technician_rows
        ]
        agent_rows = _grouped(Kind.REPAIR, AGENT_FIELDS, **window)
        figures["repair"]["agents"] = _by_agent(agent_rows)
        figures["complaint"]["agents"] = _by_agent(complaint_rows)
    return figures


def _by_agent(rows: list[dict]) -> list[dict]:
    found = [{"label": _agent_label(row), **_counts(row)} for row in rows]
    return sorted(found, key=lambda r: (r["label"] == UNKNOWN, r["label"]))


# --- the one layout: page, .xlsx, monthly report ---------------------------------------------------------------


def index(row: dict) -> float | None:
    """The satisfaction index 0–100 (mean score ×10), one decimal; None without a scored callback."""
    n = row.get("n") or 0
    return round(10 * (row.get("score_sum") or 0) / n, 1) if n else None


def _index_text(row: dict) -> str:
    value = index(row)
    return "—" if value is None else f"{value:.1f}"


def _figures(row: dict) -> list:
    return [
        _index_text(row),
        row.get("n") or 0,
        percent(row.get("satisfied") or 0, row.get("answered") or 0),
        row.get("due") or 0,
        row.get("done") or 0,
        percent(row.get("done") or 0, row.get("due") or 0),
    ]


def _header(first: list[str], satisfied: str) -> list[str]:
    return [
        *first,
        _("Satisfaction index (0–100)"),
        _("n (scored callbacks)"),
        satisfied,
        _("Callbacks due"),
        pgettext("callback", "Done"),
        _("Response rate"),
    ]


def blocks(figures: dict, *, detail: bool = True) -> list[dict]:
    """The tables, every index with its n beside it; 总计 first in each."""
    repair = figures.get("repair") or {}
    complaint = figures.get("complaint") or {}
    attitude = _("Share 满意 (technician's attitude)")
    handling = _("Share 满意 (complaint handling)")
    total = pgettext("report", "Total")
    found = [
        {
            "key": "satisfaction_stations",
            "heading": _("Repair callbacks: satisfaction per station"),
            "header": _header([pgettext("callback", "Station")], attitude),
            "rows": [
                [total, *_figures(repair.get("total") or {})],
                *[[row["label"], *_figures(row)] for row in repair.get("stations") or []],
            ],
            "row_headers": True,
        }
    ]
    if detail:
        found += [
            {
                "key": "satisfaction_technicians",
                "heading": _("Repair callbacks: satisfaction per technician"),
                "header": _header([pgettext("callback", "Station"), pgettext("callback", "Technician")], attitude),
                "rows": [[row["station"], row["label"], *_figures(row)] for row in repair.get("technicians") or []]
                or [[_("None in this period"), "", *_figures({})]],
                "row_headers": True,
            },
            {
                "key": "satisfaction_agents",
                "heading": _("Repair callbacks: satisfaction per agent who took the repair"),
                "header": _header([_("Agent")], attitude),
                "rows": [[row["label"], *_figures(row)] for row in repair.get("agents") or []]
                or [[_("None in this period"), *_figures({})]],
                "row_headers": True,
            },
        ]
    complaint_rows = [[row["label"], *_figures(row)] for row in complaint.get("agents") or []] if detail else []
    found.append(
        {
            "key": "satisfaction_complaints",
            "heading": _("Complaint callbacks: satisfaction with the handling (kept apart from repairs)"),
            "header": _header([_("Complaint owner")], handling),
            "rows": [[total, *_figures(complaint.get("total") or {})], *complaint_rows],
            "row_headers": True,
        }
    )
    return found
