"""P-1, P-7, D-2: the access log, the password-check log, printouts, the destruction log, the compliance events and
the export log are append-only in the database itself: raw SQL through the app's own connection cannot change or delete a row."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.utils import timezone

from compliance.models import (
    AccessLogEntry,
    ComplianceEvent,
    DestructionLogEntry,
    DisclosurePrint,
    ExportRecord,
    VerificationAttempt,
)
from compliance.services import disclosure_print, disclosure_record, service_password_verify
from tests.compliance.factories import customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(agent):
    """One row in each append-only table."""
    record = customer()
    entry = AccessLogEntry.objects.create(user=agent, customer=record, channel="page", fields="name")
    service_password_verify(customer=record, password="000000", channel="ivr", actor=agent)
    disclosure = disclosure_record(
        customer=record,
        actor=agent,
        method="service_password",
        channel="hotline",
        contents=["statement"],
        service_password="246810",
    )
    disclosure_print(disclosure=disclosure, actor=agent)
    destruction = DestructionLogEntry.objects.create(
        record_type="customer", action="anonymised", count=1, object_ids=[record.pk], cutoff=timezone.now()
    )
    export = ExportRecord.objects.create(user=agent, list_code="tickets", format="csv", row_count=1)
    return {
        ExportRecord: export.pk,
        AccessLogEntry: entry.pk,
        VerificationAttempt: VerificationAttempt.objects.first().pk,
        DisclosurePrint: DisclosurePrint.objects.get().pk,
        DestructionLogEntry: destruction.pk,
        ComplianceEvent: ComplianceEvent.objects.first().pk,
    }


TABLES = [AccessLogEntry, VerificationAttempt, DisclosurePrint, DestructionLogEntry, ComplianceEvent, ExportRecord]


@pytest.mark.parametrize("model", TABLES, ids=lambda m: m.__name__)
def test_p1_p7_raw_sql_update_is_refused_by_the_database(rows, model):
    table = model._meta.db_table

    column = "printed_at" if model is DisclosurePrint else "at"
    sql = f"UPDATE {table} SET {column} = {column} WHERE id = %s"  # noqa: S608  table and column from the model

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [rows[model]])

    assert model.objects.filter(pk=rows[model]).exists()


@pytest.mark.parametrize("model", TABLES, ids=lambda m: m.__name__)
def test_p1_p7_raw_sql_delete_is_refused_by_the_database(rows, model):
    table = model._meta.db_table

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [rows[model]])  # noqa: S608

    assert model.objects.filter(pk=rows[model]).count() == 1


def test_the_triggers_exist_on_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT event_object_table FROM information_schema.triggers "
            "WHERE trigger_name LIKE %s GROUP BY event_object_table ORDER BY 1",
            ["%append_only"],
        )
        tables = [row[0] for row in cursor.fetchall()]
    assert tables == sorted(m._meta.db_table for m in TABLES)


@pytest.mark.parametrize("model", TABLES, ids=lambda m: m.__name__)
def test_the_orm_refuses_update_and_delete_too(rows, model):
    row = model.objects.get(pk=rows[model])

    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        model.objects.filter(pk=row.pk).delete()
    with pytest.raises(PermissionError):
        model.objects.filter(pk=row.pk).update(at=timezone.now()) if hasattr(row, "at") else model.objects.filter(
            pk=row.pk
        ).update(printed_at=timezone.now())


@pytest.mark.parametrize(
    "model", [VerificationAttempt, DestructionLogEntry, ComplianceEvent, AccessLogEntry, ExportRecord]
)
def test_the_admin_cannot_add_change_or_delete_log_rows(model, supervisor):
    admin = site._registry[model]
    request = RequestFactory().get("/")
    request.user = supervisor

    assert admin.has_add_permission(request) is False
    assert admin.has_change_permission(request) is False
    assert admin.has_delete_permission(request) is False


def test_the_api_has_no_way_to_write_the_access_log(api_as, compliance_officer, rows):
    client = api_as(compliance_officer)
    pk = rows[AccessLogEntry]

    assert client.post("/api/v1/access-log/", {"purpose": "x"}, format="json").status_code in (403, 405)
    assert client.delete(f"/api/v1/access-log/{pk}/").status_code == 404
    assert client.patch(f"/api/v1/access-log/{pk}/", {"purpose": "x"}, format="json").status_code == 404
    assert AccessLogEntry.objects.get(pk=pk).purpose == ""
