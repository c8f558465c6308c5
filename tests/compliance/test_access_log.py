"""P-1: the access log is searchable by customer, staff and date, exportable, and shows unusual access."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from callcenter.services import caller_screen_pop
from compliance.filters import AccessLogFilter
from compliance.models import AccessLogEntry, ExportRecord
from compliance.selectors import access_log_visible_to, unusual_access
from customers import masking, phones
from tests.compliance.factories import customer
from tests.downloads import csv_text
from tests.factories import CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db


def look(user, record, *, days_ago=0, channel="page"):
    return AccessLogEntry.objects.create(
        user=user, customer=record, channel=channel, fields="name", at=timezone.now() - timedelta(days=days_ago)
    )


def test_p1_search_by_customer_staff_and_date(compliance_officer, agent, other_agent):
    first, second = customer(account_number="GR1"), customer(phone="13900000000", account_number="GR2")
    hit = look(agent, first, days_ago=1)
    look(agent, second, days_ago=1)
    look(other_agent, first, days_ago=1)
    look(agent, first, days_ago=10)
    day = (timezone.localtime() - timedelta(days=1)).date()

    query = {"customer": "GR1", "staff": agent.agent_number, "start": day.isoformat(), "end": day.isoformat()}
    found = AccessLogFilter(query, queryset=access_log_visible_to(user=compliance_officer)).qs

    assert list(found) == [hit]
    assert AccessLogFilter({"customer": "GR1"}, queryset=access_log_visible_to(user=agent)).qs.count() == 0


def test_p1_access_log_page_filters_exports_and_keeps_query_count(
    client, compliance_officer, agent, django_assert_max_num_queries
):
    record = customer(account_number="GR9")
    for _ in range(30):
        look(agent, record)
    client.force_login(compliance_officer)

    with django_assert_max_num_queries(14):
        page = client.get(reverse("compliance:access_log"), {"customer": "GR9"})
    csv = client.get(reverse("compliance:access_log"), {"customer": "GR9", "export": "csv"})

    assert page.status_code == 200 and len(page.context["page"].object_list) == 30
    assert page.context["count"] == 30
    lines = csv_text(csv).strip().splitlines()
    assert len(lines) == 31 and lines[1].split(",")[1] == agent.username
    assert csv["Content-Disposition"].startswith('attachment; filename="access-log-')


def test_p1_bad_dates_are_a_form_error_not_a_500(client, compliance_officer):
    client.force_login(compliance_officer)

    response = client.get(reverse("compliance:access_log"), {"start": "2026-13-01", "end": "x"})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"start", "end"}


def test_p1_the_access_log_api_filters_and_validates(api_as, compliance_officer, agent):
    record = customer()
    look(agent, record)
    client = api_as(compliance_officer)

    body = client.get("/api/v1/access-log/", {"staff": agent.username}).json()
    bad = client.get("/api/v1/access-log/", {"start": "yesterday"})

    assert body["count"] == 1 and body["results"][0]["customer"] == record.pk
    assert bad.status_code == 400 and "start" in bad.json()


def test_p1_unusual_access_flags_the_one_who_looks_at_far_more_than_peers(agent, other_agent, integration):
    peers = [agent, other_agent, *[UserFactory(role="agent") for _ in range(3)]]
    heavy = UserFactory(role="agent")
    customers = [CustomerFactory() for _ in range(60)]
    rows = []
    for days_ago in range(1, 8):
        for index, user in enumerate(peers):
            rows += [
                AccessLogEntry(
                    user=user, customer=c, channel="page", fields="name", at=timezone.now() - timedelta(days=days_ago)
                )
                for c in customers[: 5 + index]
            ]
        rows += [
            AccessLogEntry(
                user=heavy, customer=c, channel="page", fields="name", at=timezone.now() - timedelta(days=days_ago)
            )
            for c in customers[:6]
        ]
    rows += [
        AccessLogEntry(user=heavy, customer=c, channel="list", fields="name", at=timezone.now() - timedelta(hours=2))
        for c in customers
    ]
    rows += [
        AccessLogEntry(
            user=integration, customer=c, channel="screen_pop", fields="name", at=timezone.now() - timedelta(hours=2)
        )
        for c in customers
    ]  # the CTI looks up everyone: excluded
    AccessLogEntry.objects.bulk_create(rows)

    flagged = unusual_access()

    assert [(row.user, row.customers) for row in flagged] == [(heavy, 60)]
    assert flagged[0].role == "agent" and 5 < flagged[0].peer_mean < 8


def test_p1_unusual_access_page_is_for_the_compliance_officer(
    client, compliance_officer, agent, django_assert_max_num_queries
):
    client.force_login(agent)
    assert client.get(reverse("compliance:access_unusual")).status_code == 403
    client.force_login(compliance_officer)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("compliance:access_unusual")).status_code == 200


def test_x3_screen_pop_is_masked_and_logged(agent):
    record = customer(phone="13812345678")

    lookup = caller_screen_pop(number=phones.normalise("+86 138-1234-5678"), actor=agent)

    assert [(m.customer, m.name, m.phones) for m in lookup.matches] == [
        (record, masking.mask_name(record.name), ["138****5678"])
    ]
    assert AccessLogEntry.objects.get().channel == "screen_pop"


def test_p1_a_screen_pop_replayed_from_the_past_is_logged_when_it_popped(agent):
    customer(phone="13812345678")
    popped = timezone.now().replace(microsecond=0) - timedelta(days=3)

    caller_screen_pop(number="13812345678", actor=agent, at=popped)

    assert AccessLogEntry.objects.get().at == popped


def test_x3_export_needs_a_purpose_and_logs_every_customer(client, supervisor, agent):
    for index in range(3):
        customer(phone=f"1381234567{index}")
    client.force_login(agent)
    assert client.post(reverse("compliance:customer_export"), {"purpose": "x"}).status_code == 403
    client.force_login(supervisor)

    refused = client.post(reverse("compliance:customer_export"), {"purpose": ""})
    response = client.post(reverse("compliance:customer_export"), {"purpose": "季度核对"})

    assert refused.status_code == 302
    body = csv_text(response)
    assert "13812345670" in body  # the supervisor may see personal data in full (customers.view_customer_unmasked)
    assert AccessLogEntry.objects.filter(channel="export", purpose="季度核对", unmasked=True).count() == 3
    record = ExportRecord.objects.get()
    assert (record.list_code, record.row_count, record.purpose, record.personal_data_in_full) == (
        "customers",
        3,
        "季度核对",
        True,
    )
