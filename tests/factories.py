"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from accounts.models import Team, User
from customers.models import Customer, CustomerAddress, CustomerPhone
from tickets.models import ServiceArea, Station

PASSWORD = "correct-horse-battery"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"班组{n}")


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Station

    name = factory.Sequence(lambda n: f"测试站{n}")
    code = factory.Sequence(lambda n: f"st{n}")
    phone = "010-69440000"
    duty_mobile = "13910000000"


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea

    station = factory.SubFactory(StationFactory)
    district = "顺义区"
    street = "胜利街道"
    community = factory.Sequence(lambda n: f"测试小区{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    agent_number = factory.Sequence(lambda n: f"{9000 + n}")
    display_name = factory.Faker("name", locale="zh_CN")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """UserFactory(role="agent") puts the user in that role group (created by the roles migration)."""
        if extracted:
            self.groups.add(Group.objects.get(name=str(extracted)))
        if create:
            self.save()


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Faker("name", locale="zh_CN")
    account_number = factory.Sequence(lambda n: f"T{100000 + n}")
    id_number = "110101199001011234"


class CustomerPhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerPhone

    customer = factory.SubFactory(CustomerFactory)
    number = factory.Sequence(lambda n: f"138{n:08d}")
    is_primary = True


class CustomerAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerAddress

    customer = factory.SubFactory(CustomerFactory)
    address = "顺义区宏城花园3号楼2单元501"
    is_primary = True


def data_migration_rows() -> None:
    """The rows the data migrations write (complaint categories, departments and levels; time limits; scripts and
    synonyms; the quality score sheets, error types and reward levels; the duty shifts and settings), back in place: a transactional test elsewhere
    may have flushed them from a reused test database."""
    import importlib

    from django.apps import apps

    for module, function in (
        ("complaints.migrations.0002_default_categories_departments_levels", "create"),
        ("tickets.migrations.0003_routing_keys_defaults_and_roles", "fill_keys_and_defaults"),
        ("callcenter.migrations.0003_default_scripts_synonyms_and_roles", "load_defaults"),
        ("quality.migrations.0002_defaults", "load"),
        ("duty.migrations.0002_defaults", "load"),
    ):
        getattr(importlib.import_module(module), function)(apps, None)
