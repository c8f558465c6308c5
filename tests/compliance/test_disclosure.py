"""P-2: the service password checked against its hash for the IVR, locked after 5 wrong attempts for 30 minutes
(any process), every attempt logged; disclosures only after the identity check; printouts carry who and when."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from compliance.models import AccessLogEntry, Disclosure, DisclosurePrint, ServicePasswordGuard, VerificationAttempt
from compliance.services import disclosure_record, service_password_verify
from tests.compliance.factories import VALID_ID, customer

pytestmark = pytest.mark.django_db


def verify(client, record, password):
    return client.post(f"/api/v1/customers/{record.pk}/verify-password/", {"password": password}, format="json")


def test_p2_the_right_password_verifies_and_is_logged(api_as, integration):
    record = customer()

    response = verify(api_as(integration), record, "246810")

    assert response.status_code == 200
    assert response.json() == {"verified": True, "locked": False, "attempts_left": 5, "locked_until": None}
    attempt = VerificationAttempt.objects.get()
    assert (attempt.customer_id, attempt.actor_id, attempt.succeeded, attempt.channel) == (
        record.pk,
        integration.pk,
        True,
        "ivr",
    )


def test_p2_five_wrong_attempts_lock_for_30_minutes_even_the_right_password(api_as, integration, settings):
    record = customer()
    client = api_as(integration)

    answers = [verify(client, record, "000000").json() for _ in range(5)]
    locked = verify(client, record, "246810")

    assert [a["attempts_left"] for a in answers] == [4, 3, 2, 1, 0]
    assert [a["locked"] for a in answers] == [False, False, False, False, True]
    assert locked.status_code == 409
    assert locked.json()["code"] == "locked" and locked.json()["verified"] is False
    guard = ServicePasswordGuard.objects.get(customer=record)
    assert timedelta(minutes=29) < guard.locked_until - timezone.now() <= timedelta(minutes=30)
    assert VerificationAttempt.objects.filter(customer=record, succeeded=False).count() == 6
    assert VerificationAttempt.objects.filter(customer=record, refused_locked=True).count() == 1


def test_p2_the_lock_runs_out_and_a_right_password_resets_the_count(api_as, integration):
    record = customer()
    client = api_as(integration)
    for _ in range(5):
        verify(client, record, "000000")
    ServicePasswordGuard.objects.filter(customer=record).update(locked_until=timezone.now() - timedelta(seconds=1))

    after = verify(client, record, "246810")

    assert after.status_code == 200 and after.json()["verified"] is True
    assert ServicePasswordGuard.objects.get(customer=record).failures == 0


def test_p2_the_lock_settings_are_read(api_as, integration, settings):
    settings.SERVICE_PASSWORD_MAX_FAILURES = 2
    settings.SERVICE_PASSWORD_LOCK_MINUTES = 5
    record = customer()
    client = api_as(integration)

    verify(client, record, "0")
    second = verify(client, record, "0").json()

    assert second["locked"] is True
    assert ServicePasswordGuard.objects.get(customer=record).locked_until - timezone.now() <= timedelta(minutes=5)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_p2_the_count_is_shared_by_concurrent_processes(integration):
    """Two workers (own database connections) guessing at once: 6 wrong attempts, the lock after the 5th."""
    record = customer()
    errors = []

    def guess():
        try:
            for _ in range(3):
                service_password_verify(customer=record, password="999999", channel="ivr", actor=integration)
        except Exception as error:  # noqa: BLE001  reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    attempts = VerificationAttempt.objects.filter(customer=record)
    assert attempts.count() == 6
    assert attempts.filter(refused_locked=False, succeeded=False).count() == 5
    assert attempts.filter(refused_locked=True).count() == 1
    assert ServicePasswordGuard.objects.get(customer=record).locked_until is not None


def test_p2_verify_password_bad_input_and_missing_customer(api_as, integration):
    client = api_as(integration)
    record = customer()

    assert client.post(f"/api/v1/customers/{record.pk}/verify-password/", {}, format="json").status_code == 400
    bad_channel = client.post(
        f"/api/v1/customers/{record.pk}/verify-password/", {"password": "1", "channel": "fax"}, format="json"
    )
    assert bad_channel.status_code == 400 and "channel" in bad_channel.json()
    assert verify(client, type("C", (), {"pk": 999999})(), "1").status_code == 404
    assert VerificationAttempt.objects.count() == 0


def test_p2_password_disclosure_by_hotline_is_logged_with_what_was_disclosed(agent):
    record = customer()

    disclosure = disclosure_record(
        customer=record,
        actor=agent,
        method="service_password",
        channel="hotline",
        contents=["consumption", "statement"],
        service_password="246810",
        detail="11月用热明细",
    )

    assert disclosure.verified is True
    entry = AccessLogEntry.objects.get(customer=record)
    assert entry.fields == "disclosure,consumption,statement"
    assert entry.unmasked is True and entry.purpose == f"向已核实身份的客户提供资料（查询单 #{disclosure.pk}）"


def test_p2_a_wrong_password_discloses_nothing_but_is_recorded(agent):
    record = customer()

    disclosure = disclosure_record(
        customer=record,
        actor=agent,
        method="service_password",
        channel="hotline",
        contents=["statement"],
        service_password="111111",
        detail="should not be kept",
    )

    assert disclosure.verified is False and disclosure.failure_reason == "服务密码错误。"
    assert disclosure.detail == ""
    assert AccessLogEntry.objects.filter(customer=record).count() == 0


def test_p2_id_card_in_person_verifies_against_the_customers_number(agent):
    record = customer()

    ok = disclosure_record(
        customer=record,
        actor=agent,
        method="id_card",
        channel="front_desk",
        contents=["statement"],
        id_card_number=VALID_ID.lower(),
        in_person=True,
    )
    other = disclosure_record(
        customer=record,
        actor=agent,
        method="id_card",
        channel="front_desk",
        contents=["statement"],
        id_card_number="110101199001011237",
        in_person=True,
    )

    assert ok.verified is True and ok.handler_id_number_masked == "110***********002X"
    assert other.verified is False and other.failure_reason == "所出示的身份证不是该客户本人的。"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"method": "id_card", "channel": "front_desk", "id_card_number": VALID_ID, "in_person": False}, "in_person"),
        ({"method": "id_card", "channel": "hotline", "id_card_number": VALID_ID, "in_person": True}, "channel"),
        (
            {"method": "id_card", "channel": "front_desk", "id_card_number": "110105194912310021", "in_person": True},
            "id_card_number",
        ),
        ({"method": "corporate", "channel": "front_desk"}, "method"),
        ({"method": "service_password", "channel": "ivr"}, "service_password"),
    ],
)
def test_p2_refusals_save_nothing(agent, kwargs, field):
    record = customer()

    with pytest.raises(ValidationError) as caught:
        disclosure_record(customer=record, actor=agent, contents=["statement"], **kwargs)

    assert field in caught.value.message_dict
    assert Disclosure.objects.count() == 0 and AccessLogEntry.objects.count() == 0


def test_p2_corporate_needs_the_handling_persons_id_card_and_a_letter(agent):
    record = customer(is_corporate=True, company="顺义热力公司")

    with pytest.raises(ValidationError) as caught:
        disclosure_record(
            customer=record, actor=agent, method="corporate", channel="front_desk", contents=["statement"]
        )
    assert set(caught.value.message_dict) == {"handler_name", "handler_id_number", "company_letter_number"}

    disclosure = disclosure_record(
        customer=record,
        actor=agent,
        method="corporate",
        channel="front_desk",
        contents=["statement"],
        handler_name="赵会计",
        handler_id_number=VALID_ID,
        company_letter_number="顺热函〔2026〕12号",
    )
    assert disclosure.verified is True and disclosure.handler_id_number_masked == "110***********002X"


def test_p2_the_printout_carries_who_printed_it_and_when(client, agent):
    record = customer()
    disclosure = disclosure_record(
        customer=record,
        actor=agent,
        method="service_password",
        channel="front_desk",
        contents=["statement"],
        service_password="246810",
    )
    client.force_login(agent)

    response = client.post(reverse("compliance:disclosure_print", args=[disclosure.pk]))

    html = response.content.decode()
    printout = DisclosurePrint.objects.get()
    assert printout.printed_by == agent
    stamp = timezone.localtime(printout.printed_at).strftime("%Y-%m-%d %H:%M:%S")
    footer = html.split('id="printed-by"', 1)[1].split("</footer>", 1)[0]
    assert str(agent) in footer and stamp in footer and f"#{disclosure.pk}" in footer
    assert AccessLogEntry.objects.filter(customer=record, channel="print").count() == 1


def test_p2_an_unverified_disclosure_cannot_be_printed(client, agent):
    disclosure = disclosure_record(
        customer=customer(),
        actor=agent,
        method="service_password",
        channel="front_desk",
        contents=["statement"],
        service_password="000000",
    )
    client.force_login(agent)

    response = client.post(reverse("compliance:disclosure_print", args=[disclosure.pk]))

    assert response.status_code == 302
    assert DisclosurePrint.objects.count() == 0


def test_p2_the_disclosure_page_shows_field_errors_and_saves_nothing(client, agent):
    record = customer()
    client.force_login(agent)

    response = client.post(
        reverse("compliance:disclosure_new", args=[record.pk]),
        {
            "method": "id_card",
            "channel": "front_desk",
            "contents": ["statement"],
            "id_card_number": "12345",
            "in_person": "on",
        },
    )

    assert response.status_code == 200
    assert "id_card_number" in response.context["form"].errors
    assert Disclosure.objects.count() == 0


def test_p2_the_disclosure_page_records_a_verified_disclosure(client, agent):
    record = customer()
    client.force_login(agent)

    response = client.post(
        reverse("compliance:disclosure_new", args=[record.pk]),
        {
            "method": "service_password",
            "channel": "front_desk",
            "contents": ["statement"],
            "service_password": "246810",
        },
    )

    disclosure = Disclosure.objects.get()
    assert response.status_code == 302 and response.url == reverse("compliance:disclosure_detail", args=[disclosure.pk])
    assert disclosure.verified is True
