"""The daily report (R-2): every cell equals the live data, laid out like seed 004's 日报表 (stations as rows, 总计
first, the seed's top block exactly, what the seed lacks in notes below); page, .xlsx, print, API; snapshots are
versioned and old ones still render."""

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
from tests.factories import StationFactory

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 20)


def at(month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=TZ)


def repair_callback(ticket, *, done: datetime | None, agent):
    from callbacks.models import Callback

    return Callback.objects.create(
        kind="repair",
        status="done" if done else "pending",
        ticket=ticket,
        name=ticket.caller_name,
        phone=ticket.caller_phone,
        station=ticket.station,
        agent=agent,
        due_at=ticket.completed_at + timedelta(days=2),
        deadline_at=ticket.completed_at + timedelta(days=2),
        queue_at=ticket.completed_at,
        done_at=done,
        score=9 if done else None,
    )


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
    called_back = ticket(
        station=other_station,
        created=at(11, 20, 12),
        category="cold",
        completed=at(11, 20, 15),
        called_back=at(11, 20, 17),
    )
    # 已回访 counts the repair callbacks done that day (seed 004), from the callbacks: this one …
    repair_callback(called_back, done=at(11, 20, 17), agent=agent)
    # … not one done another day, nor one still open (a ticket's own called_back_at is not counted apart)
    repair_callback(called_back, done=at(11, 21, 9), agent=agent)
    repair_callback(called_back, done=None, agent=agent)
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
            "unrouted": True,
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


SEED_TOP = ["报修量", "咨询量", "已维修", "已回访", "报修不热", "报修冰凉", "要求测温", "报修漏水"]
THE_NEXT_DAY = date(2026, 11, 21)


def test_r2_the_table_is_laid_out_like_the_seed_with_stations_as_rows(known_day):
    table = layout(selectors.daily_report(day=DAY), today=THE_NEXT_DAY)

    assert (table["title"], table["subtitle"]) == ("11月20日供暖报修报表", "2026年11月20日供暖报修数据统计")
    assert table["top"]["header"] == SEED_TOP
    assert table["top"]["rows"] == [[4, 2, 3, 1, 1, 1, 1, 1]]
    assert table["stations"]["header"] == ["维修站", "累计报修", "累计维修", "未完成", "11月20日报修", "11月20日维修"]
    assert table["stations"]["rows"] == [
        ["总计", 6, 4, 3, 4, 3],
        ["宏城", 4, 3, 2, 2, 2],
        ["裕龙", 1, 1, 0, 1, 1],
    ]


def test_r2_what_the_seed_has_no_place_for_is_in_notes_below_the_table(known_day):
    notes = {note["key"]: note for note in layout(selectors.daily_report(day=DAY), today=THE_NEXT_DAY)["notes"]}

    assert list(notes) == ["other_categories", "unrouted", "exceptions", "outages"]
    assert (notes["other_categories"]["header"], notes["other_categories"]["rows"]) == (["报修其他"], [[0]])
    assert notes["unrouted"]["header"] == ["维修站", "累计报修", "累计维修", "未完成", "11月20日报修", "11月20日维修"]
    assert notes["unrouted"]["rows"] == [["未分配", 1, 0, 1, 1, 0]]  # 总计 = 宏城 + 裕龙 + 未分配, column by column
    assert notes["exceptions"]["header"] == ["异常事件", "件数"]
    counts = {label: count for label, count in notes["exceptions"]["rows"]}
    assert len(counts) == 9 and sum(counts.values()) == 2
    assert counts["维修班未在规定时间内处理报修"] == 1 and counts["住户表扬维修人员"] == 1
    assert (notes["outages"]["header"], notes["outages"]["rows"]) == (["片区停热（起）", "停热关联来电"], [[0, 0]])
    assert all(note["heading"] for note in notes.values())


def test_r2_stations_are_rows_in_their_order_with_the_total_first_and_idle_stations_shown(known_day):
    from tickets.models import Station

    Station.objects.filter(name="裕龙").update(sort_order=1)
    Station.objects.filter(name="宏城").update(sort_order=2)
    StationFactory(name="金宝", code="jinbao", sort_order=3)
    StationFactory(name="停用站", code="closed", sort_order=0, is_active=False)

    rows = layout(selectors.daily_report(day=DAY))["stations"]["rows"]

    assert [row[0] for row in rows] == ["总计", "裕龙", "宏城", "金宝"]
    assert rows[3] == ["金宝", 0, 0, 0, 0, 0]


