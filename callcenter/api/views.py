"""Telephony and screen-pop endpoints (K-1, K-2, K-3): thin views, one service or selector each."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from callcenter import recordings as recording_checks
from callcenter import selectors, services
from callcenter.api.serializers import (
    CallerLookupSerializer,
    CallEventInputSerializer,
    CallEventResultSerializer,
    CallSerializer,
    RecordingInputSerializer,
    RecordingSerializer,
)
from callcenter.filters import CallFilter
from callcenter.models import Call
from csc.api import IdempotentMixin
from csc.http import client_ip
from csc.permissions import ActionPermission
from customers import phones


class CallViewSet(IdempotentMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """`POST calls/`: one telephony event. `GET calls/`: the calls the user may see, filtered."""

    permission_classes = [ActionPermission]
    required_perms = {
        "list": "callcenter.view_call",
        "retrieve": "callcenter.view_call",
        "create": "callcenter.add_callevent",
    }
    serializer_class = CallSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = CallFilter
    queryset = Call.objects.none()

    def get_queryset(self):
        if self.action == "list":
            return selectors.calls_for_list(user=self.request.user)
        return selectors.calls_visible_to(user=self.request.user)

    @extend_schema(
        request=CallEventInputSerializer,
        responses={201: CallEventResultSerializer, 200: CallEventResultSerializer},
        description=(
            "One event of a call (queued, ringing, answered, hangup), keyed by the telephony's `external_id`. "
            "Idempotent: a retried event returns the call with `duplicate: true` and changes nothing. Events may "
            "arrive in any order. 201 when the event is the first one of its call, else 200."
        ),
    )
    def create(self, request):
        serializer = CallEventInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = services.call_event_record(actor=request.user, payload=dict(request.data), **data)
        call = result.call
        call.duplicate, call.warnings = result.duplicate, result.warnings
        body = CallEventResultSerializer(call).data
        return Response(body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)


class RecordingUploadView(APIView):
    """`POST recordings/`: a call's recording, as a file (multipart) or the telephony's URL (K-3).

    Not behind IdempotentMixin, which reads the whole body into memory; a re-sent file is recognised by its
    SHA-256 instead and the stored recording comes back.
    """

    permission_classes = [ActionPermission]
    required_perms = {"POST": "callcenter.add_recording"}
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def initialize_request(self, request, *args, **kwargs):
        # Count the bytes as they arrive: an oversized upload stops at the limit, not after 2 GB on disk.
        request.upload_handlers.insert(0, recording_checks.RecordingSizeLimitHandler(request))
        return super().initialize_request(request, *args, **kwargs)

    @extend_schema(request=RecordingInputSerializer, responses={201: RecordingSerializer})
    def post(self, request):
        from django.conf import settings

        limit_mb = settings.CALLCENTER_RECORDING_MAX_BYTES // (1024 * 1024)
        too_large = {"file": [_("The recording is larger than the limit of %(mb)d MB.") % {"mb": limit_mb}]}
        if getattr(request._request, "recording_too_large", False):
            return Response(too_large, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        serializer = RecordingInputSerializer(data=request.data)
        valid = serializer.is_valid()
        if getattr(request._request, "recording_too_large", False):
            return Response(too_large, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        if not valid:
            raise exceptions.ValidationError(serializer.errors)
        data = serializer.validated_data
        call = Call.objects.filter(external_id=data["external_id"]).first()
        if call is None:
            raise exceptions.NotFound(_("No call with this external_id: send the call's events first."))
        recording = services.recording_attach(
            call=call,
            actor=request.user,
            upload=data.get("file"),
            url=data.get("url", ""),
            duration_seconds=data.get("duration_seconds"),
        )
        return Response(RecordingSerializer(recording).data, status=status.HTTP_201_CREATED)


class CallerLookupView(APIView):
    """`GET customers/lookup/?phone=`: the screen-pop, masked, every customer shown written to the access log."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": "customers.view_customer"}

    @extend_schema(
        parameters=[OpenApiParameter("phone", str, required=True, description="any common format: +86, dashes")],
        responses=CallerLookupSerializer,
    )
    def get(self, request):
        raw = request.query_params.get("phone", "")
        try:
            number = phones.normalise(raw)
        except phones.PhoneError:
            raise exceptions.ValidationError(
                {"phone": [_("Not a phone number: %(value)s.") % {"value": raw[:40]}]}
            ) from None
        lookup = services.caller_screen_pop(number=number, actor=request.user, ip_address=client_ip(request))
        return Response(CallerLookupSerializer(lookup).data)
