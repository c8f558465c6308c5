"""The call centre's figure in the daily, weekly and monthly reports: consultations 咨询量 (R-2).

A consultation is counted when it is recorded (`consultation_record`: the question and the answer given), not when
a call is typed "consultation": a call may carry several questions or none that was answered. Registered with
csc.reporting from CallcenterConfig.ready().
"""

from __future__ import annotations

from callcenter.models import Consultation
from csc.reporting import Period, register_section


def consultations(period: Period) -> dict:
    recorded = Consultation.objects.filter(created_at__gte=period.since, created_at__lt=period.until)
    return {"totals": {"consultations": recorded.count()}}


def register() -> None:
    register_section("consultations", kinds={"daily", "weekly", "monthly"}, build=consultations, order=20)