def test_r2_today_is_said_only_of_today(known_day):
    data = selectors.daily_report(day=DAY)

    assert layout(data, today=DAY)["stations"]["header"][4:] == ["今日报修", "今日维修"]
    assert layout(data, today=THE_NEXT_DAY)["stations"]["header"][4:] == ["11月20日报修", "11月20日维修"]
    assert layout(data, today=THE_NEXT_DAY)["title"] == "11月20日供暖报修报表"  # the title always names the day


def test_r2_the_page_says_today_for_today_and_the_date_for_another_day(client, supervisor, station):
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    client.force_login(supervisor)

    page_today = client.get(reverse("reports:daily"), {"date": today.isoformat()}).content.decode()
    page_yesterday = client.get(reverse("reports:daily"), {"date": yesterday.isoformat()}).content.decode()

    assert "今日报修" in page_today and f"{today.month}月{today.day}日供暖报修报表" in page_today
    assert "今日报修" not in page_yesterday
    assert f"{yesterday.month}月{yesterday.day}日报修" in page_yesterday


def test_r2_a_week_still_running_is_figures_so_far_even_from_a_past_day(client, supervisor):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    client.force_login(supervisor)

    week = client.get(reverse("reports:report", args=["weekly"]), {"date": monday.isoformat()})
    yesterday = client.get(reverse("reports:daily"), {"date": (today - timedelta(days=1)).isoformat()})

    assert week.context["in_progress"] is True and "本周报修" in week.content.decode()
    assert yesterday.context["in_progress"] is False


def test_r2_the_weekly_report_is_the_same_table_over_its_week(known_day):
    table = layout(selectors.weekly_report(day=DAY), today=date(2026, 12, 1))  # Monday 16 – Sunday 22 November

    assert (table["title"], table["subtitle"]) == (
        "11月16日至22日供暖报修周报表",
        "2026年11月16日至22日供暖报修数据统计",
    )
    # 11-21's cold repair, 11-19's consultation and 11-21's repair callback join
    assert table["top"]["rows"] == [[6, 3, 4, 2, 1, 2, 1, 1]]
    assert table["stations"]["header"][4:] == ["11月16日至22日报修", "11月16日至22日维修"]
    assert table["stations"]["rows"] == [
        ["总计", 7, 5, 3, 6, 4],
        ["宏城", 5, 4, 2, 4, 3],
        ["裕龙", 1, 1, 0, 1, 1],
    ]
    notes = {note["key"]: note["rows"] for note in table["notes"]}
    assert notes["other_categories"] == [[1]]
    assert notes["unrouted"] == [["未分配", 1, 0, 1, 1, 0]]
    assert layout(selectors.weekly_report(day=DAY), today=DAY)["stations"]["header"][4:] == ["本周报修", "本周维修"]


def test_r2_the_monthly_report_is_the_same_table_over_its_month(known_day):
    table = layout(selectors.monthly_report(day=DAY), today=date(2026, 12, 1))

    assert (table["title"], table["subtitle"]) == ("11月供暖报修月报表", "2026年11月供暖报修数据统计")
    assert table["top"]["rows"] == [[7, 3, 5, 2, 1, 2, 1, 1]]  # both repair callbacks done in November
    assert table["stations"]["header"][4:] == ["11月报修", "11月维修"]
    assert table["stations"]["rows"] == [
        ["总计", 7, 5, 3, 7, 5],
        ["宏城", 5, 4, 2, 5, 4],
        ["裕龙", 1, 1, 0, 1, 1],
    ]
    notes = {note["key"]: note["rows"] for note in table["notes"]}
    assert notes["other_categories"] == [[2]]
    assert layout(selectors.monthly_report(day=DAY), today=DAY)["stations"]["header"][4:] == ["本月报修", "本月维修"]


