"""C-11: monthly statistics of closed complaints as a service, a page and JSON."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from complaints import selectors
from complaints.choices import Status
from complaints.models import Complaint, ResponsibilityShare

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def october(register, agent, quality, repair):
    """Four complaints closed in October 2026 (Shanghai time) and one closed on 1 November at 00:30."""
    accepted = datetime(2026, 10, 1, 9, 0, tzinfo=SHANGHAI)
    made = []
    for days, channel, cause, late, called_back, score in [
        (1, "phone", "quality", False, True, 8),
        (2, "phone", "non_quality", False, True, 6),
        (3, "web", "quality", True, False, None),
        (10, "letter", "quality", False, False, None),
    ]:
        complaint = register(agent, channel=channel, send_sms=False)
        Complaint.objects.filter(pk=complaint.pk).update(
            status=Status.CLOSED,
            cause_class=cause,
            accepted_at=accepted,
            closed_at=accepted + timedelta(days=days),
            due_at=accepted + timedelta(days=days - 1 if late else days + 1),
            callback_recorded_at=accepted + timedelta(days=days + 1) if called_back else None,
            satisfaction=score,
        )
        made.append(complaint)
    ResponsibilityShare.objects.create(complaint=made[0], department=quality, percent=60, set_by=agent)
    ResponsibilityShare.objects.create(complaint=made[0], department=repair, percent=40, set_by=agent)
    ResponsibilityShare.objects.create(complaint=made[1], department=repair, percent=100, set_by=agent)
    november = register(agent, send_sms=False)
    Complaint.objects.filter(pk=november.pk).update(
        status=Status.CLOSED,
        accepted_at=accepted,
        closed_at=datetime(2026, 11, 1, 0, 30, tzinfo=SHANGHAI),
        due_at=accepted,
    )
    return made


def test_c11_the_months_closed_complaints_are_summarised(october, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        stats = selectors.monthly_statistics(year=2026, month=10)

    assert stats["month"] == "2026-10"
    assert (stats["closed"], stats["valid"], stats["overdue"]) == (4, 4, 1)
    assert stats["average_handling_seconds"] == 4 * 86400  # (1 + 2 + 3 + 10) / 4 days
    assert stats["p90_handling_seconds"] == 10 * 86400
    assert stats["callback_rate"] == 0.5
    assert (stats["satisfaction"], stats["satisfaction_n"]) == (7.0, 2)
    assert [(r["key"], r["count"]) for r in stats["by_channel"]] == [("phone", 2), ("letter", 1), ("web", 1)]
    assert [(r["key"], r["count"]) for r in stats["by_cause_class"]] == [("quality", 3), ("non_quality", 1)]
    assert [(r["label"], r["complaints"], r["weighted"]) for r in stats["by_department"]] == [
        ("维修部T", 2, 1.4),
        ("质量部T", 1, 0.6),
    ]


def test_c11_an_empty_month_has_zeros_not_errors():
    stats = selectors.monthly_statistics(year=2020, month=2)

    assert (stats["closed"], stats["p90_handling_seconds"], stats["callback_rate"]) == (0, None, None)


def test_c11_statistics_page_and_json(client, api_as, supervisor, agent, october):
    client.force_login(supervisor)

    page = client.get("/complaints/statistics/?month=2026-10")
    data = api_as(supervisor).get("/api/v1/complaints/statistics/?month=2026-10")

    assert page.status_code == 200
    assert "维修部T" in page.content.decode()
    assert data.status_code == 200
    assert data.json()["closed"] == 4


def test_c11_statistics_are_for_supervisors_and_the_gm_office(client, api_as, agent, gm):
    client.force_login(agent)

    assert client.get("/complaints/statistics/").status_code == 403
    assert api_as(agent).get("/api/v1/complaints/statistics/").status_code == 403
    assert api_as(gm).get("/api/v1/complaints/statistics/?month=2026-13").status_code == 400
    assert api_as(gm).get("/api/v1/complaints/statistics/").status_code == 200


def test_c11_reads_as_a_report_headings_in_chinese_shares_durations_and_n_beside_every_average(october):
    from django.utils import translation

    from complaints.statistics_tables import blocks

    with translation.override("zh-hans"):
        tables = {b["key"]: b for b in blocks(selectors.monthly_statistics(year=2026, month=10))}

    overview = {row[0]: row[1:] for row in tables["overview"]["rows"]}
    assert tables["overview"]["heading"] == "本月概况"
    assert overview["结案客诉"] == [4, ""]
    assert overview["超期结案"] == [1, "25%"]
    assert overview["平均处理时长"] == ["4天", "按 4 件结案计"]
    assert overview["90% 客诉的结案时长不超过"] == ["10天", "按 4 件结案计"]
    assert overview["回访率"] == ["50%", "4 件有效投诉中已回访 2 件"]
    assert overview["满意度（1–10 分）"] == ["7.0", "按 2 份评价计"]
    assert tables["by_channel"]["header"] == ["渠道", "件数", "占结案比例"]
    assert tables["by_channel"]["rows"][0][1:] == [2, "50%"]
    assert [row[0] for row in tables["by_department"]["rows"]] == ["维修部T", "质量部T"]


def test_c11_an_archived_copy_without_the_newer_counts_still_reads(october):
    from django.utils import translation

    from complaints.statistics_tables import blocks

    old = {"closed": 4, "valid": 4, "callback_rate": 0.5, "average_handling_seconds": 5400.0}

    with translation.override("en"):
        rows = {row[0]: row[1:] for row in blocks(old)[0]["rows"]}

    assert rows["Callback rate"] == ["50%", "2 of 4 valid complaints called back"]
    assert rows["Average time to close"][0] == "1 h 30 min"
