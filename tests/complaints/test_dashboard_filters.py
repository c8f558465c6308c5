"""The complaint filters the supervisor dashboard links to: open (not closed), overdue, due today."""

from __future__ import annotations

import pytest

from complaints.choices import Status
from complaints.filters import ComplaintFilter
from complaints.models import Complaint

pytestmark = pytest.mark.django_db


def test_open_is_every_complaint_not_closed(register, agent):
    first, second = register(agent), register(agent)
    Complaint.objects.filter(pk=second.pk).update(status=Status.CLOSED)

    opened = ComplaintFilter({"open": "1"}, Complaint.objects.all())
    closed = ComplaintFilter({"open": "0"}, Complaint.objects.all())

    assert list(opened.qs.values_list("pk", flat=True)) == [first.pk]
    assert list(closed.qs.values_list("pk", flat=True)) == [second.pk]