@pytest.mark.parametrize(
    ("start", "end", "title", "subtitle", "word"),
    [
        ("2026-11-30", "2026-12-06", "11月30日至12月6日供暖报修周报表", "2026年11月30日至12月6日供暖报修数据统计",
         "11月30日至12月6日"),
        ("2025-12-29", "2026-01-04", "12月29日至1月4日供暖报修周报表",
         "2025年12月29日至2026年1月4日供暖报修数据统计", "12月29日至1月4日"),
    ],
)  # fmt: skip
def test_r2_a_week_across_a_month_or_a_year_is_named_by_its_dates(start, end, title, subtitle, word):
    data = {"kind": "weekly", "period": {"start": start, "end": end}}

    table = layout(data, today=date(2027, 1, 1))

    assert (table["title"], table["subtitle"]) == (title, subtitle)
    assert table["stations"]["header"][4] == f"{word}报修"
    assert table["stations"]["rows"] == [["总计", 0, 0, 0, 0, 0]]


def test_r2_consultations_are_the_consultations_recorded_not_the_calls_typed_consultation(agent):
    from callcenter.models import Call
    from callcenter.services import consultation_record

    today = timezone.localdate()
    Call.objects.create(direction="inbound", caller_number="13800000000", call_type="consultation")
    assert selectors.daily_report(day=today)["totals"]["consultations"] == 0

    consultation_record(question="几号开始供暖？", answer="11月1日起", actor=agent)

    data = selectors.daily_report(day=today)
    assert data["totals"]["consultations"] == 1
    assert layout(data)["top"]["rows"][0][1] == 1  # 咨询量


def test_r2_the_report_runs_a_constant_number_of_queries(known_day, django_assert_num_queries):
    # stations, the station table, categories, repair callbacks done, consultations, exception events, outages
    with django_assert_num_queries(7):
        selectors.daily_report(day=DAY)


