"""notify(): in-app rows set-based, deliveries per the user's channel choices, sent only after commit (R-5)."""

from __future__ import annotations

import hashlib
import hmac
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils.translation import gettext

from accounts.roles import Role
from csc.messaging import notify
from notifications.models import Channel, ChannelPreference, Delivery, DeliveryStatus, Notification
from notifications.services import notifications_mark_read
from tests.factories import StationFactory, UserFactory
from tests.notifications.factories import WebhookEndpointFactory
from tests.notifications.helpers import receiver

pytestmark = pytest.mark.django_db


def test_notify_creates_one_unread_notification_per_recipient_and_returns_the_count(supervisor, gm):
    station = StationFactory()

    count = notify(
        recipients=[supervisor, gm.pk],
        kind="complaint.critical",
        title="重大客诉 26110001",
        body="客户投诉维修人员态度",
        url="/complaints/26110001/",
        target=station,
    )

    assert count == 2
    rows = Notification.objects.order_by("recipient__username")
    assert [(n.recipient, n.kind, n.title, n.body, n.url, n.read_at) for n in rows] == [
        (gm, "complaint.critical", "重大客诉 26110001", "客户投诉维修人员态度", "/complaints/26110001/", None),
        (supervisor, "complaint.critical", "重大客诉 26110001", "客户投诉维修人员态度", "/complaints/26110001/", None),
    ]
    assert {(n.target_type.model, n.target_id) for n in rows} == {("station", str(station.pk))}


def test_notify_skips_inactive_users_and_duplicate_recipients(supervisor):
    gone = UserFactory(is_active=False)

    count = notify(recipients=[supervisor, supervisor, gone], kind="report.ready", title="日报表")

    assert count == 1
    assert list(Notification.objects.values_list("recipient", flat=True)) == [supervisor.pk]


def test_notify_accepts_a_queryset_and_nobody_is_fine(supervisor):
    from accounts.models import User

    assert notify(recipients=User.objects.filter(groups__name=Role.SUPERVISOR), kind="x", title="t") == 1
    assert notify(recipients=[], kind="x", title="t") == 0


@pytest.mark.parametrize("size", [3, 30])
def test_notify_runs_a_constant_number_of_queries(size, django_assert_num_queries, django_capture_on_commit_callbacks):
    users = UserFactory.create_batch(size, email="lead@example.com")
    for user in users:
        WebhookEndpointFactory(owner=user)

    with django_capture_on_commit_callbacks(execute=False), django_assert_num_queries(7):
        notify(recipients=users, kind="complaint.critical", title="重大客诉")

    assert Notification.objects.count() == size
    assert Delivery.objects.filter(channel=Channel.EMAIL).count() == size
    assert Delivery.objects.filter(channel=Channel.WEBHOOK).count() == size


def test_email_goes_by_the_kinds_default_unless_the_user_turned_it_off(
    supervisor, gm, team_lead, django_capture_on_commit_callbacks
):
    supervisor.email, gm.email = "zhang@example.com", "liu@example.com"
    supervisor.save()
    gm.save()  # team_lead has no e-mail address: in-app only
    ChannelPreference.objects.create(user=gm, kind="complaint.critical", channel=Channel.EMAIL, enabled=False)
    ChannelPreference.objects.create(user=gm, kind="report.ready", channel=Channel.EMAIL, enabled=True)

    with django_capture_on_commit_callbacks(execute=False):
        notify(recipients=[supervisor, gm, team_lead], kind="complaint.critical", title="重大客诉")
        notify(recipients=[supervisor, gm, team_lead], kind="report.ready", title="日报表")  # e-mail off by default

    assert sorted(Delivery.objects.values_list("notification__kind", "address")) == [
        ("complaint.critical", "zhang@example.com"),
        ("report.ready", "liu@example.com"),
    ]


def test_turning_in_app_off_keeps_the_record_but_does_not_light_the_bell(supervisor):
    ChannelPreference.objects.create(user=supervisor, kind="report.ready", channel=Channel.IN_APP, enabled=False)

    notify(recipients=[supervisor], kind="report.ready", title="日报表")

    notification = Notification.objects.get()
    assert notification.read_at is not None


def test_nothing_is_sent_when_the_callers_transaction_rolls_back(supervisor, eager_celery):
    supervisor.email = "zhang@example.com"
    supervisor.save()

    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipients=[supervisor], kind="complaint.critical", title="重大客诉")
        raise RuntimeError("the complaint failed to save")

    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_email_is_sent_after_commit_and_logged(supervisor, eager_celery, django_capture_on_commit_callbacks, settings):
    settings.CSC_SITE_URL = "https://csc.example.cn"
    supervisor.email = "zhang@example.com"
    supervisor.save()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(recipients=[supervisor], kind="complaint.critical", title="重大客诉", body="请立即处理", url="/c/1/")

    assert len(callbacks) == 1
    assert [(m.subject, m.to, m.body) for m in mail.outbox] == [
        ("重大客诉", ["zhang@example.com"], "请立即处理\n\nhttps://csc.example.cn/c/1/")
    ]
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.sent_at is not None) == (DeliveryStatus.SENT, 1, True)


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that refuses the recipient: the bounce a mistyped address gets at the door."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"5.1.1 user unknown")})


class DownBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


def test_a_bouncing_address_fails_once_on_record_and_is_not_retried(
    supervisor, eager_celery, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.notifications.test_notify.RefusingBackend"
    supervisor.email = "nobody@example.com"
    supervisor.save()

    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[supervisor], kind="complaint.critical", title="重大客诉")

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert delivery.last_error.startswith("refused:")
    assert Notification.objects.get().read_at is None  # the in-app notification is not lost


def test_an_smtp_server_that_is_down_is_retried_then_failed_on_record(
    supervisor, eager_celery, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.notifications.test_notify.DownBackend"
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    supervisor.email = "zhang@example.com"
    supervisor.save()

    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[supervisor], kind="complaint.critical", title="重大客诉")

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 3)
    assert delivery.last_error == "gave up: SMTP server down"


def test_webhook_body_is_signed_with_hmac_sha256(
    integration, eager_celery, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    with receiver([200]) as server:
        WebhookEndpointFactory(owner=integration, url=server.url, secret="k3y")
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=[integration], kind="complaint.critical", title="重大客诉", url="/c/1/")

    assert len(server.requests) == 1
    request = server.requests[0]
    headers = {k.lower(): v for k, v in request["headers"].items()}
    expected = hmac.new(b"k3y", headers["x-csc-timestamp"].encode() + b"." + request["body"], hashlib.sha256)
    assert headers["x-csc-signature"] == f"sha256={expected.hexdigest()}"
    assert server.json(0)["title"] == "重大客诉"
    assert server.json(0)["kind"] == "complaint.critical"
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.response_code, delivery.attempts) == (DeliveryStatus.SENT, 200, 1)


def test_webhook_is_retried_after_a_server_error_and_then_delivered(
    integration, eager_celery, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    with receiver([503, 500, 200]) as server:
        WebhookEndpointFactory(owner=integration, url=server.url)
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=[integration], kind="complaint.critical", title="重大客诉")

    assert len(server.requests) == 3
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.response_code, delivery.attempts) == (DeliveryStatus.SENT, 200, 3)


def test_an_unreachable_webhook_is_retried_then_failed_on_record(
    integration, eager_celery, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    with receiver() as server:
        url = server.url
    WebhookEndpointFactory(owner=integration, url=url)  # the server is gone: connection refused

    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[integration], kind="complaint.critical", title="重大客诉")

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 2)
    assert delivery.last_error.startswith("gave up:")
    assert Notification.objects.count() == 1


def test_a_client_error_from_the_receiver_is_not_retried(
    integration, eager_celery, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    with receiver([410]) as server:
        WebhookEndpointFactory(owner=integration, url=server.url)
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=[integration], kind="complaint.critical", title="重大客诉")

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.response_code, delivery.attempts) == (DeliveryStatus.FAILED, 410, 1)


def test_a_loopback_webhook_is_refused_unless_the_setting_allows_it(
    integration, eager_celery, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    with receiver([200]) as server:
        WebhookEndpointFactory(owner=integration, url=server.url)
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=[integration], kind="complaint.critical", title="重大客诉")

    assert server.requests == []
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert delivery.last_error == gettext("The host resolves to a private or loopback address, which is not allowed.")


def test_a_delivery_already_sent_is_not_sent_again(supervisor, eager_celery, django_capture_on_commit_callbacks):
    from notifications.tasks import deliver

    supervisor.email = "zhang@example.com"
    supervisor.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[supervisor], kind="complaint.critical", title="重大客诉")

    assert deliver.delay(Delivery.objects.get().pk).get() == "skipped"
    assert len(mail.outbox) == 1


def test_mark_read_touches_only_the_users_own_unread_notifications(supervisor, gm):
    notify(recipients=[supervisor, gm], kind="x", title="一")
    notify(recipients=[supervisor], kind="x", title="二")
    first = Notification.objects.get(recipient=supervisor, title="一")

    assert notifications_mark_read(user=supervisor, ids=[first.pk, Notification.objects.get(recipient=gm).pk]) == 1
    assert notifications_mark_read(user=supervisor) == 1
    assert notifications_mark_read(user=supervisor) == 0
    assert Notification.objects.filter(recipient=gm, read_at__isnull=True).count() == 1
