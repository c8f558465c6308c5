"""The demo data command: complete, idempotent, and refused on a production configuration."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from accounts.demo import ACCOUNTS
from accounts.models import User
from accounts.roles import Role
from customers.models import Customer, CustomerAddress, CustomerPhone
from notifications.models import Notification
from reports.models import ReportSnapshot
from tickets.demo import STATIONS
from tickets.models import ServiceArea, Station

pytestmark = pytest.mark.django_db

T1_STATIONS = "宏城 裕龙 万科 马坡 建新 五里仓 西辛 滨河 龙府 东兴 幸福 裕祥 义宾 怡馨 澜西园 三师 金宝".split()


def snapshot():
    return {
        "stations": sorted(Station.objects.values_list("id", "name", "code", "phone")),
        "areas": sorted(ServiceArea.objects.values_list("id", "station_id", "community", "building_from")),
        "users": sorted(User.objects.values_list("id", "username", "agent_number", "station_id", "team_id")),
        "groups": sorted(User.groups.through.objects.values_list("user_id", "group_id")),
        "customers": sorted(Customer.objects.values_list("id", "account_number", "name")),
        "phones": sorted(CustomerPhone.objects.values_list("id", "number")),
        "addresses": sorted(CustomerAddress.objects.values_list("id", "address")),
        "reports": sorted(ReportSnapshot.objects.values_list("id", "kind", "period_start", "version")),
        "notifications": sorted(Notification.objects.values_list("id", "recipient_id", "kind")),
    }


def test_demo_data_creates_the_17_stations_of_t1_each_with_a_service_area(settings):
    settings.DEBUG = True

    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert list(Station.objects.order_by("sort_order").values_list("name", flat=True)) == T1_STATIONS
    assert [s for s in Station.objects.all() if not s.areas.exists()] == []
    assert len(STATIONS) == 17


def test_demo_data_creates_one_account_per_role_with_the_demo_password(settings):
    settings.DEBUG = True
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115

    for username, role, _number, _name in ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.check_password("demo12345"), username
        assert user.role_codes == {role.value}, username
    assert {role for _u, role, _n, _d in ACCOUNTS} == set(Role)
    assert User.objects.get(username="station1").station.name == "宏城"
    assert User.objects.get(username="station2").station.name == "裕龙"


def test_demo_data_twice_leaves_the_same_rows(settings):
    settings.DEBUG = True
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = snapshot()

    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert snapshot() == first
    assert len(first["customers"]) == 40
    assert {row[1] for row in first["reports"]} == {"daily"}  # yesterday's and today's daily report archived
    assert len(first["reports"]) == 2


def test_demo_data_refuses_when_debug_is_off_unless_forced(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("demo_data")
    assert Station.objects.count() == 0

    call_command("demo_data", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Station.objects.count() == 17


def test_demo_customers_have_hashed_service_passwords(settings):
    settings.DEBUG = True
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    customer = Customer.objects.first()

    assert customer.service_password.startswith(("pbkdf2_", "argon2", "bcrypt", "scrypt", "md5$"))
    assert "123456" not in customer.service_password
    assert customer.check_service_password("123456")
    assert not customer.check_service_password("654321")