def test_r2_the_xlsx_holds_the_same_cells_in_the_same_layout(known_day, client, supervisor):
    client.force_login(supervisor)

    response = client.get(reverse("reports:daily"), {"date": "2026-11-20", "format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert rows[:9] == [
        ["11月20日供暖报修报表"],
        ["2026年11月20日供暖报修数据统计"],
        SEED_TOP,
        [4, 2, 3, 1, 1, 1, 1, 1],
        [],
        ["维修站", "累计报修", "累计维修", "未完成", "11月20日报修", "11月20日维修"],
        ["总计", 6, 4, 3, 4, 3],
        ["宏城", 4, 3, 2, 2, 2],
        ["裕龙", 1, 1, 0, 1, 1],
    ]
    assert rows[9:20] == [
        [],
        ["附：报表样式以外的数字"],
        [],
        ["其他类报修（已计入报修量）"],
        ["报修其他"],
        [0],
        [],
        ["未分配到在用维修站的报修（已计入总计）"],
        ["维修站", "累计报修", "累计维修", "未完成", "11月20日报修", "11月20日维修"],
        ["未分配", 1, 0, 1, 1, 0],
        [],
    ]
    assert rows[20:22] == [["异常事件"], ["异常事件", "件数"]]
    assert sum(row[1] for row in rows[22:31]) == 2
    assert rows[31:35] == [[], ["片区停热（停热关联来电不计入报修量）"], ["片区停热（起）", "停热关联来电"], [0, 0]]
    assert len(rows) == 37  # a blank line, then where the figures come from
    assert sheet.print_title_rows == "$1:$2"  # the title lines on every printed page, never a heading out of place


def test_r2_the_page_and_the_print_view_show_the_same_table(known_day, client, supervisor):
    client.force_login(supervisor)

    page = client.get(reverse("reports:daily"), {"date": "2026-11-20"}).content.decode()
    printable = client.get(reverse("reports:daily"), {"date": "2026-11-20", "print": "1"}).content.decode()

    for html in (page, printable):
        assert "11月20日供暖报修报表" in html and "2026年11月20日供暖报修数据统计" in html
        assert '<th scope="row">总计</th><td>6</td><td>4</td><td>3</td><td>4</td><td>3</td>' in html
        assert '<th scope="row">宏城</th><td>4</td><td>3</td><td>2</td><td>2</td><td>2</td>' in html
        assert '<th scope="row">未分配</th><td>1</td><td>0</td><td>1</td><td>1</td><td>0</td>' in html
        assert (
            html.index('id="report-stations"')
            < html.index("附：报表样式以外的数字")
            < html.index('id="report-unrouted"')
        )
        assert "今日报修" not in html
    assert "window.print()" in printable


def test_r2_the_e_mail_shows_the_same_table(known_day, supervisor):
    from django.core import mail

    from reports.services import report_email

    snapshot = report_snapshot_create(kind="daily", day=DAY, actor=supervisor)

    assert report_email(snapshot_id=snapshot.pk, address="leader@example.com") == "sent"

    body = mail.outbox[0].body
    assert "11月20日供暖报修报表" in body and "2026年11月20日供暖报修数据统计" in body
    assert '<th scope="row">总计</th><td>6</td><td>4</td><td>3</td><td>4</td><td>3</td>' in body
    assert '<th scope="row">未分配</th><td>1</td><td>0</td><td>1</td><td>1</td><td>0</td>' in body


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


# What a snapshot archived before this layout holds: the first shape (no outages, the unrouted row named, not flagged).
OLD_SNAPSHOT = {
    "kind": "daily",
    "period": {"start": "2026-11-20", "end": "2026-11-20"},
    "season_start": "2026-11-01",
    "generated_at": "2026-11-21T07:30:00+08:00",
    "stations": [
        {"station": "宏城", "cumulative_repairs": 4, "cumulative_completed": 3, "unfinished": 2, "repairs": 2,
         "completed": 2},
        {"station": "未分配", "cumulative_repairs": 1, "cumulative_completed": 0, "unfinished": 1, "repairs": 1,
         "completed": 0},
    ],
    "station_totals": {"cumulative_repairs": 5, "cumulative_completed": 3, "unfinished": 3, "repairs": 3, "completed": 2},
    "totals": {"repairs": 3, "consultations": 2, "completed": 2, "callbacks": 0},
    "categories": {"not_warm": 1, "cold": 0, "temperature_check": 1, "leak": 1},
    "exceptions": [{"type": "praise", "label": "住户表扬维修人员", "count": 1}],
    "missing": [],
}  # fmt: skip


def test_r2_a_snapshot_of_the_old_shape_still_renders_in_the_new_layout(client, supervisor):
    snapshot = ReportSnapshot.objects.create(
        kind="daily",
        period_start=DAY,
        period_end=DAY,
        version=1,
        data=OLD_SNAPSHOT,
        checksum="0" * 64,
        trigger="schedule",
    )
    client.force_login(supervisor)

    table = layout(snapshot.data)
    page = client.get(reverse("reports:snapshot", args=[snapshot.pk]))
    printable = client.get(reverse("reports:snapshot", args=[snapshot.pk]), {"print": "1"})
    workbook = client.get(reverse("reports:snapshot", args=[snapshot.pk]), {"format": "xlsx"})

    assert table["top"]["rows"] == [[3, 2, 2, 0, 1, 0, 1, 1]]
    assert table["stations"]["rows"] == [["总计", 5, 3, 3, 3, 2], ["宏城", 4, 3, 2, 2, 2]]
    notes = {note["key"]: note["rows"] for note in table["notes"]}
    assert notes == {
        "other_categories": [[0]],
        "unrouted": [["未分配", 1, 0, 1, 1, 0]],
        "exceptions": [["住户表扬维修人员", 1]],
    }
    assert (page.status_code, printable.status_code, workbook.status_code) == (200, 200, 200)
    assert '<th scope="row">宏城</th><td>4</td><td>3</td><td>2</td><td>2</td><td>2</td>' in page.content.decode()
    assert "11月20日供暖报修报表" in printable.content.decode()
    rows = [[c for c in row if c is not None] for row in load_workbook(io.BytesIO(workbook.content)).active.values]
    assert rows[6:8] == [["总计", 5, 3, 3, 3, 2], ["宏城", 4, 3, 2, 2, 2]]
    assert rows[-1][0].startswith("v1 · SHA-256 0000")


def test_r2_a_future_day_cannot_be_archived(supervisor):
    from csc.api import DomainError

    with pytest.raises(DomainError):
        report_snapshot_create(kind="daily", day=datetime.now(tz=TZ).date() + timedelta(days=2), actor=supervisor)
    assert ReportSnapshot.objects.count() == 0
