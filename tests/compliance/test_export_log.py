"""P-1, D-2: every export of a list is recorded — who, when, which list and filters, the format, the row count,
personal data in full or not, the address — and the compliance officer reads the record on a page under the access
log, filtered, sorted and itself exportable. The access log sorts and counts like every list."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from compliance.models import AccessLogEntry, ExportRecord
from compliance.services import export_log_record
from tests import lists
from tests.compliance.factories import customer

pytestmark = pytest.mark.django_db

EXPORTS = "/compliance/access-log/exports/"
ACCESS_LOG = "/compliance/access-log/"


def record(user, **fields):
    values = {
        "list_code": "tickets",
        "fmt": "csv",
        "filters": "station=1",
        "row_count": 12,
        "personal_data_in_full": False,
        "ip_address": "10.0.0.1",
    }
    return export_log_record(user=user, **{**values, **fields})


def test_p1_an_export_records_who_what_how_many_and_from_where(client, agent, station):
    from tests.tickets.factories import TicketFactory

    TicketFactory(station=station)
    TicketFactory(station=station)
    client.force_login(agent)

    client.get("/tickets/", {"station": station.pk, "sort": "-created", "export": "csv"}, REMOTE_ADDR="10.1.2.3")

    entry = ExportRecord.objects.get()
    assert (entry.user, entry.list_code, entry.format, entry.row_count) == (agent, "tickets", "csv", 2)
    assert entry.filters == f"station={station.pk}&sort=-created"
    assert (entry.personal_data_in_full, entry.ip_address) == (False, "10.1.2.3")


def test_d2_over_the_limit_the_list_says_so_and_nothing_is_exported(client, agent, station, settings):
    from tests.tickets.factories import TicketFactory

    settings.EXPORT_MAX_ROWS = 2
    for _ in range(3):
        TicketFactory(station=station)
    client.force_login(agent)

    response = client.get("/tickets/", {"station": station.pk, "export": "xlsx"})

    assert response.status_code == 302 and response["Location"] == f"/tickets/?station={station.pk}"
    text = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(text) == 1 and "3" in text[0] and "2" in text[0]
    assert not ExportRecord.objects.exists()
    assert client.get(response["Location"]).status_code == 200


def test_p1_the_export_log_is_the_compliance_officer_s(client, compliance_officer, supervisor, agent):
    record(agent)
    client.force_login(supervisor)
    assert client.get(EXPORTS).status_code == 403
    client.force_login(compliance_officer)

    page = client.get(EXPORTS)

    assert page.status_code == 200 and page.context["count"] == 1
    assert agent.display_name in page.content.decode()


def test_p1_the_export_log_filters_sorts_and_exports_itself(client, compliance_officer, agent, other_agent):
    record(agent, list_code="tickets", row_count=5)
    record(agent, list_code="complaints", fmt="xlsx", row_count=50, personal_data_in_full=True)
    record(other_agent, list_code="calls", row_count=1)
    client.force_login(compliance_officer)

    lists.sorts_by_every_column(client, EXPORTS, ["at", "staff", "list", "format", "rows", "in_full"])
    lists.refuses_a_bad_sort_with_a_message(client, EXPORTS)
    lists.shows_the_count(client.get(EXPORTS, {"staff": agent.username}), 2)
    lists.shows_the_count(client.get(EXPORTS, {"in_full": "1"}), 1)
    lists.shows_the_count(client.get(EXPORTS, {"list_code": "calls"}), 1)
    largest = client.get(EXPORTS, {"sort": "-rows"}).context["page"].object_list[0]
    assert largest.row_count == 50

    _sheet, lines = lists.exports_exactly(
        client, EXPORTS, {"staff": agent.username}, rows=2, list_code="export_log", user=compliance_officer
    )
    assert {row[6] for row in lines[1:]} == {"5", "50"}


def test_p1_the_export_log_refuses_update_and_delete(agent):
    entry = record(agent)

    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        ExportRecord.objects.filter(pk=entry.pk).update(row_count=0)
    # the database refuses too: tests/compliance/test_append_only.py (raw SQL against the trigger)


def test_d2_the_access_log_sorts_by_its_columns(client, compliance_officer, agent, other_agent):
    first, second = customer(account_number="S1"), customer(account_number="S2")
    AccessLogEntry.objects.create(user=agent, customer=first, channel="page", fields="name")
    AccessLogEntry.objects.create(user=other_agent, customer=second, channel="list", fields="name", unmasked=True)
    client.force_login(compliance_officer)

    lists.sorts_by_every_column(client, ACCESS_LOG, ["at", "staff", "customer", "channel", "unmasked"])
    lists.refuses_a_bad_sort_with_a_message(client, ACCESS_LOG)
    by_customer = client.get(ACCESS_LOG, {"sort": "-customer"}).context["page"].object_list
    assert [e.customer_id for e in by_customer] == [second.pk, first.pk]
    lists.exports_exactly(
        client, ACCESS_LOG, {"staff": agent.username}, rows=1, list_code="access_log", user=compliance_officer
    )


def test_p1_the_export_log_is_linked_under_the_access_log(client, compliance_officer):
    client.force_login(compliance_officer)

    assert reverse("compliance:export_log") in client.get(ACCESS_LOG).content.decode()
