"""API plumbing shared by every app: the error format of SPEC §7 and idempotent replays (pagination: csc.pagination)."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from csc.models import IdempotencyRecord


class Conflict(exceptions.APIException):
    """An illegal state change (SPEC §7: 409)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This change is not allowed in the current state.")
    default_code = "conflict"


class Unprocessable(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _("The request cannot be processed.")
    default_code = "unprocessable"


class DomainError(Exception):
    """Raised by services for a rule the request breaks; the API answers 409, pages show the message."""

    def __init__(self, message: str, *, code: str = "conflict"):
        super().__init__(message)
        self.message = message
        self.code = code


def exception_handler(exc, context):
    """DRF's handler plus: Django validation errors → 400 per field, DomainError → 409, always JSON."""
    if isinstance(exc, DomainError):
        exc = Conflict(detail=exc.message, code=exc.code)
    elif isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)  # a workflow's refusal keeps its reason
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)


UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


if TYPE_CHECKING:
    _View = APIView  # what the mixin is mixed into
else:
    _View = object


class IdempotentMixin(_View):
    """Replays the first response to a request repeated with the same `Idempotency-Key` (SPEC §7).

    Same key, same method, path and body: the stored response comes back and nothing runs again.
    Same key with another body: 422. The same key while the first request still runs: 409.
    A 5xx is not stored, so the client may retry it.
    """

    idempotency_header = "Idempotency-Key"

    def initialize_request(self, request, *args, **kwargs):
        request.body  # noqa: B018  read and cache the raw body before DRF parses the stream
        return super().initialize_request(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self._idempotency_record = None
        key = request.headers.get(self.idempotency_header)
        if not key or request.method not in UNSAFE_METHODS:
            return
        if len(key) > 200:
            raise exceptions.ValidationError({self.idempotency_header: [_("At most 200 characters.")]})
        digest = hashlib.sha256()
        for part in (request.method, request.path, request._request.body):
            digest.update(part if isinstance(part, bytes) else part.encode())
            digest.update(b"\0")
        fingerprint = digest.hexdigest()
        try:
            record, created = IdempotencyRecord.objects.get_or_create(
                user=request.user, key=key, defaults={"fingerprint": fingerprint}
            )
        except IntegrityError:
            raise Conflict(_("A request with this Idempotency-Key is still being processed.")) from None
        if created:
            self._idempotency_record = record
            return
        if record.fingerprint != fingerprint:
            raise Unprocessable(_("This Idempotency-Key was already used with a different request."))
        if record.status_code is None:
            raise Conflict(_("A request with this Idempotency-Key is still being processed."))
        raise _Replay(record)

    def handle_exception(self, exc):
        if isinstance(exc, _Replay):
            response = Response(exc.record.response_body, status=exc.record.status_code)
            response["Idempotent-Replayed"] = "true"
            return response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        record = getattr(self, "_idempotency_record", None)
        if record is not None:
            if response.status_code >= 500:
                IdempotencyRecord.objects.filter(pk=record.pk).delete()
            else:
                body = json.loads(json.dumps(response.data, default=str)) if response.data is not None else None
                IdempotencyRecord.objects.filter(pk=record.pk).update(
                    status_code=response.status_code, response_body=body
                )
        return response


class _Replay(Exception):
    def __init__(self, record: IdempotencyRecord):
        self.record = record
