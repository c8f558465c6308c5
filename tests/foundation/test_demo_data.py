"""The demo data command: complete, a heating season the reports count, consistent with itself, idempotent, and
refused on a production configuration.

Loading the demo takes tens of seconds, so the module loads it once (`demo`) in a transaction that is rolled back
after the module's tests; each test runs in its own savepoint inside it, as pytest-django's tests always do.
"""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from accounts.demo import ACCOUNTS
from accounts.models import User
from accounts.roles import Role
from callcenter.demo import QUESTIONS
from callcenter.models import Call, CallEvent, CallLink, Consultation
from complaints.models import Complaint, ComplaintEntry
from compliance.models import AccessLogEntry
from csc.demo import season_days
from csc.periods import day_start
from customers.models import Customer, CustomerAddress, CustomerPhone
from notifications.models import Notification, SmsMessage
from reports.models import ReportSnapshot
from reports.selectors import complaints_monthly_report, daily_report, monthly_report, weekly_report
from tests.factories import data_migration_rows
from tickets.choices import Status
from tickets.demo import STATIONS
from tickets.models import ExceptionEvent, ServiceArea, Station, Ticket, TicketEvent
from tickets.routing import route_address

pytestmark = pytest.mark.django_db

T1_STATIONS = "宏城 裕龙 万科 马坡 建新 五里仓 西辛 滨河 龙府 东兴 幸福 裕祥 义宾 怡馨 澜西园 三师 金宝".split()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for this module, rolled back after it; yields the day it was loaded on."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        data_migration_rows()
        call_command("demo_data", stdout=StringIO())
        yield timezone.localdate()
        transaction.set_rollback(True)


def snapshot():
    return {
        "stations": sorted(Station.objects.values_list("id", "name", "code", "phone")),
        "areas": sorted(ServiceArea.objects.values_list("id", "station_id", "community", "building_from")),
        "users": sorted(User.objects.values_list("id", "username", "agent_number", "station_id", "team_id")),
        "groups": sorted(User.groups.through.objects.values_list("user_id", "group_id")),
        "customers": sorted(Customer.objects.values_list("id", "account_number", "name")),
        "phones": sorted(CustomerPhone.objects.values_list("id", "number")),
        "addresses": sorted(CustomerAddress.objects.values_list("id", "address")),
        "tickets": sorted(Ticket.objects.values_list("id", "number", "status", "station_id", "created_at")),
        "ticket_events": TicketEvent.objects.count(),
        "exceptions": sorted(ExceptionEvent.objects.values_list("id", "type", "ticket_id", "raised_at")),
        "complaints": sorted(Complaint.objects.values_list("id", "number", "status", "registered_at", "due_at")),
        "complaint_entries": ComplaintEntry.objects.count(),
        "calls": sorted(Call.objects.values_list("id", "external_id", "status", "call_type", "created_at")),
        "call_events": CallEvent.objects.count(),
        "call_links": CallLink.objects.count(),
        "consultations": sorted(Consultation.objects.values_list("id", "faq_entry_id", "created_at")),
        "access_log": AccessLogEntry.objects.count(),
        "sms": SmsMessage.objects.count(),
        "reports": sorted(ReportSnapshot.objects.values_list("id", "kind", "period_start", "version")),
        "notifications": sorted(Notification.objects.values_list("id", "recipient_id", "kind")),
    }


def test_demo_data_twice_leaves_the_same_rows(demo, settings):
    settings.DEBUG = True
    first = snapshot()

    call_command("demo_data", stdout=StringIO())

    assert snapshot() == first
    assert len(first["customers"]) == 40
    assert {row[1] for row in first["reports"]} == {"daily"}  # yesterday's and today's daily report archived
    assert len(first["reports"]) == 2
    assert len(first["tickets"]) > 100 and len(first["calls"]) > 200 and len(first["complaints"]) > 20
    assert 0 < first["sms"] < 10  # the acknowledgements of today's complaints


def test_demo_data_creates_the_17_stations_of_t1_each_with_a_service_area(demo):
    assert list(Station.objects.order_by("sort_order").values_list("name", flat=True)) == T1_STATIONS
    assert [s for s in Station.objects.all() if not s.areas.exists()] == []
    assert len(STATIONS) == 17


def test_demo_data_creates_one_account_per_role_with_the_demo_password(demo):
    for username, role, _number, _name in ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.check_password("demo12345"), username
        assert user.role_codes == {role.value}, username
    assert {role for _u, role, _n, _d in ACCOUNTS} == set(Role)
    assert User.objects.get(username="station1").station.name == "宏城"
    assert User.objects.get(username="station2").station.name == "裕龙"


def test_demo_customers_have_hashed_service_passwords(demo):
    customer = Customer.objects.first()

    assert customer.service_password.startswith(("pbkdf2_", "argon2", "bcrypt", "scrypt", "md5$"))
    assert "123456" not in customer.service_password
    assert customer.check_service_password("123456")
    assert not customer.check_service_password("654321")


