"""Callbacks in the reports (R-2, K-5): 已回访 counts the repair callbacks done that day; satisfaction per station,
technician and agent with n and the response rate, complaint handling apart; the page, its .xlsx, the monthly
report's section."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from callbacks import satisfaction, services
from callbacks.models import Callback
from reports.selectors import daily_report, monthly_report
from tests.callbacks.conftest import COMPLAINT_ANSWERS, REPAIR_ANSWERS
from tickets.models import Ticket

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
AFTER = datetime(2026, 12, 5, 12, 0, tzinfo=TZ)


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=TZ)


# --- 已回访 -------------------------------------------------------------------------------------------------


def test_the_daily_callbacks_count_the_repair_callbacks_done_that_day_only(
    complete_ticket, close_complaint, agent, supervisor
):
    repaired = complete_ticket(agent)
    services.callback_record(callback=Callback.objects.get(ticket=repaired), actor=agent, **REPAIR_ANSWERS)
    complete_ticket(agent, caller_phone="13912345678")  # completed, its callback still due: not counted
    complaint = close_complaint(agent)
    services.callback_record(callback=Callback.objects.get(complaint=complaint), actor=agent, **COMPLAINT_ANSWERS)

    report = daily_report(day=timezone.localdate())

    # the ticket's called_back_at and the complaint's callback_recorded_at are set too, but counted once, as one
    # repair callback (seed 004: 已回访 is about repairs)
    assert Ticket.objects.get(pk=repaired.pk).called_back_at is not None
    assert report["totals"]["callbacks"] == 1
    assert "callbacks" not in report["missing"]


# --- hand-made satisfaction data ------------------------------------------------------------------------------


@pytest.fixture
def november(station, other_station, agent, other_agent, register):
    """Repair and complaint callbacks around November 2026, every figure worked out by hand below."""
    serial = iter(range(1, 100))

    def repair(station, technician, person, *, due, done=None, score=None, attitude="", status=None):
        ticket = Ticket.objects.create(
            number=f"T{next(serial):05d}",
            category="not_warm",
            address="顺义区宏城花园3号楼",
            caller_name="王建华",
            caller_phone="13800000000",
            station=station,
            created_by=person,
            status="closed",
        )
        return Callback.objects.create(
            kind="repair",
            status=status or ("done" if done else "pending"),
            ticket=ticket,
            name="王建华",
            phone="13800000000",
            station=station,
            technician=technician,
            agent=person,
            assignee=person,
            due_at=due,
            deadline_at=due,
            queue_at=due - timedelta(days=2),
            done_at=done,
            score=score,
            attitude=attitude,
            solved=True if done else None,
        )

    # 宏城: index (10 + 6) / 2 ×10 = 80.0, n 2; 满意 1 of 2; due 4 (one given up, one still open and late), done 2
    repair(station, "孙师傅", agent, due=at(11, 6), done=at(11, 5), score=10, attitude="satisfied")
    repair(station, "孙师傅", other_agent, due=at(11, 11), done=at(11, 10), score=6, attitude="average")
    repair(station, "周师傅", agent, due=at(11, 12), status="given_up")
    repair(station, "周师傅", agent, due=at(11, 30, 23))
    # 裕龙: n 2 (done 11-20 and 11-30), index 85.0; due 2 (11-21, and 11-02 done in October), done 2
    repair(other_station, "郑师傅", other_agent, due=at(11, 21), done=at(11, 20), score=8, attitude="satisfied")
    repair(other_station, "郑师傅", other_agent, due=at(12, 2), done=at(11, 30), score=9, attitude="satisfied")
    repair(other_station, "郑师傅", other_agent, due=at(11, 2), done=at(10, 31), score=3, attitude="unsatisfied")
    # outside November entirely
    repair(other_station, "郑师傅", agent, due=at(12, 10), done=at(12, 3), score=1, attitude="unsatisfied")
    # a complaint callback: kept apart (index 40.0, 满意 0 of 1)
    complaint = register(agent)
    Callback.objects.create(
        kind="complaint",
        status="done",
        complaint=complaint,
        name="王建华",
        phone="13812345678",
        agent=agent,
        assignee=agent,
        due_at=at(11, 16),
        deadline_at=at(11, 16),
        queue_at=at(11, 14),
        done_at=at(11, 15),
        score=4,
        handling="unsatisfied",
        solved=False,
    )
    return {"agent": agent, "other_agent": other_agent}


def _row(rows, label):
    return next(row for row in rows if row["label"] == label)


def test_satisfaction_per_station_with_n_and_the_response_rate(november, django_assert_num_queries):
    with django_assert_num_queries(4):
        figures = satisfaction.satisfaction(start=NOVEMBER[0], end=NOVEMBER[1], now=AFTER)

    repair = figures["repair"]
    hongcheng, yulong = repair["stations"]
    assert hongcheng == {
        "label": "宏城",
        "n": 2,
        "score_sum": 16,
        "answered": 2,
        "satisfied": 1,
        "due": 4,
        "done": 2,
    }
    assert (yulong["label"], yulong["n"], yulong["score_sum"], yulong["due"], yulong["done"]) == ("裕龙", 2, 17, 2, 2)
    assert satisfaction.index(hongcheng) == 80.0 and satisfaction.index(yulong) == 85.0
    assert repair["total"] == {"n": 4, "score_sum": 33, "answered": 4, "satisfied": 3, "due": 6, "done": 4}
    assert satisfaction.index(repair["total"]) == 82.5


def test_an_open_callback_not_yet_due_is_not_counted_in_the_response_rate(november):
    before_the_last_one_is_due = at(11, 30, 12)

    figures = satisfaction.satisfaction(start=NOVEMBER[0], end=NOVEMBER[1], now=before_the_last_one_is_due)

    hongcheng = figures["repair"]["stations"][0]
    assert (hongcheng["due"], hongcheng["done"]) == (3, 2)


def test_satisfaction_per_technician_and_per_agent_who_took_the_matter(november):
    figures = satisfaction.satisfaction(start=NOVEMBER[0], end=NOVEMBER[1], now=AFTER)

    technicians = {(row["station"], row["label"]): row for row in figures["repair"]["technicians"]}
    assert set(technicians) == {("宏城", "孙师傅"), ("宏城", "周师傅"), ("裕龙", "郑师傅")}
    sun = technicians["宏城", "孙师傅"]
    assert (sun["n"], satisfaction.index(sun), sun["due"], sun["done"]) == (2, 80.0, 2, 2)
    zhou = technicians["宏城", "周师傅"]
    assert (zhou["n"], satisfaction.index(zhou), zhou["due"], zhou["done"]) == (0, None, 2, 0)

    agent, other = november["agent"], november["other_agent"]
    agents = figures["repair"]["agents"]
    first = _row(agents, f"{agent.display_name}（{agent.agent_number}）")
    second = _row(agents, f"{other.display_name}（{other.agent_number}）")
    assert (first["n"], satisfaction.index(first), first["due"], first["done"]) == (1, 100.0, 3, 1)
    assert (second["n"], satisfaction.index(second), second["due"], second["done"]) == (3, 76.7, 3, 3)


def test_complaint_handling_satisfaction_is_kept_apart(november):
    figures = satisfaction.satisfaction(start=NOVEMBER[0], end=NOVEMBER[1], now=AFTER)

    assert figures["complaint"]["total"] == {"n": 1, "score_sum": 4, "answered": 1, "satisfied": 0, "due": 1, "done": 1}
    assert satisfaction.index(figures["complaint"]["total"]) == 40.0
    assert figures["repair"]["total"]["n"] == 4  # the complaint's score is not in the repairs'
    handling = satisfaction.blocks(figures)[-1]
    assert handling["key"] == "satisfaction_complaints"
    assert handling["rows"][0][1:] == ["40.0", 1, "0%", 1, 1, "100%"]


def test_every_index_has_its_n_beside_it_and_shares_are_percentages(november):
    blocks = satisfaction.blocks(satisfaction.satisfaction(start=NOVEMBER[0], end=NOVEMBER[1], now=AFTER))

    stations = blocks[0]
    assert len(stations["header"]) == 7  # station, index, n, 满意, due, done, response rate
    assert stations["rows"][0][1:] == ["82.5", 4, "75%", 6, 4, "66.7%"]
    assert stations["rows"][1] == ["宏城", "80.0", 2, "50%", 4, 2, "50%"]
    assert stations["rows"][2] == ["裕龙", "85.0", 2, "100%", 2, 2, "100%"]


# --- the page, the export, the monthly report ------------------------------------------------------------------


def test_the_page_shows_the_month_with_n_and_the_definition(
    november, client, supervisor, django_assert_max_num_queries
):
    client.force_login(supervisor)

    with django_assert_max_num_queries(20):
        response = client.get(reverse("callbacks:satisfaction"), {"month": "2026-11"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "82.5" in page and "66.7%" in page and "40.0" in page
    assert 'id="satisfaction-definition"' in page
    assert len(response.context["sections"]) == 1


def test_by_default_the_page_shows_last_month_and_this_month_to_date(client, supervisor):
    client.force_login(supervisor)
    today = timezone.localdate()

    response = client.get(reverse("callbacks:satisfaction"))

    assert response.status_code == 200
    sections = response.context["sections"]
    assert [(s["start"], s["end"]) for s in sections][1] == (today.replace(day=1), today)
    assert sections[0]["end"] == today.replace(day=1) - timedelta(days=1)


@pytest.mark.parametrize(
    "query",
    [{"month": "2026-13"}, {"month": "x"}, {"start": "2026-11-05"}, {"start": "2026-11-05", "end": "2026-11-01"}],
)
def test_a_bad_filter_is_a_form_error_never_a_500(client, supervisor, query):
    client.force_login(supervisor)

    response = client.get(reverse("callbacks:satisfaction"), query)

    assert response.status_code == 200
    assert response.context["form"].errors


def test_only_leads_supervisors_and_the_gm_office_see_it(client, agent, team_lead, gm):
    client.force_login(agent)
    assert client.get(reverse("callbacks:satisfaction")).status_code == 403
    for user in (team_lead, gm):
        client.force_login(user)
        assert client.get(reverse("callbacks:satisfaction")).status_code == 200


def test_the_xlsx_holds_the_same_tables(november, client, supervisor):
    client.force_login(supervisor)

    response = client.get(
        reverse("callbacks:satisfaction"), {"start": "2026-11-01", "end": "2026-11-30", "format": "xlsx"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = [
        [c for c in row if c is not None]
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    ]
    assert ["宏城", "80.0", 2, "50%", 4, 2, "50%"] in rows
    assert ["裕龙", "85.0", 2, "100%", 2, 2, "100%"] in rows


def test_the_monthly_report_shows_satisfaction_per_station_with_n_and_the_response_rate(november, client, supervisor):
    data = monthly_report(day=date(2026, 11, 15))

    assert data["satisfaction"]["repair"]["total"]["n"] == 4
    assert "satisfaction" not in data["missing"]
    client.force_login(supervisor)
    page = client.get(reverse("reports:report", args=["monthly"]), {"date": "2026-11-15"}).content.decode()
    assert 'id="report-satisfaction_stations"' in page and 'id="report-satisfaction_complaints"' in page
    workbook = client.get(reverse("reports:report", args=["monthly"]), {"date": "2026-11-15", "format": "xlsx"})
    rows = [
        [c for c in row if c is not None]
        for row in load_workbook(io.BytesIO(workbook.content)).active.iter_rows(values_only=True)
    ]
    assert any(row[:3] == ["宏城", "80.0", 2] for row in rows)


def test_the_satisfaction_page_is_in_the_reports_menu(client, supervisor):
    from csc.navigation import items_for

    assert any(item.get("url") == reverse("callbacks:satisfaction") for item in items_for(supervisor))


def test_the_open_counts_are_capped(complete_ticket, agent, supervisor, monkeypatch):
    from callbacks import selectors

    complete_ticket(agent)
    complete_ticket(agent, caller_phone="13912345678")

    counts = selectors.open_counts(user=agent)
    assert counts["ready"] == 2 and counts["mine"] == 2 and not counts["appointed"]
    monkeypatch.setattr(selectors, "COUNT_CAP", 1)
    capped = selectors.open_counts(user=supervisor)["ready"]
    assert (capped.n, capped.more, str(capped)) == (1, True, "1+")
