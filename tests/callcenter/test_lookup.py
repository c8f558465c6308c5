"""K-2 screen-pop: GET api/v1/customers/lookup/?phone= — masked, 'maybe' matches, history, logged, constant queries."""

from __future__ import annotations

import pytest
from django.test.utils import override_settings

from compliance.models import AccessLogEntry
from tests.callcenter.factories import CallFactory
from tests.factories import CustomerAddressFactory, CustomerFactory, CustomerPhoneFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/customers/lookup/"


def test_k2_lookup_shows_the_caller_masked_with_last_calls_and_logs_the_look(api_as, agent):
    customer = CustomerFactory(name="张建华")
    CustomerPhoneFactory(customer=customer, number="13812345678")
    CustomerAddressFactory(customer=customer, address="顺义区宏城花园3号楼2单元501")
    CallFactory(customer=customer, caller_number="13812345678", call_type="repair", summary="暖气不热")

    response = api_as(agent).get(URL, {"phone": "+86 138-1234-5678"})

    assert response.status_code == 200
    body = response.json()
    assert body["number"] == "138****5678"
    assert body["ambiguous"] is False
    [match] = body["matches"]
    assert match["name"] == "张**"
    assert match["phones"] == ["138****5678"]
    assert match["addresses"] == ["顺义区宏城花园*号楼*单元***"]
    assert [c["call_type"] for c in match["last_calls"]] == ["repair"]
    assert len(body["calls_from_number"]) == 1
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.customer, entry.channel, entry.unmasked) == (agent, customer, "screen_pop", False)


def test_k2_a_number_of_several_customers_shows_them_all_as_maybe(api_as, agent):
    first = CustomerPhoneFactory(number="01069440001").customer
    second = CustomerPhoneFactory(number="01069440001").customer

    body = api_as(agent).get(URL, {"phone": "(010) 6944-0001"}).json()

    assert body["ambiguous"] is True
    assert sorted(m["customer_id"] for m in body["matches"]) == sorted([first.pk, second.pk])
    assert AccessLogEntry.objects.count() == 2


@override_settings(LOCAL_AREA_CODE="010")
def test_k2_a_landline_stored_without_area_code_is_found_from_a_plus86_caller(api_as, agent):
    customer = CustomerPhoneFactory(number="69440002").customer

    body = api_as(agent).get(URL, {"phone": "+86 10 6944 0002"}).json()

    assert [m["customer_id"] for m in body["matches"]] == [customer.pk]


def test_k2_unknown_number_answers_no_match_and_logs_nothing(api_as, agent):
    body = api_as(agent).get(URL, {"phone": "400-810-8888"}).json()

    assert body["matches"] == []
    assert AccessLogEntry.objects.count() == 0


@pytest.mark.parametrize("phone", ["", "abc", "12", "138-1234-5678 ext"])
def test_bad_input_lookup_with_no_phone_number_is_a_400_per_field(api_as, agent, phone):
    response = api_as(agent).get(URL, {"phone": phone})

    assert response.status_code == 400
    assert list(response.json()) == ["phone"]


def test_lookup_permissions(api, api_as, station_user, integration, agent):
    CustomerPhoneFactory(number="13812345678")

    assert api.get(URL, {"phone": "13812345678"}).status_code == 401
    assert api_as(station_user).get(URL, {"phone": "13812345678"}).status_code == 403
    assert AccessLogEntry.objects.count() == 0
    assert api_as(integration).get(URL, {"phone": "13812345678"}).status_code == 200


def test_lookup_query_count_is_constant_as_matches_and_calls_grow(api_as, agent, django_assert_max_num_queries):
    client = api_as(agent)
    customer = CustomerPhoneFactory(number="13900000001").customer
    CallFactory(customer=customer, caller_number="13900000001")
    with django_assert_max_num_queries(14) as few:
        client.get(URL, {"phone": "13900000001"})
    for _ in range(6):
        other = CustomerPhoneFactory(number="13900000001").customer
        CustomerAddressFactory(customer=other)
        CallFactory.create_batch(7, customer=other, caller_number="13900000001")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"phone": "13900000001"})

    assert len(response.json()["matches"]) == 7
    assert all(len(m["last_calls"]) <= 5 for m in response.json()["matches"])
