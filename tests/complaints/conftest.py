"""Fixtures for complaint tests: a category, departments, approval levels and a `register` helper."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache

from complaints.models import ApprovalLevel
from complaints.services import complaint_register
from tests.complaints.factories import CategoryFactory, DepartmentFactory


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def category(db):
    """The category tests register in (and the HR department of C-12): created here, since a transactional
    test elsewhere may have flushed the rows the data migration wrote."""
    DepartmentFactory(code="hr_admin", name="人事行政部", handles_internal=True)
    return CategoryFactory(code="service_attitude_t", name="服务态度T", domestic_days=15, foreign_days=20)


@pytest.fixture
def quality(db):
    return DepartmentFactory(code="quality_t", name="质量部T")


@pytest.fixture
def repair(db):
    return DepartmentFactory(code="repair_t", name="维修部T")


@pytest.fixture
def levels(db, supervisor, gm):
    """Department manager ≤ 1000 (the supervisor), GM unlimited (the GM office)."""
    ApprovalLevel.objects.all().delete()
    manager = ApprovalLevel.objects.create(rank=1, name="部门经理", max_amount=Decimal("1000"))
    top = ApprovalLevel.objects.create(rank=3, name="总经理", max_amount=None)
    manager.members.add(supervisor)
    top.members.add(gm)
    return {"manager": manager, "gm": top}


@pytest.fixture
def register(category):
    """register(actor, **overrides) → a complaint registered through the service."""

    def make(actor, **overrides):
        values = {
            "category": category,
            "complainant_name": "王建华",
            "complainant_phone": "13812345678",
            "subject": "维修师傅态度差",
            "statement": "师傅上门后态度恶劣,没修好就走了。",
            "remedy_sought": "道歉并重新维修",
        }
        values.update(overrides)
        return complaint_register(actor=actor, **values)

    return make
