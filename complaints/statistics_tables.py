"""C-11's monthly statistics as tables a leader reads (客诉案件统计表): the one layout of the page, the archived
report's page, print and .xlsx.

`blocks(stats)` turns the figures of `selectors.monthly_statistics` (or an archived copy of them, read with
defaults so older snapshots still render) into blocks — a heading, a header row and rows — with Chinese headings,
shares as percentages, durations in days and hours, and the number of complaints behind every average.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from csc.text import duration, percent


def _by(rows: list[dict], heading: str, first: str, key: str, total: int) -> dict:
    return {
        "key": key,
        "heading": heading,
        "header": [first, _("Number of complaints"), _("Share of those closed")],
        "rows": [[row.get("label") or "—", row.get("count", 0), percent(row.get("count", 0), total)] for row in rows]
        or [[_("None this month"), 0, "—"]],
        "row_headers": True,
    }


def blocks(stats: dict) -> list[dict]:
    closed = stats.get("closed") or 0
    valid = stats.get("valid") or 0
    called_back = stats.get("called_back")
    if called_back is None and stats.get("callback_rate") is not None:  # snapshots archived before the count
        called_back = round(stats["callback_rate"] * valid)
    satisfaction = stats.get("satisfaction")
    satisfaction_n = stats.get("satisfaction_n") or 0
    n_closed = _("n = %(n)s closed") % {"n": closed}
    overview = {
        "key": "overview",
        "heading": _("The month at a glance"),
        "header": [_("Figure"), _("Value"), _("Counted over")],
        "rows": [
            [_("Complaints closed"), closed, ""],
            [_("Valid complaints"), valid, percent(valid, closed)],
            [_("Closed after the deadline"), stats.get("overdue") or 0, percent(stats.get("overdue") or 0, closed)],
            [_("Average time to close"), duration(stats.get("average_handling_seconds")), n_closed],
            [_("Nine in ten closed within"), duration(stats.get("p90_handling_seconds")), n_closed],
            [
                _("Callback rate"),
                percent(stats.get("callback_rate")),
                _("%(done)s of %(valid)s valid complaints called back") % {"done": called_back or 0, "valid": valid},
            ],
            [
                _("Satisfaction (1–10)"),
                f"{satisfaction:.1f}" if satisfaction is not None else "—",
                _("n = %(n)s answers") % {"n": satisfaction_n},
            ],
        ],
        "row_headers": True,
    }
    departments = stats.get("by_department") or []
    by_department = {
        "key": "by_department",
        "heading": _("By responsible department"),
        "header": [_("Department"), _("Number of complaints"), _("Weighted by share")],
        "rows": [[row.get("label") or "—", row.get("complaints", 0), row.get("weighted", 0)] for row in departments]
        or [[_("None this month"), 0, 0]],
        "row_headers": True,
    }
    return [
        overview,
        _by(stats.get("by_category") or [], _("By category"), pgettext("complaint", "Category"), "by_category", closed),
        _by(stats.get("by_cause_class") or [], _("By cause class"), _("Cause class"), "by_cause_class", closed),
        _by(stats.get("by_channel") or [], _("By channel"), pgettext("complaint", "Channel"), "by_channel", closed),
        by_department,
    ]