def test_r2_the_reports_a_newcomer_opens_first_count_the_season(demo):
    """Yesterday's daily report, last week's and last month's report (or this month's, when the season began too
    recently to fill last month) and the monthly complaint statistics all count something."""
    today = demo
    last_month = today.replace(day=1) - timedelta(days=1)
    month_day = last_month if (last_month - season_days(today)[0]).days >= 14 else today

    reports = {
        "yesterday": daily_report(day=today - timedelta(days=1)),
        "last week": weekly_report(day=today - timedelta(days=7)),
        "month": monthly_report(day=month_day),
    }

    for name, report in reports.items():
        assert report["missing"] == [], name
        assert all(report["totals"][figure] > 0 for figure in ("repairs", "consultations", "completed", "callbacks")), (
            name,
            report["totals"],
        )
        assert report["station_totals"]["cumulative_repairs"] >= report["totals"]["repairs"] > 0, name
    assert sum(row["count"] for row in reports["last week"]["exceptions"]) > 0
    statistics = complaints_monthly_report(day=month_day)["statistics"]
    assert statistics["closed"] > 0 and statistics["callback_rate"] and statistics["by_channel"], statistics


def test_demo_complaints_are_due_after_they_were_registered_and_numbered_in_that_order(demo):
    complaints = list(Complaint.objects.order_by("registered_at", "id"))

    assert [c.number for c in complaints if c.due_at <= c.registered_at] == []
    assert [c.number for c in complaints if c.accepted_at > c.registered_at] == []
    for month in {c.number[:4] for c in complaints}:
        numbers = [c.number for c in complaints if c.number.startswith(month)]
        assert numbers == sorted(numbers), month
    first_entries = dict(ComplaintEntry.objects.filter(kind="registered").values_list("complaint_id", "at"))
    assert all(first_entries[c.pk] == c.registered_at for c in complaints)
    assert {c.status for c in complaints} >= {"registered", "investigating", "proposed", "approved", "closed"}
    assert min(c.registered_at for c in complaints) < day_start(demo) - timedelta(days=14)


def test_demo_calls_are_listed_at_the_times_of_their_events(demo):
    events = {}
    for event in CallEvent.objects.order_by("occurred_at", "id"):
        events.setdefault(event.call_id, {}).setdefault(event.event, event.occurred_at)
    calls = list(Call.objects.all())

    for call in calls:
        times = events[call.pk]
        assert call.created_at == min(times.values()), call.external_id
        assert (call.queued_at, call.ringing_at, call.answered_at, call.ended_at) == (
            times.get("queued"),
            times.get("ringing"),
            times.get("answered"),
            times.get("hangup"),
        ), call.external_id
        assert call.wrapped_up_at is None or call.wrapped_up_at > call.ended_at, call.external_id
    assert min(call.created_at for call in calls) < day_start(demo)
    abandoned = [call for call in calls if call.hangup_cause == "abandoned"]
    assert abandoned and min(call.created_at for call in abandoned) < day_start(demo)


def test_demo_consultations_are_answered_with_the_standard_answer_to_the_question(demo):
    consultations = list(Consultation.objects.select_related("faq_entry", "call"))

    assert len(consultations) > 20
    for consultation in consultations:
        assert consultation.answer == consultation.faq_entry.answer
        assert consultation.question in QUESTIONS[consultation.faq_entry.title], consultation.question
        assert consultation.call.answered_at < consultation.created_at < consultation.call.ended_at


def test_demo_tickets_are_at_the_routed_station_and_their_steps_at_their_event_times(demo):
    tickets = list(Ticket.objects.exclude(status__in=[Status.RETURNED, Status.LINKED]).select_related("station"))
    stamps = {"create": "created_at", "accept": "accepted_at", "complete": "completed_at", "close": "closed_at"}
    events: dict[int, list[TicketEvent]] = {}
    for event in TicketEvent.objects.order_by("id"):
        events.setdefault(event.ticket_id, []).append(event)

    for ticket in tickets:
        assert route_address(ticket.address).station == ticket.station, ticket.number
        steps = events[ticket.pk]
        assert [e.at for e in steps] == sorted(e.at for e in steps), ticket.number
        for event in steps:
            if event.action in stamps:
                assert getattr(ticket, stamps[event.action]) == event.at, (ticket.number, event.action)
    late = ExceptionEvent.objects.filter(type="not_accepted_in_time").select_related("ticket")
    assert late.exists() and all(e.raised_at > e.ticket.created_at for e in late)
    past_states = Ticket.objects.filter(created_at__lt=day_start(demo)).values("status").annotate(n=Count("id"))
    assert {row["status"] for row in past_states} >= {Status.CLOSED, Status.COMPLETED}


def test_demo_access_log_has_the_screen_pops_of_the_season(demo):
    pops = AccessLogEntry.objects.filter(channel="screen_pop")

    assert pops.filter(at__lt=day_start(demo) - timedelta(days=7)).exists()


def test_demo_data_refuses_when_debug_is_off_unless_forced(demo, settings):
    settings.DEBUG = False
    before = snapshot()

    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("demo_data")
    assert snapshot() == before

    call_command("demo_data", "--force", stdout=StringIO())
    assert Station.objects.count() == 17


@override_settings(HEATING_SEASON_START="11-01")
@pytest.mark.parametrize(
    ("today", "first"),
    [
        (date(2026, 12, 1), date(2026, 11, 1)),  # the season's start: all of November
        (date(2027, 1, 20), date(2026, 12, 9)),  # six weeks back
        (date(2026, 11, 20), date(2026, 10, 31)),  # the season began this month: into last month
        (date(2026, 11, 5), date(2026, 10, 22)),  # at least two weeks back
    ],
)
def test_the_demo_season_reaches_back_to_yesterday_last_week_and_last_month(today, first):
    days = season_days(today)

    assert (days[0], days[-1]) == (first, today - timedelta(days=1))
    assert days == [first + timedelta(days=n) for n in range(len(days))]
