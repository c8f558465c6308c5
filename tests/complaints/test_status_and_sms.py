"""C-13: the SMS acknowledgement through the pluggable gateway, and the public status page and IVR API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from complaints import services
from csc.sms import SmsError
from notifications.models import SmsMessage, SmsStatus

pytestmark = pytest.mark.django_db


class FailingGateway:
    name = "failing"
    in_worker = False

    def send(self, *, to, body):
        raise SmsError("gateway unreachable")


class RecordingGateway:
    name = "recording"
    in_worker = False
    sent: list = []

    def send(self, *, to, body):
        RecordingGateway.sent.append((to, body))
        return "GW-42"


def test_c13_the_number_is_sent_by_sms_after_commit_through_the_outbox(
    register, agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = register(agent)

    message = SmsMessage.objects.get()
    assert message.to == "13812345678"
    assert complaint.number in message.body
    assert (message.status, message.backend, message.kind) == (SmsStatus.SENT, "outbox", "complaint.registered")
    assert (message.target_id, message.reference, message.url) == (
        str(complaint.pk),
        complaint.number,
        f"/complaints/{complaint.number}/",
    )
    assert message.sent_at is not None


def test_c13_nothing_is_sent_before_commit(register, agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        register(agent)

    assert SmsMessage.objects.get().status == SmsStatus.QUEUED
    assert len(callbacks) == 1


@override_settings(SMS_BACKEND="tests.complaints.test_status_and_sms.RecordingGateway")
def test_c13_a_real_gateway_plugs_in_by_settings(register, agent, django_capture_on_commit_callbacks):
    RecordingGateway.sent = []
    with django_capture_on_commit_callbacks(execute=True):
        complaint = register(agent)

    message = SmsMessage.objects.get()
    assert (message.backend, message.status, message.gateway_reference) == ("recording", SmsStatus.SENT, "GW-42")
    assert RecordingGateway.sent == [("13812345678", message.body)]
    assert complaint.number in RecordingGateway.sent[0][1]


@override_settings(SMS_BACKEND="tests.complaints.test_status_and_sms.FailingGateway")
def test_c13_a_failing_gateway_is_logged_and_the_complaint_stays(register, agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = register(agent)

    message = SmsMessage.objects.get()
    assert (message.status, message.error) == (SmsStatus.FAILED, "gateway unreachable")
    assert complaint.pk is not None


def test_c4_a_critical_complaint_notifies_the_supervisors_after_commit(
    register, agent, supervisor, django_capture_on_commit_callbacks
):
    from notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        complaint = register(agent, severity="critical")

    notification = Notification.objects.get(recipient=supervisor)
    assert notification.kind == "complaint.critical"
    assert complaint.number in notification.title
    assert Notification.objects.filter(recipient=agent).count() == 0


def test_c4_raising_severity_to_critical_notifies_too(register, agent, supervisor, django_capture_on_commit_callbacks):
    from notifications.models import Notification

    complaint = register(agent)
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_classify(complaint=complaint, actor=agent, severity="critical")

    assert Notification.objects.filter(recipient=supervisor, kind="complaint.critical").count() == 1


# --- public status ------------------------------------------------------------------------------------------


def test_c13_the_ivr_gets_status_and_next_promised_reply_only(api, register, agent):
    complaint = register(agent)
    promise = timezone.now() + timedelta(hours=8)
    services.complaint_reply(complaint=complaint, actor=agent, text="在查", next_reply_at=promise)

    response = api.get("/api/v1/complaints/status/", {"number": complaint.number, "phone": "+86 138-1234-5678"})

    assert response.status_code == 200
    assert response.json() == {
        "number": complaint.number,
        "status": "registered",
        "status_display": response.json()["status_display"],
        "next_reply_due_at": timezone.localtime(promise).isoformat(),
    }


def test_c13_no_such_number_and_wrong_phone_answer_the_same(api, register, agent):
    complaint = register(agent)

    wrong_phone = api.get("/api/v1/complaints/status/", {"number": complaint.number, "phone": "13900000000"})
    no_number = api.get("/api/v1/complaints/status/", {"number": "26019999", "phone": "13812345678"})
    nothing = api.get("/api/v1/complaints/status/")

    assert wrong_phone.status_code == no_number.status_code == nothing.status_code == 404
    assert wrong_phone.json() == no_number.json() == nothing.json()


@override_settings(COMPLAINT_STATUS_RATE="3/minute")
def test_c13_the_status_api_is_rate_limited(api, register, agent):
    complaint = register(agent)

    codes = [
        api.get("/api/v1/complaints/status/", {"number": complaint.number, "phone": f"1390000000{i}"}).status_code
        for i in range(4)
    ]

    assert codes == [404, 404, 404, 429]


@override_settings(COMPLAINT_STATUS_PER_NUMBER_RATE="2/hour")
def test_c13_guessing_phones_for_one_number_is_limited_whatever_the_address(api, register, agent):
    complaint = register(agent)

    codes = [
        api.get(
            "/api/v1/complaints/status/",
            {"number": complaint.number, "phone": "13900000000"},
            REMOTE_ADDR=f"10.0.0.{i}",
        ).status_code
        for i in range(3)
    ]

    assert codes == [404, 404, 429]


def test_c13_the_public_status_page_needs_no_login(client, register, agent):
    complaint = register(agent)

    found = client.get("/complaints/status/", {"number": complaint.number, "phone": "13812345678"})
    wrong = client.get("/complaints/status/", {"number": complaint.number, "phone": "13800000000"})
    missing = client.get("/complaints/status/", {"number": "26019999", "phone": "13812345678"})

    assert found.status_code == 200
    assert complaint.number in found.content.decode()
    assert complaint.subject not in found.content.decode()  # status only: nothing of the complaint's content
    assert "王建华" not in found.content.decode()
    wrong_result = wrong.content.decode().split('id="status-result"')[1]
    missing_result = missing.content.decode().split('id="status-result"')[1]
    assert wrong_result.replace(complaint.number, "") == missing_result.replace("26019999", "")


@override_settings(COMPLAINT_STATUS_RATE="2/minute")
def test_c13_the_public_status_page_is_rate_limited(client, register, agent):
    complaint = register(agent)

    codes = [
        client.get("/complaints/status/", {"number": complaint.number, "phone": "1"}).status_code for _ in range(3)
    ]

    assert codes == [200, 200, 429]


def test_the_sms_outbox_page_is_for_supervisors(
    client, register, agent, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = register(agent)

    client.force_login(agent)
    assert client.get("/notifications/sms/").status_code == 403
    client.force_login(supervisor)
    assert client.get("/complaints/sms/").url == "/notifications/sms/"  # the page's old address still leads there
    page = client.get("/notifications/sms/")
    assert page.status_code == 200
    assert complaint.number in page.content.decode()
    assert "13812345678" in page.content.decode()  # supervisors may see customers' data in full


def test_c13_the_sms_is_in_chinese_whatever_the_agents_language(register, agent):
    from django.utils import translation

    with translation.override("en"):
        complaint = register(agent)

    assert SmsMessage.objects.get().body.startswith(f"您的投诉已受理，编号{complaint.number}。我们将于")


@override_settings(COMPLAINT_STATUS_RATE="3/minute")
def test_c13_the_page_and_the_api_share_one_counter_per_caller(client, api, register, agent):
    complaint = register(agent)
    ask = {"number": complaint.number, "phone": "1"}

    codes = [
        client.get("/complaints/status/", ask).status_code,
        api.get("/api/v1/complaints/status/", ask).status_code,
        client.get("/complaints/status/", ask).status_code,
        api.get("/api/v1/complaints/status/", ask).status_code,
        client.get("/complaints/status/", ask).status_code,
    ]

    assert codes == [200, 404, 200, 429, 429]  # three asked in all, through either door, then both refuse


@override_settings(COMPLAINT_STATUS_PER_NUMBER_RATE="2/hour")
def test_c13_guessing_one_number_through_both_doors_shares_its_counter(client, api, register, agent):
    complaint = register(agent)

    first = client.get("/complaints/status/", {"number": complaint.number, "phone": "1"}, REMOTE_ADDR="10.0.0.1")
    second = api.get("/api/v1/complaints/status/", {"number": complaint.number, "phone": "2"}, REMOTE_ADDR="10.0.0.2")
    third = client.get("/complaints/status/", {"number": complaint.number, "phone": "3"}, REMOTE_ADDR="10.0.0.3")

    assert (first.status_code, second.status_code, third.status_code) == (200, 404, 429)
