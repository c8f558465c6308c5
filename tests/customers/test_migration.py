"""The customer records move from compliance to customers without losing a row, a link or a permission, and every
stored phone number comes out in the canonical form (customers migrations 0001–0003 and their neighbours).

The database is taken back to the migrations before the move, filled there through the historical models (phones
in the spellings the old paths stored), and migrated forward again.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("compliance", "0004_records_protection_roles"),
    ("tickets", "0005_address_trigram_index"),
    ("complaints", "0006_index_open_complaints_by_next_reply"),
    ("callcenter", "0004_call_links_to_tickets_and_complaints"),
    ("notifications", "0002_escalation_cycle"),
    ("csc", "0002_number_counter_and_calendar_days"),
    ("customers", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([node for node in targets if node[1] is not None]).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _group_permissions(apps) -> set[tuple[str, str]]:
    Group = apps.get_model("auth", "Group")
    return {
        (group.name, f"{permission.content_type.app_label}.{permission.codename}")
        for group in Group.objects.prefetch_related("permissions__content_type")
        for permission in group.permissions.all()
    }


@pytest.mark.django_db(transaction=True)
def test_customers_move_to_their_app_with_every_row_link_and_permission():
    try:
        old = _migrate(BEFORE)
        User = old.get_model("accounts", "User")
        Customer = old.get_model("compliance", "Customer")
        Phone = old.get_model("compliance", "CustomerPhone")
        Address = old.get_model("compliance", "CustomerAddress")
        AccessLogEntry = old.get_model("compliance", "AccessLogEntry")
        Station = old.get_model("tickets", "Station")
        Ticket = old.get_model("tickets", "Ticket")
        agent = User.objects.create(username="migration_agent", agent_number="9901")
        first = Customer.objects.create(name="王建华", account_number="GR1")
        second = Customer.objects.create(name="李秀英", account_number="GR2")
        Phone.objects.create(customer=first, number="861069440000", is_primary=True)  # the +86 path's spelling
        Phone.objects.create(customer=first, number="01069440000")  # the telephony path's: the same line
        Phone.objects.create(customer=second, number="8613812345678", is_primary=True)
        Address.objects.create(customer=first, address="顺义区宏城花园3号楼2单元501", is_primary=True)
        AccessLogEntry.objects.create(user=agent, customer=first, channel="page", fields="name")
        station = Station.objects.create(name="宏城", code="hc_migration")
        Ticket.objects.create(
            number="BX99990001",
            category="not_warm",
            address="顺义区宏城花园3号楼2单元501",
            caller_name="王建华",
            caller_phone="861069440000",
            station=station,
            customer=first,
            created_by=agent,
        )
        old_permissions = _group_permissions(old)

        new = _migrate(_latest())

        Customer = new.get_model("customers", "Customer")
        Phone = new.get_model("customers", "CustomerPhone")
        assert set(Customer.objects.values_list("pk", "name", "account_number")) == {
            (first.pk, "王建华", "GR1"),
            (second.pk, "李秀英", "GR2"),
        }
        assert sorted(Phone.objects.values_list("customer_id", "number", "is_primary")) == sorted(
            [(first.pk, "01069440000", True), (second.pk, "13812345678", True)]
        )
        assert new.get_model("customers", "CustomerAddress").objects.get().customer_id == first.pk
        assert new.get_model("compliance", "AccessLogEntry").objects.get().customer_id == first.pk
        ticket = new.get_model("tickets", "Ticket").objects.get(number="BX99990001")
        assert (ticket.customer_id, ticket.caller_phone) == (first.pk, "01069440000")
        with connection.cursor() as cursor:
            tables = set(connection.introspection.table_names(cursor))
        assert {"customers_customer", "customers_customerphone", "customers_historicalcustomer"} <= tables
        assert not {"compliance_customer", "compliance_customerphone"} & tables
        renamed = {
            "compliance.view_customer": "customers.view_customer",
            "compliance.add_customer": "customers.add_customer",
            "compliance.change_customer": "customers.change_customer",
            "compliance.view_customer_unmasked": "customers.view_customer_unmasked",
            "compliance.export_customer": "customers.export_customer",
            "compliance.close_customer": "customers.close_customer",
            "complaints.view_smsmessage": "notifications.view_smsmessage",
        }
        assert _group_permissions(new) == {(group, renamed.get(perm, perm)) for group, perm in old_permissions}
        ContentType = new.get_model("contenttypes", "ContentType")
        assert not ContentType.objects.filter(app_label="compliance", model__startswith="customer").exists()
    finally:
        _migrate(_latest())
