"""API base (SPEC §7): token and session auth, schema, error format, masking, idempotency."""

from __future__ import annotations

import pytest
from django.urls import reverse

from compliance.models import AccessLogEntry
from csc.models import IdempotencyRecord
from customers.models import Customer
from tests.factories import CustomerAddressFactory, CustomerPhoneFactory

pytestmark = pytest.mark.django_db

NEW_CUSTOMER = {"name": "王建华", "phones": ["138 1234 5678"], "addresses": ["顺义区宏城花园3号楼2单元501"]}


def test_token_is_issued_for_username_and_password(api, integration, password):
    response = api.post(reverse("api-token"), {"username": integration.username, "password": password}, format="json")

    assert response.status_code == 200
    assert len(response.json()["token"]) == 40


def test_token_is_refused_for_a_wrong_password_with_per_field_reasons(api, integration):
    response = api.post(reverse("api-token"), {"username": integration.username, "password": "x"}, format="json")

    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_token_authenticates_api_calls(api_as, integration):
    response = api_as(integration).get(reverse("api-me"))

    assert response.status_code == 200
    assert response.json()["roles"] == ["integration_client"]


def test_session_authenticates_api_calls(client, agent):
    client.force_login(agent)

    assert client.get(reverse("api-me")).json()["agent_number"] == agent.agent_number


def test_unauthenticated_calls_are_refused(api):
    assert api.get(reverse("api-me")).status_code in (401, 403)
    assert api.get("/api/v1/customers/").status_code in (401, 403)


def test_a_role_without_permission_gets_403(api_as, station_user):
    assert api_as(station_user).get("/api/v1/customers/").status_code == 403


def test_missing_objects_are_404_as_json(api_as, agent):
    response = api_as(agent).get("/api/v1/customers/999999/")

    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"} or "detail" in response.json()


def test_station_staff_get_404_for_another_station(api_as, station_user, other_station, station):
    client = api_as(station_user)

    assert client.get(f"/api/v1/stations/{station.pk}/").status_code == 200
    assert client.get(f"/api/v1/stations/{other_station.pk}/").status_code == 404
    assert [s["id"] for s in client.get("/api/v1/stations/").json()["results"]] == [station.pk]


def test_x3_customer_list_is_masked_paginated_and_logged(api_as, integration, django_assert_max_num_queries):
    for _ in range(3):
        CustomerAddressFactory(customer=CustomerPhoneFactory(number="13812345678").customer)
    client = api_as(integration)

    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/customers/", {"page_size": 2}).json()

    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    assert body["results"][0]["phones"] == ["138****5678"]
    assert AccessLogEntry.objects.filter(user=integration, channel="api").count() == 2


def test_full_customer_detail_only_for_roles_that_may(api_as, agent, supervisor):
    customer = CustomerPhoneFactory(number="13812345678").customer

    assert api_as(agent).get(f"/api/v1/customers/{customer.pk}/", {"full": "1"}).json()["unmasked"] is False
    body = api_as(supervisor).get(f"/api/v1/customers/{customer.pk}/", {"full": "1", "purpose": "核对"}).json()
    assert body["unmasked"] is True and body["phones"] == ["13812345678"]


def test_create_customer_validates_each_field(api_as, agent):
    response = api_as(agent).post(
        "/api/v1/customers/", {"name": "", "phones": ["12"], "is_corporate": True}, format="json"
    )

    assert response.status_code == 400
    errors = response.json()
    assert set(errors) >= {"name", "phones"}
    assert Customer.objects.count() == 0


def test_create_customer_requires_a_company_for_corporate_customers(api_as, agent):
    response = api_as(agent).post("/api/v1/customers/", {**NEW_CUSTOMER, "is_corporate": True}, format="json")

    assert response.status_code == 400
    assert "company" in response.json()


def test_create_customer_hashes_the_service_password(api_as, agent):
    response = api_as(agent).post("/api/v1/customers/", {**NEW_CUSTOMER, "service_password": "246810"}, format="json")

    assert response.status_code == 201
    customer = Customer.objects.get(pk=response.json()["id"])
    assert customer.check_service_password("246810")
    assert "service_password" not in response.json()
    assert customer.phones.get().number == "13812345678"


def test_idempotency_key_replays_the_first_response(api_as, agent):
    client = api_as(agent)

    first = client.post("/api/v1/customers/", NEW_CUSTOMER, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    second = client.post("/api/v1/customers/", NEW_CUSTOMER, format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Customer.objects.count() == 1


def test_idempotency_key_with_another_body_is_422(api_as, agent):
    client = api_as(agent)
    client.post("/api/v1/customers/", NEW_CUSTOMER, format="json", HTTP_IDEMPOTENCY_KEY="k-2")

    response = client.post(
        "/api/v1/customers/", {**NEW_CUSTOMER, "name": "李四"}, format="json", HTTP_IDEMPOTENCY_KEY="k-2"
    )

    assert response.status_code == 422
    assert Customer.objects.count() == 1


def test_idempotency_keys_are_per_user(api_as, agent, supervisor):
    api_as(agent).post("/api/v1/customers/", NEW_CUSTOMER, format="json", HTTP_IDEMPOTENCY_KEY="same")
    response = api_as(supervisor).post("/api/v1/customers/", NEW_CUSTOMER, format="json", HTTP_IDEMPOTENCY_KEY="same")

    assert response.status_code == 201
    assert IdempotencyRecord.objects.count() == 2


def test_a_refused_request_is_replayed_as_refused(api_as, agent):
    client = api_as(agent)
    bad = {"name": "x", "phones": ["1"]}

    assert client.post("/api/v1/customers/", bad, format="json", HTTP_IDEMPOTENCY_KEY="k-3").status_code == 400
    assert client.post("/api/v1/customers/", bad, format="json", HTTP_IDEMPOTENCY_KEY="k-3").status_code == 400
    assert Customer.objects.count() == 0


def test_openapi_schema_is_generated(api_as, agent):
    response = api_as(agent).get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/auth/token/", "/api/v1/customers/", "/api/v1/me/"} <= set(schema["paths"])


def test_swagger_ui_is_served_locally(client, agent):
    client.force_login(agent)

    html = client.get("/api/docs/").content.decode()

    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
