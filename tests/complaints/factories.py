"""Complaint test helpers: complaints are registered through the service, as in production."""

from __future__ import annotations

import factory

from complaints.models import ComplaintCategory, Department


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplaintCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test_category_{n}")
    name = factory.Sequence(lambda n: f"测试类别{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dept_{n}")
    name = factory.Sequence(lambda n: f"测试部门{n}")
