"""The complaints' figures in the reports: the monthly complaint statistics report (C-11, R-3). Registered with
csc.reporting from ComplaintsConfig.ready(). (The period reports' 已回访 counts repair callbacks, seed 004: the
callbacks app's section.)
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from decimal import Decimal

from complaints import statistics_tables as statistics_layout
from complaints.selectors import monthly_statistics
from csc.reporting import Period, register_section


def statistics(period: Period) -> dict:
    return {"statistics": _jsonable(monthly_statistics(year=period.start.year, month=period.start.month))}


def _jsonable(value):
    """Decimals, dates and dataclasses of the statistics as plain JSON values (the report is archived as JSON)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    return value


def register() -> None:
    register_section(
        "complaints",
        kinds={"complaints_monthly"},
        build=statistics,
        order=10,
        layout=lambda data: statistics_layout.blocks(data.get("statistics") or {}),
    )
