"""P-7: a retention run destroys the personal data of records past their period (history included), keeps the
facts for statistics, and writes the append-only destruction log; a dry run lists and changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from compliance.models import (
    DestructionLogEntry,
    Disclosure,
    EnforcementRequest,
)
from compliance.retention import ERASED_NAME, retention_run
from compliance.services import customer_close, disclosure_record, enforcement_request_register
from customers.models import Customer, CustomerAddress, CustomerPhone
from tests.compliance.factories import customer, letter

pytestmark = pytest.mark.django_db


def closed_long_ago(supervisor, *, days=4 * 365, **kwargs):
    record = customer(**kwargs)
    customer_close(customer=record, actor=supervisor, reason="销户")
    Customer.objects.filter(pk=record.pk).update(closed_at=timezone.now() - timedelta(days=days))
    return record


def test_p7_dry_run_lists_what_would_go_and_changes_nothing(supervisor, compliance_officer):
    old = closed_long_ago(supervisor)
    closed_long_ago(supervisor, days=30)  # within the period
    customer()  # active

    report = retention_run(dry_run=True, actor=compliance_officer)

    plan = {item.record_type: item.ids for item in report.items}
    assert plan["customer"] == [old.pk]
    assert Customer.objects.get(pk=old.pk).name != ERASED_NAME
    assert DestructionLogEntry.objects.count() == 0


def test_p7_a_run_anonymises_the_customer_and_its_history_and_keeps_statistics(supervisor, compliance_officer):
    old = closed_long_ago(supervisor, is_corporate=True, company="顺义热力公司")
    name, id_number = old.name, old.id_number

    report = retention_run(dry_run=False, actor=compliance_officer)

    old.refresh_from_db()
    assert (old.name, old.id_number, old.account_number, old.service_password) == (ERASED_NAME, "", None, "")
    assert old.anonymised_at is not None and old.company == "顺义热力公司" and old.is_corporate is True
    assert CustomerPhone.objects.filter(customer=old).count() == 0
    assert CustomerAddress.objects.get(customer=old).address == "顺义区宏城花园*号楼*单元***"
    history = Customer.history.model.objects.filter(id=old.pk)
    assert history.count() >= 2
    assert not history.filter(name=name).exists() and not history.filter(id_number=id_number).exists()
    assert set(CustomerPhone.history.model.objects.filter(customer_id=old.pk).values_list("number", flat=True)) == {""}
    entry = DestructionLogEntry.objects.get(record_type="customer")
    assert (entry.count, entry.object_ids, entry.actor, entry.run) == (1, [old.pk], compliance_officer, report.run)
    assert report.run.totals == {"customer": 1}


def test_p7_a_second_run_finds_nothing_left(supervisor):
    closed_long_ago(supervisor)
    retention_run(dry_run=False)

    report = retention_run(dry_run=False)

    assert report.total == 0
    assert DestructionLogEntry.objects.count() == 1


def test_p7_disclosures_lose_the_handling_persons_data(agent, settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "disclosure": 30}
    record = customer(is_corporate=True, company="甲公司")
    from tests.compliance.factories import VALID_ID

    disclosure = disclosure_record(
        customer=record,
        actor=agent,
        method="corporate",
        channel="front_desk",
        contents=["statement"],
        handler_name="赵会计",
        handler_id_number=VALID_ID,
        company_letter_number="甲函1号",
        detail="账单",
    )
    Disclosure.objects.filter(pk=disclosure.pk).update(at=timezone.now() - timedelta(days=31))

    retention_run(dry_run=False)

    disclosure.refresh_from_db()
    assert (disclosure.handler_name, disclosure.handler_id_number_masked, disclosure.detail) == ("", "", "")
    assert (disclosure.method, disclosure.verified, disclosure.contents) == ("corporate", True, ["statement"])


def test_p7_closed_enforcement_requests_lose_the_letter_file(
    compliance_officer, settings, django_capture_on_commit_callbacks
):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "enforcement_request": 10}
    request = enforcement_request_register(
        actor=compliance_officer,
        authority_type="public_security",
        authority_name="派出所",
        authority_level="grassroots",
        officer_name="王警官",
        customer_ids=[customer().pk],
        records_requested=["identity"],
        letter_number="1",
        letter_scan=letter(),
    )
    EnforcementRequest.objects.filter(pk=request.pk).update(closed_at=timezone.now() - timedelta(days=11))
    storage, name = request.letter_scan.storage, request.letter_scan.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        retention_run(dry_run=False)

    request.refresh_from_db()
    assert not storage.exists(name) and request.letter_scan.name == "" and request.officer_name == ERASED_NAME
    assert request.authority_level == "grassroots" and request.letter_number == "1"


def test_p7_recordings_are_kept_permanently_by_default():
    report = retention_run(dry_run=True)

    assert {item.record_type: item.days for item in report.items}["customer"] == 3 * 365
    from django.conf import settings

    assert settings.RETENTION_DAYS["recording"] == 0  # 0 = kept permanently (K-3)


def test_p7_only_the_compliance_officer_may_start_a_run(agent, supervisor):
    closed_long_ago(supervisor)

    with pytest.raises(PermissionDenied):
        retention_run(dry_run=False, actor=agent)
    assert DestructionLogEntry.objects.count() == 0


def test_p7_the_management_command_dry_run_and_run(supervisor, capsys):
    old = closed_long_ago(supervisor)

    call_command("retention_run", "--dry-run")
    assert "would destroy 1" in capsys.readouterr().out
    assert Customer.objects.get(pk=old.pk).anonymised_at is None

    call_command("retention_run")
    assert "destroyed 1" in capsys.readouterr().out
    assert Customer.objects.get(pk=old.pk).anonymised_at is not None


def test_p7_the_page_shows_the_plan_and_runs_only_when_confirmed(client, compliance_officer, supervisor):
    old = closed_long_ago(supervisor)
    client.force_login(compliance_officer)
    url = reverse("compliance:retention")

    assert f"#{old.pk}" in client.get(url).content.decode()
    client.post(url, {})
    assert Customer.objects.get(pk=old.pk).anonymised_at is None
    client.post(url, {"confirm": "1"})
    assert Customer.objects.get(pk=old.pk).anonymised_at is not None
