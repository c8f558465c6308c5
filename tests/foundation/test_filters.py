"""Every list filter goes through its FilterSet (csc/filters.py): a NUL byte, a control character, a date that is no
date, a value that is none of the choices — the API answers 400 naming the parameter, the page says it and ignores
that filter; nothing answers 500. The page and the API of a list share one FilterSet, so they agree."""

from __future__ import annotations

import pytest

from tests.compliance.factories import customer
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.django_db

NUL, CONTROL = "a\x00b", "a\x07b"

API = [
    ("/api/v1/tickets/", ["status", "q", "station", "category", "date_from", "date_to", "late"]),
    (
        "/api/v1/complaints/",
        ["status", "q", "category", "owner", "channel", "kind", "overdue", "sort", "registered_from"],
    ),
    ("/api/v1/customers/", ["q"]),
    ("/api/v1/access-log/", ["customer", "staff", "start", "end", "channel", "unmasked"]),
    ("/api/v1/enforcement-requests/", ["status"]),
    ("/api/v1/archive-loans/", ["status"]),
    ("/api/v1/calls/", ["agent", "call_type", "status", "date_from", "date_to", "answered_late", "has_recording"]),
]
PAGES = [
    ("/tickets/", ["status", "q", "station", "category", "date_from", "late"]),
    ("/tickets/exceptions/", ["follow_up", "type"]),
    ("/complaints/", ["status", "q", "owner", "sort", "registered_to"]),
    ("/complaints/mine/", ["status", "q"]),
    ("/compliance/customers/", ["q"]),
    ("/compliance/access-log/", ["customer", "staff", "start", "channel", "unmasked"]),
    ("/compliance/enforcement/", ["status"]),
    ("/compliance/loans/", ["status"]),
    ("/callcenter/calls/", ["agent", "call_type", "date_from", "answered_late", "has_recording"]),
    ("/callcenter/faq/", ["q"]),
    ("/callcenter/pending/", ["status"]),
    ("/notifications/", ["unread"]),
]


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    return UserFactory(username="root_filters", is_superuser=True, is_staff=True)


@pytest.mark.parametrize(("url", "params"), API)
@pytest.mark.parametrize("bad", [NUL, CONTROL])
def test_the_api_answers_400_naming_the_bad_parameter(api_as, superuser, url, params, bad):
    client = api_as(superuser)
    for param in params:
        response = client.get(url, {param: bad})

        assert response.status_code == 400, (url, param, response.status_code)
        assert param in response.json(), (url, param, response.json())


@pytest.mark.parametrize(("url", "params"), PAGES)
@pytest.mark.parametrize("bad", [NUL, CONTROL])
def test_a_page_says_the_bad_filter_and_shows_the_list(client, superuser, url, params, bad):
    client.force_login(superuser)
    for param in params:
        response = client.get(url, {param: bad})

        assert response.status_code in (200, 400), (url, param, response.status_code)
        said = [str(m) for m in response.context["messages"]] if response.status_code == 200 else ["the form's errors"]
        assert said, (url, param)  # the page says which filter it ignored


def test_a_bad_value_is_ignored_and_the_good_ones_still_filter(api_as, client, superuser, station, other_station):
    mine = TicketFactory(station=station)
    TicketFactory(station=other_station)
    client.force_login(superuser)

    page = client.get("/tickets/", {"station": station.code, "date_from": "2026-02-30"})

    assert [row.pk for row in page.context["page"].object_list] == [mine.pk]
    assert len(list(page.context["messages"])) == 1
    api = api_as(superuser).get("/api/v1/tickets/", {"station": station.code, "date_from": "2026-02-30"})
    assert api.status_code == 400 and list(api.json()) == ["date_from"]


def test_comma_separated_statuses_are_each_checked(api_as, superuser, station):
    TicketFactory(station=station)
    client = api_as(superuser)

    good = client.get("/api/v1/tickets/", {"status": "dispatched,accepted"})
    bad = client.get("/api/v1/tickets/", {"status": "dispatched,nonsense"})

    assert good.status_code == 200 and len(good.json()["results"]) == 1
    assert bad.status_code == 400 and "nonsense" in bad.json()["status"][0]


def test_a_flag_reads_1_true_and_yes(api_as, superuser):
    record = customer(account_number="GR55")
    client = api_as(superuser)
    from compliance.services import access_log_record

    access_log_record(user=superuser, customers=[record], channel="page", fields=["name"], unmasked=True, purpose="x")

    for value in ("1", "true", "yes"):
        assert len(client.get("/api/v1/access-log/", {"unmasked": value}).json()["results"]) == 1
    for value in ("0", "false", "no"):
        assert client.get("/api/v1/access-log/", {"unmasked": value}).json()["results"] == []
    assert client.get("/api/v1/access-log/", {"unmasked": "maybe"}).status_code == 400


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/tickets/", "date_to"),
        ("/callcenter/calls/", "date_to"),
        ("/callcenter/calls/", "date_from"),
        ("/api/v1/tickets/", "date_to"),
        ("/api/v1/calls/", "date_from"),
    ],
)
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_day_off_the_calendar_is_a_message_or_a_400_never_a_500(api_as, client, superuser, url, param, day):
    """Year 9999's last day has no next day and year 1 has no UTC moment east of Greenwich: both used to overflow
    turning the local day into moments (a 500) before the list was read."""
    if url.startswith("/api/"):
        response = api_as(superuser).get(url, {param: day})
        assert response.status_code == 400 and param in response.json()
        return
    client.force_login(superuser)
    response = client.get(url, {param: day})
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]]
