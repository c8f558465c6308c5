"""Checks on an uploaded recording (K-3): the type is read from the bytes, the size is capped, the name is ignored."""

from __future__ import annotations

import contextlib
import wave
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from csc.api import DomainError


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str
    duration_seconds: int | None


def _sniff(head: bytes) -> tuple[str, str] | None:
    """The audio type from the file's first bytes: the uploader's name and Content-Type are never trusted."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav", "wav"
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg", "mp3"
    if head[:4] == b"OggS":
        return "audio/ogg", "ogg"
    if head[:6] == b"#!AMR\n":
        return "audio/amr", "amr"
    if head[4:8] == b"ftyp":
        return "audio/mp4", "m4a"
    return None


def _wav_seconds(upload) -> int | None:
    with contextlib.suppress(wave.Error, EOFError, ValueError):
        upload.seek(0)
        with wave.open(upload) as reader:
            rate = reader.getframerate()
            return round(reader.getnframes() / rate) if rate else None
    return None


def check_upload(upload) -> CheckedUpload:
    """A recording the telephony may store: an audio type we recognise and at most the size limit."""
    limit = settings.CALLCENTER_RECORDING_MAX_BYTES
    if upload.size > limit:
        raise DomainError(
            _("The recording is larger than the limit of %(mb)d MB.") % {"mb": limit // (1024 * 1024)}, code="too_large"
        )
    if upload.size == 0:
        return CheckedUpload("application/octet-stream", "bin", 0)  # an empty recording: kept, so a lead can delete it
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    sniffed = _sniff(head)
    if sniffed is None:
        raise DomainError(_("This file is not a recording (WAV, MP3, OGG, AMR or M4A)."), code="bad_type")
    content_type, extension = sniffed
    duration = _wav_seconds(upload) if extension == "wav" else None
    upload.seek(0)
    return CheckedUpload(content_type, extension, duration)


class RecordingSizeLimitHandler(FileUploadHandler):
    """Stops reading an upload as soon as it passes the limit, whatever Content-Length claimed (a 2 GB upload
    is cut off at the limit instead of being written to a temporary file first)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > settings.CALLCENTER_RECORDING_MAX_BYTES + 64 * 1024:
            self.request.recording_too_large = True
            return QueryDict(), MultiValueDict()  # parse nothing: the body is never read
        return None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.CALLCENTER_RECORDING_MAX_BYTES:
            self.request.recording_too_large = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None
