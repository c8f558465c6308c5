"""The broker (Redis) unreachable: work committed in the database is never lost and no request answers 500.

csc/queueing.py hands committed work to Celery and logs a failure instead of raising; the requeue sweeps
(notifications.requeue_stale, complaints.sms_requeue_stale) send it later. The broker here is a real one that
refuses connections (port 1), not a mock.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from complaints.models import Complaint
from csc.celery import app
from csc.messaging import notify
from notifications.models import Delivery, DeliveryStatus, SmsMessage
from notifications.services import deliveries_requeue_stale
from notifications.sms import sms_deliver, sms_requeue_stale, sms_send
from tests.complaints.factories import CategoryFactory, DepartmentFactory

pytestmark = pytest.mark.django_db

DEAD_BROKER = "redis://127.0.0.1:1/0"


class WorkerGateway:
    """An SMS gateway called from the worker, as a real provider's would be."""

    name = "worker-gateway"
    in_worker = True
    sent: list[str] = []

    def send(self, *, to: str, body: str) -> str:
        self.sent.append(to)
        return f"ref-{len(self.sent)}"


def _use_broker(url: str) -> None:
    app.conf.broker_url = url
    app._pool = None  # the connection pools are made again for the new address
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down(caplog):
    saved = app.conf.broker_url
    caplog.set_level(logging.WARNING)
    _use_broker(DEAD_BROKER)
    yield caplog
    _use_broker(saved)


@pytest.fixture
def supervisor_by_mail(supervisor):
    supervisor.email = "duty@example.cn"
    supervisor.save()
    return supervisor


def test_a_notification_waits_for_the_sweep_and_the_sweep_sends_it(
    broker_down, supervisor_by_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[supervisor_by_mail], kind="complaint.critical", title="紧急客诉", body="…", url="/")

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert "left for the requeue sweep" in broker_down.text

    assert deliveries_requeue_stale(now=timezone.now() + timedelta(minutes=11)) == 0  # still down: nothing lost
    _use_broker(_saved_broker())
    assert deliveries_requeue_stale(now=timezone.now() + timedelta(minutes=11)) == 1


def _saved_broker() -> str:
    from django.conf import settings

    return settings.CELERY_BROKER_URL


@pytest.mark.django_db(transaction=True)
def test_a_critical_complaint_registered_with_the_broker_down_answers_201(
    api_as, agent, supervisor_by_mail, broker_down
):
    CategoryFactory(code="service_attitude_t", name="服务态度T", domestic_days=15, foreign_days=20)
    DepartmentFactory(code="hr_admin", name="人事行政部", handles_internal=True)
    body = {
        "category": "service_attitude_t",
        "complainant_name": "王建华",
        "complainant_phone": "13812345678",
        "subject": "维修师傅态度差",
        "statement": "师傅上门后态度恶劣。",
        "remedy_sought": "道歉",
        "channel": "phone",
        "severity": "critical",
    }

    response = api_as(agent).post("/api/v1/complaints/", body, format="json")

    assert response.status_code == 201, response.content
    assert Complaint.objects.filter(number=response.json()["number"]).exists()
    assert Delivery.objects.filter(status=DeliveryStatus.PENDING).count() == 1  # the supervisor's e-mail waits
    assert "left for the requeue sweep" in broker_down.text


def test_an_sms_for_a_worker_gateway_waits_for_its_sweep(broker_down, settings, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = "tests.foundation.test_broker_down.WorkerGateway"
    with django_capture_on_commit_callbacks(execute=True):
        message = sms_send(to="13812345678", body="您的客诉已受理", kind="complaint.registered")

    message.refresh_from_db()
    assert message.status == "queued"
    _use_broker(_saved_broker())
    assert sms_requeue_stale(now=timezone.now() + timedelta(minutes=11)) == 1
    assert sms_requeue_stale(now=timezone.now() + timedelta(minutes=1)) == 0  # younger messages are left alone


def test_the_sms_sweep_delivers_inline_gateways_itself(settings):
    settings.SMS_BACKEND = "csc.sms.OutboxBackend"
    stuck = SmsMessage.objects.create(to="13812345678", body="x", backend="outbox")

    assert sms_requeue_stale(now=timezone.now() + timedelta(minutes=11)) == 1
    stuck.refresh_from_db()
    assert stuck.status == "sent"


@pytest.mark.django_db(transaction=True)
def test_a_message_another_worker_holds_is_not_sent_twice(settings):
    settings.SMS_BACKEND = "tests.foundation.test_broker_down.WorkerGateway"
    WorkerGateway.sent = []
    message = SmsMessage.objects.create(to="13812345678", body="x", backend="worker-gateway")
    holding, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                SmsMessage.objects.select_for_update().get(pk=message.pk)
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    assert holding.wait(10)
    began = time.monotonic()
    sms_deliver(message_id=message.pk)  # skipped at once, not blocked, not sent
    waited = time.monotonic() - began
    release.set()
    thread.join()

    assert WorkerGateway.sent == []
    assert waited < 2
    sms_deliver(message_id=message.pk)  # free again: sent once
    assert WorkerGateway.sent == ["13812345678"]
