"""K-3 recordings: uploaded or by URL through the storage API, checked, played, never deleted except empty by a lead."""

from __future__ import annotations

import io
import struct
import wave

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings
from django.urls import reverse

from callcenter.models import Recording, RecordingDeletion
from tests.callcenter.factories import CallFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/recordings/"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def wav_bytes(seconds=2, rate=8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(struct.pack("<h", 0) * rate * seconds)
    return buffer.getvalue()


def upload(client, call, data: bytes, name="rec.wav", **extra):
    return client.post(
        URL,
        {"external_id": call.external_id, "file": SimpleUploadedFile(name, data, "audio/wav"), **extra},
        format="multipart",
    )


def test_k3_the_telephony_uploads_a_recording_kept_through_the_storage_api(api_as, integration, agent, media):
    call = CallFactory(agent=agent)

    response = upload(api_as(integration), call, wav_bytes(3), name="../../etc/passwd.wav")

    assert response.status_code == 201
    recording = Recording.objects.get()
    assert (recording.call, recording.content_type, recording.duration_seconds) == (call, "audio/wav", 3)
    assert recording.original_name == "passwd.wav"  # never a path
    assert recording.file.name.startswith("recordings/") and "passwd" not in recording.file.name
    assert (media / recording.file.name).is_file()
    assert len(recording.sha256) == 64


def test_k3_a_retried_upload_of_the_same_file_stores_it_once(api_as, integration, agent):
    call = CallFactory(agent=agent)
    client = api_as(integration)
    data = wav_bytes(1)

    first = upload(client, call, data)
    second = upload(client, call, data)

    assert first.json()["id"] == second.json()["id"]
    assert Recording.objects.count() == 1


def test_k3_a_recording_may_be_a_url_at_the_telephony(api_as, integration, agent):
    call = CallFactory(agent=agent)

    response = api_as(integration).post(
        URL,
        {"external_id": call.external_id, "url": "https://pbx.local/rec/1.mp3", "duration_seconds": 42},
        format="json",
    )

    assert response.status_code == 201
    assert Recording.objects.get().url == "https://pbx.local/rec/1.mp3"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"MZ\x90\x00 this is an executable", "rec.wav"),
        (b"<html><script>alert(1)</script></html>", "rec.mp3"),
        (b"%PDF-1.4 not audio", "rec.wav"),
    ],
)
def test_bad_input_a_file_that_is_not_audio_is_refused_whatever_its_name(api_as, integration, agent, data, name):
    call = CallFactory(agent=agent)

    response = upload(api_as(integration), call, data, name=name)

    assert response.status_code == 409
    assert "not a recording" in response.json()["detail"] or "录音" in response.json()["detail"]
    assert Recording.objects.count() == 0


@override_settings(CALLCENTER_RECORDING_MAX_BYTES=64 * 1024)
def test_bad_input_an_upload_over_the_limit_is_413_and_nothing_is_stored(api_as, integration, agent, media):
    call = CallFactory(agent=agent)

    response = upload(api_as(integration), call, wav_bytes(30))  # ~480 KB against a 64 KB limit

    assert response.status_code == 413
    assert "file" in response.json()
    assert Recording.objects.count() == 0
    assert not any(media.rglob("*.wav"))


def test_bad_input_a_2gb_upload_is_refused_from_its_declared_length_without_reading_it(api_as, integration, agent):
    call = CallFactory(agent=agent)
    client = api_as(integration)

    response = client.post(
        URL,
        {"external_id": call.external_id, "file": SimpleUploadedFile("big.wav", wav_bytes(1), "audio/wav")},
        format="multipart",
        CONTENT_LENGTH=str(2 * 1024**3),
    )

    assert response.status_code == 413
    assert Recording.objects.count() == 0


def test_bad_input_a_recording_for_an_unknown_call_is_404_with_a_clear_message(api_as, integration):
    response = api_as(integration).post(URL, {"external_id": "nope", "url": "https://pbx.local/1.mp3"}, format="json")

    assert response.status_code == 404
    assert "external_id" in response.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {"url": "ftp://pbx.local/1.mp3"},
        {"url": "javascript:alert(1)"},
        {},
        {"duration_seconds": -1, "url": "https://a.b/c.mp3"},
    ],
)
def test_bad_input_recording_fields_are_checked(api_as, integration, agent, body):
    call = CallFactory(agent=agent)

    response = api_as(integration).post(URL, {"external_id": call.external_id, **body}, format="json")

    assert response.status_code == 400
    assert Recording.objects.count() == 0


