"""Callbacks over the API (SPEC §7): the queue (the page's filters), one callback, recording a callback survey (K-5)
and a lead's assign / give up. Writes through the services; a refusal keeps its reason (403 with the message)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from callbacks import services
from callbacks.api import serializers as s
from callbacks.choices import Outcome
from callbacks.filters import CallbackFilter
from callbacks.models import Callback
from callbacks.selectors import VIEW, callbacks_for_list
from callbacks.workflow import MANAGE, RECORD
from csc.api import IdempotentMixin
from csc.filters import openapi_parameters
from csc.pagination import NoCountPagination
from csc.permissions import ActionPermission, access_or_404, may


def _payload(request, callback: Callback, *, status_code: int = status.HTTP_200_OK) -> Response:
    callback = callbacks_for_list(user=request.user).filter(pk=callback.pk).first() or callback
    data = s.CallbackOut(callback, context={"user": request.user, "now": timezone.now()}).data
    return Response(data, status=status_code)


def _callback_of(request, pk: int) -> Callback:
    return access_or_404(request.user, VIEW, callbacks_for_list(user=request.user), pk=pk)


class CallbackListRecordView(IdempotentMixin, APIView):
    """`GET callbacks/`: the queue; `POST callbacks/`: record one call to the resident."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW, "POST": RECORD}

    @extend_schema(parameters=openapi_parameters(CallbackFilter), responses=s.CallbackOut(many=True))
    def get(self, request):
        now = timezone.now()
        filterset = CallbackFilter(
            request.query_params,
            queryset=callbacks_for_list(user=request.user),
            request=request,
            now=now,
            user=request.user,
        )
        queryset = filterset.qs_or_400()
        paginator = NoCountPagination()
        rows = paginator.paginate_queryset(queryset, request)
        return paginator.get_paginated_response(
            s.CallbackOut(rows, many=True, context={"user": request.user, "now": now}).data
        )

    @extend_schema(
        operation_id="callback_record",
        request=s.RecordInput,
        responses={201: s.CallbackOut},
        description=(
            "Record a callback survey (K-5): outcome `done` with the answers, `not_reached` (the last allowed attempt "
            "gives up and needs a `reason`) or `not_convenient` with the `appointment_at` the resident asked for. "
            "400 per field, 403 someone else's callback, 409 already recorded or not open."
        ),
    )
    def post(self, request):
        serializer = s.RecordInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        callback = callbacks_for_list(user=request.user).filter(pk=data["callback"]).first()
        if callback is None or not may(request.user, VIEW, callback):
            raise exceptions.ValidationError({"callback": [_("No such callback.")]})
        note = data["note"]
        if data["outcome"] == Outcome.DONE:
            callback = services.callback_record(
                callback=callback, actor=request.user, note=note, **serializer.answers()
            )
        elif data["outcome"] == Outcome.NOT_REACHED:
            callback = services.callback_not_reached(
                callback=callback, actor=request.user, note=note, reason=data["reason"]
            )
        else:
            callback = services.callback_appoint(
                callback=callback,
                actor=request.user,
                appointment_at=data["appointment_at"],
                note=note,
            )
        return _payload(request, callback, status_code=status.HTTP_201_CREATED)


class CallbackDetailView(APIView):
    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW}

    @extend_schema(responses=s.CallbackOut)
    def get(self, request, pk: int):
        return _payload(request, _callback_of(request, pk))


class CallbackAssignView(IdempotentMixin, APIView):
    """A lead gives the callback to a member of staff, or back to the team's queue (`"assignee": null`)."""

    permission_classes = [ActionPermission]
    required_perms = {"POST": MANAGE}

    @extend_schema(operation_id="callback_assign", request=s.AssignInput, responses=s.CallbackOut)
    def post(self, request, pk: int):
        callback = _callback_of(request, pk)
        serializer = s.AssignInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignee = None
        if serializer.validated_data["assignee"] is not None:
            assignee = get_user_model().objects.filter(pk=serializer.validated_data["assignee"]).first()
            if assignee is None:
                raise exceptions.ValidationError({"assignee": [_("No such member of staff.")]})
        callback = services.callback_assign(callback=callback, actor=request.user, assignee=assignee)
        return _payload(request, callback)


class CallbackGiveUpView(IdempotentMixin, APIView):
    """A lead ends a callback that cannot be made, with the reason."""

    permission_classes = [ActionPermission]
    required_perms = {"POST": MANAGE}

    @extend_schema(operation_id="callback_give_up", request=s.GiveUpInput, responses=s.CallbackOut)
    def post(self, request, pk: int):
        callback = _callback_of(request, pk)
        serializer = s.GiveUpInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        callback = services.callback_give_up(
            callback=callback, actor=request.user, reason=serializer.validated_data["reason"]
        )
        return _payload(request, callback)
