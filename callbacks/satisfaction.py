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

from accounts.models import User
from callbacks.choices import OPEN_STATUSES, Attitude, Kind, Status
from callbacks.models import Callback
from csc.periods import days_bounds
from csc.text import percent
from tickets.models import Station

DEFINITION = gettext_lazy(
    "Satisfaction index: the mean score (1–10) of the callbacks done in the period ×10, from 0 to 100; n: the "
    "callbacks done in the period with a score. Share 满意: of those that answered, the share satisfied with the "
    "technician's attitude (repairs) or with the handling (complaints). Response rate: of the callbacks due in the "
    "period (open ones not yet due are not counted), the share done. Complaint callbacks are counted apart."
)
COUNTS = ("n", "score_sum", "answered", "satisfied", "due", "done")
UNKNOWN = "—"


KEYS = ["kind", "station_id", "technician", "agent_id"]
QUESTION = {Kind.REPAIR: "attitude", Kind.COMPLAINT: "handling"}


def _cells(*, since: datetime, until: datetime, now: datetime) -> dict[tuple, dict]:
    """The finest cells (kind, station, technician, agent) with their counts: two GROUP BYs, each over one indexed
    range — the callbacks done in the period (`callback_done_idx`) and those due in it (`callback_due_idx`) —
    rolled up in Python into stations, technicians and agents (a few thousand cells at most)."""
    done = Callback.objects.filter(status=Status.DONE, done_at__gte=since, done_at__lt=until)
    scored = Q(score__isnull=False)
    answers = {}
    for kind, question in QUESTION.items():
        answers[f"answered_{kind}"] = Count("pk", filter=Q(kind=kind) & ~Q(**{question: ""}))
        answers[f"satisfied_{kind}"] = Count("pk", filter=Q(kind=kind, **{question: Attitude.SATISFIED}))
    cells: dict[tuple, dict] = {}
    for row in done.values(*KEYS).annotate(n=Count("pk", filter=scored), score_sum=Sum("score"), **answers).order_by():
        key = tuple(row[k] for k in KEYS)
        cell = cells.setdefault(key, dict.fromkeys(COUNTS, 0))
        cell["n"] += row["n"]
        cell["score_sum"] += row["score_sum"] or 0
        cell["answered"] += row[f"answered_{row['kind']}"]
        cell["satisfied"] += row[f"satisfied_{row['kind']}"]
    due = Callback.objects.filter(due_at__gte=since, due_at__lt=until).exclude(
        Q(status__in=OPEN_STATUSES) & Q(due_at__gt=now)  # still open and not yet due: not counted yet
    )
    for row in due.values(*KEYS).annotate(due=Count("pk"), done=Count("pk", filter=Q(status=Status.DONE))).order_by():
        key = tuple(row[k] for k in KEYS)
        cell = cells.setdefault(key, dict.fromkeys(COUNTS, 0))
        cell["due"] += row["due"]
        cell["done"] += row["done"]
    return cells


def _roll_up(cells: dict[tuple, dict], kind: str, by) -> dict:
    found: dict = {}
    for key, counts in cells.items():
        if key[0] != kind:
            continue
        target = found.setdefault(by(key), dict.fromkeys(COUNTS, 0))
        for name in COUNTS:
            target[name] += counts[name]
    return found


def _total(rows) -> dict:
    return {key: sum(row.get(key) or 0 for row in rows) for key in COUNTS}


def _agent_label(user: dict | None) -> str:
    if user is None:
        return UNKNOWN
    name = user["display_name"] or user["username"]
    return f"{name}（{user['agent_number']}）" if user["agent_number"] else name


def satisfaction(*, start: date, end: date, now: datetime | None = None, detail: bool = True) -> dict:
    """The figures for the days start..end inclusive (local days): four queries (three without `detail`)."""
    now = now or timezone.now()
    since, until = days_bounds(start, end)
    cells = _cells(since=since, until=until, now=now)
    by_station = _roll_up(cells, Kind.REPAIR, lambda key: key[1])
    station_ids = {pk for pk in by_station if pk is not None}
    stations_named = {
        row["pk"]: row for row in Station.objects.filter(pk__in=station_ids).values("pk", "name", "sort_order")
    }

    def station_order(pk) -> tuple:
        station = stations_named.get(pk)
        return (station is None, station["sort_order"] if station else 0, station["name"] if station else "")

    def station_name(pk) -> str:
        return stations_named[pk]["name"] if pk in stations_named else UNKNOWN

    stations = [{"label": station_name(pk), **by_station[pk]} for pk in sorted(by_station, key=station_order)]
    complaint_total = _total(_roll_up(cells, Kind.COMPLAINT, lambda key: None).values())
    figures: dict = {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "repair": {"total": _total(stations), "stations": stations},
        "complaint": {"total": complaint_total},
    }
    if detail:
        by_technician = _roll_up(cells, Kind.REPAIR, lambda key: (key[1], key[2]))
        figures["repair"]["technicians"] = [
            {"station": station_name(pk), "label": technician or UNKNOWN, **by_technician[pk, technician]}
            for pk, technician in sorted(by_technician, key=lambda k: (*station_order(k[0]), k[1]))
        ]
        repair_agents = _roll_up(cells, Kind.REPAIR, lambda key: key[3])
        complaint_agents = _roll_up(cells, Kind.COMPLAINT, lambda key: key[3])
        ids = {pk for pk in [*repair_agents, *complaint_agents] if pk is not None}
        users = {
            row["pk"]: row
            for row in User.objects.filter(pk__in=ids).values("pk", "display_name", "username", "agent_number")
        }
        figures["repair"]["agents"] = _by_agent(repair_agents, users)
        figures["complaint"]["agents"] = _by_agent(complaint_agents, users)
    return figures


def _by_agent(rows: dict, users: dict) -> list[dict]:
    found = [{"label": _agent_label(users.get(pk)), **counts} for pk, counts in rows.items()]
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