def test_k3_only_the_telephony_uploads(api_as, agent):
    call = CallFactory(agent=agent)

    response = api_as(agent).post(URL, {"external_id": call.external_id, "url": "https://a.b/c.mp3"}, format="json")

    assert response.status_code == 403
    assert Recording.objects.count() == 0


def test_k3_the_call_page_plays_the_recording_for_the_agent_who_took_it(
    client, api_as, integration, agent, other_agent, team_lead
):
    call = CallFactory(agent=agent)
    upload(api_as(integration), call, wav_bytes(1))
    recording = Recording.objects.get()
    client.force_login(agent)

    page = client.get(reverse("callcenter:call_detail", args=[call.pk])).content.decode()
    audio = client.get(reverse("callcenter:recording_file", args=[recording.pk]))

    assert f'<audio controls preload="none" src="{reverse("callcenter:recording_file", args=[recording.pk])}"' in page
    assert audio.status_code == 200
    assert audio["Content-Type"] == "audio/wav"
    assert b"".join(audio.streaming_content)[:4] == b"RIFF"
    client.force_login(other_agent)
    assert client.get(reverse("callcenter:recording_file", args=[recording.pk])).status_code == 404
    client.force_login(team_lead)
    assert client.get(reverse("callcenter:recording_file", args=[recording.pk])).status_code == 200


def _empty_recording(api_as, integration, call):
    upload(api_as(integration), call, b"", name="empty.wav")
    return Recording.objects.get()


def test_k3_a_team_lead_deletes_an_empty_recording_with_a_reason_and_it_is_logged(
    client, api_as, integration, agent, team_lead, media
):
    call = CallFactory(agent=agent)
    recording = _empty_recording(api_as, integration, call)
    assert recording.is_empty
    client.force_login(team_lead)

    with_reason = {"reason": "话务员未接通，空录音"}
    with pytest.MonkeyPatch.context():
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(reverse("callcenter:recording_delete", args=[recording.pk]), with_reason)

    assert response.status_code == 302
    recording.refresh_from_db()
    assert (recording.deleted_by, recording.deletion_reason) == (team_lead, "话务员未接通，空录音")
    log = RecordingDeletion.objects.get()
    assert (log.actor, log.reason, log.size_bytes) == (team_lead, "话务员未接通，空录音", 0)
    assert not (media / log.file_name).exists()


def test_k3_agents_get_403_and_nothing_changes(client, api_as, integration, agent, supervisor):
    call = CallFactory(agent=agent)
    recording = _empty_recording(api_as, integration, call)
    for user in (agent, supervisor):
        client.force_login(user)
        assert (
            client.post(reverse("callcenter:recording_delete", args=[recording.pk]), {"reason": "不需要了"}).status_code
            == 403
        )
    recording.refresh_from_db()
    assert recording.deleted_at is None
    assert RecordingDeletion.objects.count() == 0


def test_k3_a_lead_cannot_delete_a_recording_with_sound_or_without_a_reason(
    client, api_as, integration, agent, team_lead
):
    call = CallFactory(agent=agent)
    upload(api_as(integration), call, wav_bytes(2))
    full = Recording.objects.get()
    client.force_login(team_lead)

    client.post(reverse("callcenter:recording_delete", args=[full.pk]), {"reason": "占空间"})
    empty = _empty_recording_second(api_as, integration, call)
    client.post(reverse("callcenter:recording_delete", args=[empty.pk]), {"reason": ""})

    assert Recording.objects.filter(deleted_at__isnull=False).count() == 0
    assert RecordingDeletion.objects.count() == 0


def _empty_recording_second(api_as, integration, call):
    upload(api_as(integration), call, b"", name="e.wav")
    return Recording.objects.get(size_bytes=0)


def test_k3_recordings_are_never_hard_deleted(agent):
    from django.db.models.deletion import ProtectedError

    call = CallFactory(agent=agent)
    Recording.objects.create(call=call, url="https://a.b/c.mp3", uploaded_by=agent)

    with pytest.raises(ProtectedError):
        call.delete()
    with pytest.raises(PermissionError):
        RecordingDeletion.objects.all().delete()
