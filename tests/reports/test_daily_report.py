"""The daily report (R-2): every cell equals the live data; page, .xlsx, print, API; snapshots are versioned."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reports import selectors
from reports.exports import layout
from reports.models import ReportSnapshot
from reports.services import report_snapshot_create

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 20)


def at(month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=TZ)


@pytest.fixture
def known_day(station, other_station, agent):
    """A small season around 2026-11-20 whose every figure is worked out by hand in the tests below."""
    from callcenter.models import Call, Consultation
    from tickets.models import ExceptionEvent, Ticket

    serial = iter(range(1, 100))

    def ticket(*, station, created, category="other", completed=None, called_back=None, status="dispatched"):
        return Ticket.objects.create(
            number=f"T{next(serial):05d}",
            category=category,
            address="顺义区宏城花园3号楼",
            caller_name="王建华",
            caller_phone="13800000000",
            station=station,
            created_by=agent,
            created_at=created,
            completed_at=completed,
            called_back_at=called_back,
            status="completed" if completed else status,
        )

    # 宏城
    ticket(station=station, created=at(11, 5, 10), completed=at(11, 6, 9))  # earlier in the season, done
    ticket(station=station, created=at(11, 19, 23, 30), completed=at(11, 20, 9))  # yesterday's, done today
    ticket(station=station, created=at(11, 20, 8), category="not_warm")  # today's, open
    ticket(
        station=station, created=at(11, 20, 23, 59, 59), category="leak", completed=at(11, 21, 1)
    )  # open at midnight
    ticket(station=station, created=at(11, 21, 0), category="cold")  # tomorrow's: not in the report
    ticket(station=station, created=at(10, 31, 12), completed=at(11, 20, 10))  # last season's, done today
    # 裕龙
    ticket(
        station=other_station,
        created=at(11, 20, 12),
        category="cold",
        completed=at(11, 20, 15),
        called_back=at(11, 20, 17),
    )
    # not routed yet
    ticket(station=None, created=at(11, 20, 13), category="temperature_check", status="created")

    # Consultations recorded: two on the day, one the day before.
    for moment in [at(11, 20, 9), at(11, 20, 16), at(11, 19, 9)]:
        Consultation.objects.create(agent=agent, question="几号开始供暖？", answer="11月1日起", created_at=moment)
    # Calls typed consultation or repair, with nothing recorded: no consultation.
    for moment, call_type in [(at(11, 20, 10), "consultation"), (at(11, 20, 9), "repair")]:
        Call.objects.create(direction="inbound", caller_number="13800000000", call_type=call_type, created_at=moment)
    ExceptionEvent.objects.create(type="not_accepted_in_time", station=station, raised_at=at(11, 20, 11))
    ExceptionEvent.objects.create(type="praise", station=other_station, raised_at=at(11, 20, 18))
    ExceptionEvent.objects.create(type="praise", station=other_station, raised_at=at(11, 19, 18))


def test_r2_every_figure_of_the_daily_report_equals_the_data(known_day):
    data = selectors.daily_report(day=DAY)

    assert data["period"] == {"start": "2026-11-20", "end": "2026-11-20"}
    assert data["season_start"] == "2026-11-01"
    assert data["stations"] == [
        {
            "station": "宏城",
            "cumulative_repairs": 4,
            "cumulative_completed": 3,
            "unfinished": 2,
            "repairs": 2,
            "completed": 2,
        },
        {
            "station": "裕龙",
            "cumulative_repairs": 1,
            "cumulative_completed": 1,
            "unfinished": 0,
            "repairs": 1,
            "completed": 1,
        },
        {
            "station": "未分配",
            "cumulative_repairs": 1,
            "cumulative_completed": 0,
            "unfinished": 1,
            "repairs": 1,
            "completed": 0,
        },
    ]
    assert data["station_totals"] == {
        "cumulative_repairs": 6,
        "cumulative_completed": 4,
        "unfinished": 3,
        "repairs": 4,
        "completed": 3,
    }
    assert data["totals"] == {"repairs": 4, "consultations": 2, "completed": 3, "callbacks": 1}
    assert data["categories"] == {"not_warm": 1, "cold": 1, "temperature_check": 1, "leak": 1, "other": 0}
    counts = {e["type"]: e["count"] for e in data["exceptions"]}
    assert counts["not_accepted_in_time"] == 1
    assert counts["praise"] == 1
    assert sum(counts.values()) == 2
    assert len(counts) == 9
    assert data["missing"] == []


def test_r2_the_table_is_laid_out_like_the_seed_with_stations_as_columns(known_day):
    table = layout(selectors.daily_report(day=DAY))

    assert table["title"] == "2026年11月20日供暖报修数据统计"
    assert table["totals_header"] == [
        "报修量",
        "咨询量",
        "已维修",
        "已回访",
        "报修不热",
        "报修冰凉",
        "要求测温",
        "报修漏水",
        "报修其他",
    ]
    assert table["totals_row"] == [4, 2, 3, 1, 1, 1, 1, 1, 0]
    assert table["station_header"] == ["维修站", "总计", "宏城", "裕龙", "未分配"]
    assert table["station_rows"] == [
        ["累计报修", 6, 4, 1, 1],
        ["累计维修", 4, 3, 1, 0],
        ["未完成", 3, 2, 0, 1],
        ["今日报修", 4, 2, 1, 1],
        ["今日维修", 3, 2, 1, 0],
    ]


def test_r2_consultations_are_the_consultations_recorded_not_the_calls_typed_consultation(agent):
    from callcenter.models import Call
    from callcenter.services import consultation_record

    today = timezone.localdate()
    Call.objects.create(direction="inbound", caller_number="13800000000", call_type="consultation")
    assert selectors.daily_report(day=today)["totals"]["consultations"] == 0

    consultation_record(question="几号开始供暖？", answer="11月1日起", actor=agent)

    data = selectors.daily_report(day=today)
    assert data["totals"]["consultations"] == 1
    assert layout(data)["totals_row"][1] == 1  # 咨询量


def test_r2_the_report_runs_a_constant_number_of_queries(known_day, django_assert_num_queries):
    # stations, the station table, categories, callbacks ×2, consultations, exception events, outages
    with django_assert_num_queries(8):
        selectors.daily_report(day=DAY)


def test_r2_the_xlsx_holds_the_same_cells(known_day, client, supervisor):
    client.force_login(supervisor)

    response = client.get(reverse("reports:daily"), {"date": "2026-11-20", "format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["2026年11月20日供暖报修数据统计"]
    assert rows[3] == [4, 2, 3, 1, 1, 1, 1, 1, 0]
    assert rows[5] == ["维修站", "总计", "宏城", "裕龙", "未分配"]
    assert rows[6:11] == [
        ["累计报修", 6, 4, 1, 1],
        ["累计维修", 4, 3, 1, 0],
        ["未完成", 3, 2, 0, 1],
        ["今日报修", 4, 2, 1, 1],
        ["今日维修", 3, 2, 1, 0],
    ]


def test_r2_the_page_and_the_print_view_show_the_table(known_day, client, supervisor):
    client.force_login(supervisor)

    page = client.get(reverse("reports:daily"), {"date": "2026-11-20"})
    printable = client.get(reverse("reports:daily"), {"date": "2026-11-20", "print": "1"})

    assert page.status_code == 200
    assert "2026年11月20日供暖报修数据统计" in page.content.decode()
    assert "<th>累计报修</th><td>6</td><td>4</td><td>1</td><td>1</td>" in page.content.decode()
    assert printable.status_code == 200
    assert "window.print()" in printable.content.decode()


def test_r2_the_api_returns_the_report_as_json(known_day, api_as, integration):
    response = api_as(integration).get("/api/v1/reports/daily/", {"date": "2026-11-20"})

    assert response.status_code == 200
    assert response.json()["totals"] == {"repairs": 4, "consultations": 2, "completed": 3, "callbacks": 1}
    assert response.json()["stations"][0]["station"] == "宏城"


@pytest.mark.parametrize("value", ["2026-13-01", "yesterday", "2999-01-01", "2026-11-20T00:00"])
def test_bad_report_dates_are_a_400_per_field_never_a_500(value, api_as, integration, client, supervisor):
    response = api_as(integration).get("/api/v1/reports/daily/", {"date": value})

    assert response.status_code == 400
    assert list(response.json()) == ["date"]
    client.force_login(supervisor)
    page = client.get(reverse("reports:daily"), {"date": value})
    assert page.status_code == 400
    assert ReportSnapshot.objects.count() == 0


def test_r2_a_rerun_makes_a_new_version_and_the_old_one_stays(known_day, supervisor, agent):
    from tickets.models import Ticket

    first = report_snapshot_create(kind="daily", day=DAY, actor=supervisor)
    Ticket.objects.filter(number="T00003").update(completed_at=at(11, 20, 20), status="completed")
    second = report_snapshot_create(kind="daily", day=DAY, actor=supervisor)

    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.data["station_totals"]["completed"] == 3
    assert second.data["station_totals"]["completed"] == 4
    assert first.checksum != second.checksum
    with pytest.raises(RuntimeError):
        first.save()
    with pytest.raises(RuntimeError):
        first.delete()


def test_r2_a_future_day_cannot_be_archived(supervisor):
    from csc.api import DomainError

    with pytest.raises(DomainError):
        report_snapshot_create(kind="daily", day=datetime.now(tz=TZ).date() + timedelta(days=2), actor=supervisor)
    assert ReportSnapshot.objects.count() == 0
