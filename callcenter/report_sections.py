"""The call centre's figure in the daily, weekly and monthly reports: consultations 咨询量 (R-2).

Registered with csc.reporting from CallcenterConfig.ready().
"""

from __future__ import annotations

from callcenter.models import Call, CallType
from csc.reporting import Period, register_section


def consultations(period: Period) -> dict:
    calls = Call.objects.filter(
        call_type=CallType.CONSULTATION, created_at__gte=period.since, created_at__lt=period.until
    )
    return {"totals": {"consultations": calls.count()}}


def register() -> None:
    register_section("consultations", kinds={"daily", "weekly", "monthly"}, build=consultations, order=20)
