"""The rota, swaps, handovers, the duty log and incidents over the API (SPEC §7, K-7, K-9, P-5).

Thin views: an input serializer, one service call, an output serializer. Lists start from `csc.permissions.scope`
(handovers and duty logs are secret 机密: a role not cleared sees none; an agent their own handovers, a lead their
team's) and filter through the list's FilterSet, as the pages do; a missing object and one the user may not see are
both 404. A refusal by a service keeps its reason: 400 per field (a swap asked too late, an overlapping shift, an
incident closed without its report), 403 (a swap decided by someone who is no lead, a handover signed by a third
person), 409 (a handover signed twice, the incoming agent signing first, a log written after it was signed).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from csc import periods
from csc.api import IdempotentMixin
from csc.filters import openapi_parameters
from csc.pagination import PageNumberPagination
from csc.permissions import ActionPermission, access_or_404, may, scope
from duty import selectors, services
from duty.api import serializers as s
from duty.filters import DutyLogFilter, HandoverFilter, IncidentFilter, SwapFilter
from duty.models import (
    DutyLog,
    DutyLogCheck,
    DutyLogEntry,
    Handover,
    HandoverItem,
    Incident,
    IncidentNotice,
    RotaEntry,
    Shift,
    SwapRequest,
)
from tickets.models import Outage

VIEW_ROTA = "duty.view_rotaentry"
MANAGE_ROTA = "duty.manage_rota"
VIEW_SWAP = "duty.view_swaprequest"
ADD_SWAP = "duty.add_swaprequest"
APPROVE_SWAP = "duty.approve_swap"
VIEW_HANDOVER = "duty.view_handover"
ADD_HANDOVER = "duty.add_handover"
VIEW_LOG = "duty.view_dutylog"
WRITE_LOG = "duty.add_dutylogentry"
SIGN_LOG = "duty.sign_dutylog"
CHECK_LOG = "duty.check_dutylog"
VIEW_INCIDENT = "duty.view_incident"
ADD_INCIDENT = "duty.add_incident"
MANAGE_INCIDENT = "duty.manage_incident"


def _page(request, view, queryset, serializer_class) -> Response:
    paginator = PageNumberPagination()
    rows = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(rows, many=True).data)


def _month(value: str, field: str = "month") -> date:
    """`YYYY-MM` (empty: this month), or a 400 naming the field."""
    value = (value or "").strip()
    if not value:
        return timezone.localdate().replace(day=1)
    try:
        if len(value) != 7:
            raise ValueError(value)
        year, month = periods.parse_month(value)
    except ValueError:
        raise ValidationError({field: [_("Give the month as YYYY-MM.")]}) from None
    if not s.FIRST_YEAR <= year <= s.LAST_YEAR:
        raise ValidationError({field: [_("Give the month as YYYY-MM.")]})
    return date(year, month, 1)


def _found(model, pk: int | None, field: str, message: str, queryset: QuerySet | None = None):
    """The row a body names by id, or a 400 naming the field (a body's unknown id is bad input, not a missing URL)."""
    if pk is None:
        return None
    row = (queryset if queryset is not None else model.objects).filter(pk=pk).first()
    if row is None:
        raise ValidationError({field: [message]})
    return row


def _renamed(error: DjangoValidationError, old: str, new: str) -> DjangoValidationError:
    """A service's error on its own name for a field, under the name the request used."""
    if not hasattr(error, "error_dict"):
        return error
    return DjangoValidationError({new if name == old else name: errors for name, errors in error.error_dict.items()})


MONTH_PARAMETER = OpenApiParameter("month", str, description="YYYY-MM (default: this month)")


# --- the rota ----------------------------------------------------------------------------------------------------


class ShiftListView(APIView):
    """`GET duty/shifts/`: the shifts in use, in the day's order (a shift ending at or before its start ends the next
    day)."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW_ROTA}

    @extend_schema(responses=s.ShiftOut(many=True))
    def get(self, request):
        return Response(s.ShiftOut(selectors.shifts(), many=True).data)


def _entry_payload(entry_id: int, *, status_code: int = status.HTTP_200_OK) -> Response:
    entry = RotaEntry.objects.select_related("shift", "agent").get(pk=entry_id)
    return Response(s.RotaEntryOut(entry).data, status=status_code)


class RotaView(IdempotentMixin, APIView):
    """`GET duty/rota/?month=YYYY-MM`: the month as a grid (each day, each shift, who is on it); `POST`: one member of
    staff on one shift."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW_ROTA, "POST": MANAGE_ROTA}

    @extend_schema(parameters=[MONTH_PARAMETER], responses=s.RotaMonthOut)
    def get(self, request):
        month = _month(request.query_params.get("month", ""))
        grid = selectors.rota_month(month=month)
        data = {
            "month": f"{month:%Y-%m}",
            "shifts": grid["shifts"],
            "days": [
                {
                    "day": row["day"],
                    "cells": [
                        {"shift": shift.pk, "people": people}
                        for shift, people in zip(grid["shifts"], row["cells"], strict=True)
                    ],
                }
                for row in grid["rows"]
            ],
        }
        return Response(s.RotaMonthOut(data).data)

    @extend_schema(
        operation_id="duty_rota_assign",
        request=s.RotaAssignInput,
        responses={201: s.RotaEntryOut},
        description="Put a member of staff with an agent number on a shift of a day. 400 per field: an unknown or "
        "retired shift, someone without an agent number, a shift overlapping one they work already (a shift ending "
        "at midnight and one starting then do not overlap).",
    )
    def post(self, request):
        serializer = s.RotaAssignInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        errors: dict[str, list[str]] = {}
        shift = Shift.objects.filter(pk=data["shift"]).first()
        agent = User.objects.filter(pk=data["agent"]).first()
        if shift is None:
            errors["shift"] = [_("No such shift.")]
        if agent is None:
            errors["agent"] = [_("No such member of staff.")]
        if errors:
            raise ValidationError(errors)
        entry = services.rota_assign(day=data["day"], shift=shift, agent=agent, actor=request.user)
        return _entry_payload(entry.pk, status_code=status.HTTP_201_CREATED)


class RotaRemoveView(IdempotentMixin, APIView):
    """`POST duty/rota/{id}/remove/`: take someone off a shift (the entry is cancelled, never deleted). 409 when it
    was taken off already or a swap of it waits for a lead."""

    permission_classes = [ActionPermission]
    required_perms = {"POST": MANAGE_ROTA}

    @extend_schema(operation_id="duty_rota_remove", request=None, responses=s.RotaEntryOut)
    def post(self, request, pk: int):
        entry = access_or_404(request.user, MANAGE_ROTA, RotaEntry.objects.all(), pk=pk)
        services.rota_remove(entry=entry, actor=request.user)
        return _entry_payload(entry.pk)


class RotaMonthView(IdempotentMixin, APIView):
    """`PUT duty/rota/month/`: the month built at once — for each (day, shift) given, the people wanted on it."""

    permission_classes = [ActionPermission]
    required_perms = {"PUT": MANAGE_ROTA}

    @extend_schema(
        operation_id="duty_rota_month_save",
        request=s.RotaMonthInput,
        responses=s.RotaMonthSavedOut,
        description="Each cell given is set to exactly the people listed (an empty list takes everyone off it); cells "
        "not given stay as they are. Every clash (a day outside the month, a shift not in use, someone without an "
        "agent number, overlapping shifts, a shift taken off whose swap waits for a lead) is listed under `cells`, "
        "and then nothing is saved.",
    )
    def put(self, request):
        serializer = s.RotaMonthInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not data["month"].strip():
            raise ValidationError({"month": [_("Give the month as YYYY-MM.")]})
        month = _month(data["month"])
        wanted: dict[tuple[date, int], set[int]] = {}
        for cell in data["cells"]:
            wanted.setdefault((cell["day"], cell["shift"]), set()).update(cell["agents"])
        try:
            saved = services.rota_month_save(month=month, wanted=wanted, actor=request.user)
        except DjangoValidationError as error:
            raise _renamed(error, "rota", "cells") from None
        return Response(s.RotaMonthSavedOut(saved).data)


# --- swaps ---------------------------------------------------------------------------------------------------------


def _swaps() -> QuerySet[SwapRequest]:
    return SwapRequest.objects.select_related(
        "entry__shift",
        "entry__agent",
        "requester",
        "counterpart",
        "counterpart_entry__shift",
        "counterpart_entry__agent",
        "decided_by",
    )


def _swap_payload(swap_id: int, *, status_code: int = status.HTTP_200_OK) -> Response:
    return Response(s.SwapOut(_swaps().get(pk=swap_id)).data, status=status_code)


class SwapListCreateView(IdempotentMixin, APIView):
    """`GET duty/swaps/`: one's own swaps, a lead's team's, or all (the supervisor); `POST`: ask for one."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW_SWAP, "POST": ADD_SWAP}

    @extend_schema(parameters=openapi_parameters(SwapFilter), responses=s.SwapOut(many=True))
    def get(self, request):
        filterset = SwapFilter(request.query_params, queryset=scope(request.user, _swaps(), VIEW_SWAP), request=request)
        return _page(request, self, filterset.qs_or_400(), s.SwapOut)

    @extend_schema(
        operation_id="duty_swap_request",
        request=s.SwapCreateInput,
        responses={201: s.SwapOut},
        description="The person on the shift asks, at least the notice days before it (seed 004: a day ahead), to "
        "give it to a colleague or to exchange it for one of theirs; the rota changes only when a lead approves. 400 "
        "per field (too late, no colleague, no reason), 403 someone else's shift, 409 a swap of it waits already.",
    )
    def post(self, request):
        serializer = s.SwapCreateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        on_rota = RotaEntry.objects.select_related("shift")
        entry = _found(RotaEntry, data["entry"], "entry", _("No such shift on the rota."), on_rota)
        counterpart = _found(User, data["counterpart"], "counterpart", _("No such member of staff."))
        other = _found(
            RotaEntry, data["counterpart_entry"], "counterpart_entry", _("No such shift on the rota."), on_rota
        )
        swap = services.swap_request(
            entry=entry, actor=request.user, counterpart=counterpart, counterpart_entry=other, reason=data["reason"]
        )
        return _swap_payload(swap.pk, status_code=status.HTTP_201_CREATED)


class _SwapStepView(IdempotentMixin, APIView):
    permission_classes = [ActionPermission]
    input_class: type[s.NoteInput] | None = None

    def step(self, *, swap: SwapRequest, actor, note: str) -> SwapRequest:
        raise NotImplementedError

    def post(self, request, pk: int):
        swap = access_or_404(request.user, VIEW_SWAP, _swaps(), pk=pk)
        note = ""
        if self.input_class is not None:
            serializer = self.input_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            note = serializer.validated_data["note"]
        self.step(swap=swap, actor=request.user, note=note)
        return _swap_payload(swap.pk)


class SwapApproveView(_SwapStepView):
    """A lead approves: the agents change places on the rota now (the overlaps checked again). 403 no lead or one's
    own swap, 400 an overlap, 409 decided already."""

    required_perms = {"POST": APPROVE_SWAP}
    input_class = s.NoteInput

    @extend_schema(operation_id="duty_swap_approve", request=s.NoteInput, responses=s.SwapOut)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def step(self, *, swap, actor, note):
        return services.swap_decide(swap=swap, actor=actor, approve=True, note=note)


class SwapRefuseView(_SwapStepView):
    required_perms = {"POST": APPROVE_SWAP}
    input_class = s.NoteInput

    @extend_schema(operation_id="duty_swap_refuse", request=s.NoteInput, responses=s.SwapOut)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def step(self, *, swap, actor, note):
        return services.swap_decide(swap=swap, actor=actor, approve=False, note=note)


class SwapWithdrawView(_SwapStepView):
    """The person who asked withdraws a swap still waiting (403 anyone else, 409 decided already)."""

    required_perms = {"POST": ADD_SWAP}

    @extend_schema(operation_id="duty_swap_withdraw", request=None, responses=s.SwapOut)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def step(self, *, swap, actor, note):
        return services.swap_withdraw(swap=swap, actor=actor)


# --- handovers -----------------------------------------------------------------------------------------------------


def _handovers() -> QuerySet[Handover]:
    return Handover.objects.select_related("shift", "outgoing", "incoming", "lead")


def _handover_payload(handover_id: int, *, status_code: int = status.HTTP_200_OK) -> Response:
    handover = _handovers().prefetch_related(
        Prefetch(
            "items",
            queryset=HandoverItem.objects.select_related("ticket", "complaint").order_by("-important", "due_at", "id"),
            to_attr="item_list",
        )
    )
    return Response(s.HandoverDetailOut(handover.get(pk=handover_id)).data, status=status_code)


def _handover_of(request, pk: int) -> Handover:
    return access_or_404(request.user, VIEW_HANDOVER, _handovers(), pk=pk)


class HandoverListCreateView(IdempotentMixin, APIView):
    """`GET duty/handovers/`: the handovers the user may see (secret 机密: one's own, a lead's team's, all for the
    supervisor); `POST`: the outgoing agent starts one, its items read from the records."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW_HANDOVER, "POST": ADD_HANDOVER}

    @extend_schema(parameters=openapi_parameters(HandoverFilter), responses=s.HandoverOut(many=True))
    def get(self, request):
        filterset = HandoverFilter(
            request.query_params, queryset=scope(request.user, _handovers(), VIEW_HANDOVER), request=request
        )
        return _page(request, self, filterset.qs_or_400(), s.HandoverOut)

    @extend_schema(
        operation_id="duty_handover_start",
        request=s.HandoverCreateInput,
        responses={201: s.HandoverDetailOut},
        description="Start the handover of one's shift (the one on the rota now, or `day` and `shift`) to the "
        "colleague taking over. The follow-ups are read from the records: tickets waiting for dispatch, open "
        "complaints, replies promised and callbacks appointed before the next shift ends, open incidents. 400 per "
        "field, 409 started already.",
    )
    def post(self, request):
        serializer = s.HandoverCreateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        incoming = _found(User, data["incoming"], "incoming", _("No such member of staff."))
        shift = _found(Shift, data["shift"], "shift", _("No such shift."))
        handover = services.handover_start(actor=request.user, incoming=incoming, day=data["day"], shift=shift)
        return _handover_payload(handover.pk, status_code=status.HTTP_201_CREATED)


class HandoverDetailView(IdempotentMixin, APIView):
    """`GET duty/handovers/{id}/` with its items; `PATCH`: the outgoing agent's equipment check and notes (until they
    sign: 409 after)."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW_HANDOVER, "PATCH": ADD_HANDOVER}

    @extend_schema(responses=s.HandoverDetailOut)
    def get(self, request, pk: int):
        return _handover_payload(_handover_of(request, pk).pk)

    @extend_schema(operation_id="duty_handover_update", request=s.HandoverUpdateInput, responses=s.HandoverDetailOut)
    def patch(self, request, pk: int):
        handover = _handover_of(request, pk)
        serializer = s.HandoverUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.handover_update(
            handover=handover,
            actor=request.user,
            equipment_checked=data.get("equipment_checked", handover.equipment_checked),
            equipment_notes=data.get("equipment_notes", handover.equipment_notes),
            notes=data.get("notes", handover.notes),
        )
        return _handover_payload(handover.pk)


class HandoverItemView(IdempotentMixin, APIView):
    """`PATCH duty/handovers/{id}/items/{item}/`: the outgoing agent marks an item dealt with, with a note."""

    permission_classes = [ActionPermission]
    required_perms = {"PATCH": ADD_HANDOVER}

    @extend_schema(
        operation_id="duty_handover_item_update", request=s.HandoverItemUpdateInput, responses=s.HandoverDetailOut
    )
    def patch(self, request, pk: int, item_id: int):
        handover = _handover_of(request, pk)
        item = HandoverItem.objects.filter(pk=item_id, handover=handover).first()
        if item is None:
            raise Http404
        serializer = s.HandoverItemUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.handover_item_update(
            item=item,
            actor=request.user,
            dealt_with=data.get("dealt_with", item.dealt_with),
            note=data.get("note", item.note),
        )
        return _handover_payload(handover.pk)


class HandoverSignView(IdempotentMixin, APIView):
    """`POST duty/handovers/{id}/sign/`: the outgoing agent signs first (with the equipment checked), then the
    incoming one; with an important item still open the lead signs too, with a note. 409 signed already or the
    incoming agent first, 403 a third person."""

    permission_classes = [ActionPermission]
    required_perms = {"POST": VIEW_HANDOVER}  # the service says who signs: the two agents, or their lead

    @extend_schema(operation_id="duty_handover_sign", request=s.NoteInput, responses=s.HandoverDetailOut)
    def post(self, request, pk: int):
        handover = _handover_of(request, pk)
        serializer = s.NoteInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.handover_sign(handover=handover, actor=request.user, note=serializer.validated_data["note"])
        return _handover_payload(handover.pk)


# --- the duty log -------------------------------------------------------------------------------------------------


def _log_day(request, value: str) -> date:
    """The day in the path, for a user cleared to read duty logs (secret 机密); 404 for anything else."""
    try:
        day = parse_date(value) if len(value) == 10 else None
    except ValueError:
        day = None
    if day is None or not s.FIRST_YEAR <= day.year <= s.LAST_YEAR or not may(request.user, VIEW_LOG, DutyLog(day=day)):
        raise Http404
    return day


def _log_payload(day: date, *, status_code: int = status.HTTP_200_OK) -> Response:
    log = (
        DutyLog.objects.select_related("signed_by")
        .prefetch_related(
            Prefetch("entries", queryset=DutyLogEntry.objects.select_related("author").order_by("at", "id")),
            Prefetch("checks", queryset=DutyLogCheck.objects.select_related("checked_by").order_by("checked_at", "id")),
        )
        .filter(day=day)
        .first()
    )
    if log is None:
        if day > timezone.localdate():
            raise Http404
        # nobody has written in it yet
        data = {"day": day, "signed_by": None, "signed_at": None, "summary": "", "entries": [], "checks": []}
    else:
        data = {
            "day": log.day,
            "signed_by": log.signed_by,
            "signed_at": log.signed_at,
            "summary": log.summary,
            "entries": log.entries.all(),
            "checks": log.checks.all(),
        }
    return Response(s.DutyLogDetailOut(data).data, status=status_code)


class DutyLogListView(APIView):
    """`GET duty/logs/`: the days' logs with their counts of entries and checks (for cleared roles only)."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW_LOG}

    @extend_schema(parameters=openapi_parameters(DutyLogFilter), responses=s.DutyLogOut(many=True))
    def get(self, request):
        logs = DutyLog.objects.select_related("signed_by").annotate(
            entry_count=Count("entries", distinct=True), check_count=Count("checks", distinct=True)
        )
        filterset = DutyLogFilter(request.query_params, queryset=scope(request.user, logs, VIEW_LOG), request=request)
        return _page(request, self, filterset.qs_or_400(), s.DutyLogOut)


class DutyLogDetailView(APIView):
    """`GET duty/logs/{YYYY-MM-DD}/`: the day's entries, the lead's signature and the supervisors' checks (a day
    nobody wrote in yet is empty; a day to come is not found)."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW_LOG}

    @extend_schema(responses=s.DutyLogDetailOut)
    def get(self, request, day: str):
        return _log_payload(_log_day(request, day))


class DutyLogEntryView(IdempotentMixin, APIView):
    """`POST duty/logs/{day}/entries/`: a line in the day's log (409 once the lead signed it)."""

    permission_classes = [ActionPermission]
    required_perms = {"POST": WRITE_LOG}

    @extend_schema(operation_id="duty_log_write", request=s.LogEntryInput, responses={201: s.DutyLogDetailOut})
    def post(self, request, day: str):
        when = _log_day(request, day)
        serializer = s.LogEntryInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.duty_log_write(actor=request.user, text=serializer.validated_data["text"], day=when)
        return _log_payload(when, status_code=status.HTTP_201_CREATED)


class DutyLogSignView(IdempotentMixin, APIView):
    """`POST duty/logs/{day}/sign/`: the lead signs the day's log, once (409 after)."""

    permission_classes = [ActionPermission]
    required_perms = {"POST": SIGN_LOG}

    @extend_schema(operation_id="duty_log_sign", request=s.LogSignInput, responses=s.DutyLogDetailOut)
    def post(self, request, day: str):
        when = _log_day(request, day)
        serializer = s.LogSignInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.duty_log_sign(day=when, actor=request.user, summary=serializer.validated_data["summary"])
        return _log_payload(when)


class DutyLogCheckView(IdempotentMixin, APIView):
    """`POST duty/logs/{day}/check/`: a supervisor's check of a day's log with the findings, once each (409 after);
    a day with no log is not found."""

    permission_classes = [ActionPermission]
    required_perms = {"POST": CHECK_LOG}

    @extend_schema(operation_id="duty_log_check", request=s.LogCheckInput, responses={201: s.DutyLogDetailOut})
    def post(self, request, day: str):
        when = _log_day(request, day)
        log = access_or_404(request.user, VIEW_LOG, DutyLog.objects.all(), day=when)
        serializer = s.LogCheckInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.duty_log_check(log=log, actor=request.user, findings=serializer.validated_data["findings"])
        return _log_payload(when, status_code=status.HTTP_201_CREATED)


class DutyLogCoverageView(APIView):
    """`GET duty/logs/coverage/?month=YYYY-MM`: the month's logs, how many a supervisor checked, against the share
    to check (seed 003: 20 %)."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW_LOG}

    @extend_schema(parameters=[MONTH_PARAMETER], responses=s.LogCoverageOut)
    def get(self, request):
        month = _month(request.query_params.get("month", ""))
        if not may(request.user, VIEW_LOG, DutyLog(day=month)):
            raise PermissionDenied(_("Duty logs are secret: your role is not cleared to see them."))
        return Response(s.LogCoverageOut({"month": f"{month:%Y-%m}", **selectors.log_coverage(month=month)}).data)


# --- incidents -----------------------------------------------------------------------------------------------------


def _incidents() -> QuerySet[Incident]:
    return Incident.objects.select_related("reported_by", "closed_by", "outage")


def _numbers(rows: Iterable) -> list[str]:
    return [row.number for row in rows]


def _incident_payload(incident_id: int, *, status_code: int = status.HTTP_200_OK) -> Response:
    incident = (
        _incidents()
        .prefetch_related(
            Prefetch(
                "notices",
                queryset=IncidentNotice.objects.select_related("recorded_by").order_by("at", "id"),
                to_attr="notice_list",
            ),
            "tickets",
            "complaints",
        )
        .get(pk=incident_id)
    )
    incident.ticket_numbers = sorted(_numbers(incident.tickets.all()))
    incident.complaint_numbers = sorted(_numbers(incident.complaints.all()))
    return Response(s.IncidentDetailOut(incident).data, status=status_code)


def _incident_of(request, pk: int) -> Incident:
    return access_or_404(request.user, VIEW_INCIDENT, _incidents(), pk=pk)


class IncidentListCreateView(IdempotentMixin, APIView):
    """`GET duty/incidents/`; `POST`: whoever is on duty records one at once (a mass complaint may name the area
    outage: its tickets and the complaints from their callers are linked)."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW_INCIDENT, "POST": ADD_INCIDENT}

    @extend_schema(parameters=openapi_parameters(IncidentFilter), responses=s.IncidentOut(many=True))
    def get(self, request):
        filterset = IncidentFilter(
            request.query_params, queryset=scope(request.user, _incidents(), VIEW_INCIDENT), request=request
        )
        return _page(request, self, filterset.qs_or_400(), s.IncidentOut)

    @extend_schema(
        operation_id="duty_incident_report",
        request=s.IncidentCreateInput,
        responses={201: s.IncidentDetailOut},
        description="Record an incident (seed 000): kind, title, when it started, what happened, what was done. 400 "
        "per field: an unknown kind, no title or description, a start to come, an outage named for anything but a "
        "mass complaint.",
    )
    def post(self, request):
        serializer = s.IncidentCreateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["outage"] = _found(Outage, data["outage"], "outage", _("No such area outage."))
        incident = services.incident_report(actor=request.user, **data)
        return _incident_payload(incident.pk, status_code=status.HTTP_201_CREATED)


class IncidentDetailView(IdempotentMixin, APIView):
    """`GET duty/incidents/{id}/` with its notices and linked tickets and complaints; `PATCH`: what was done, the
    fault report, the post-incident report, the end (409 once closed)."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW_INCIDENT, "PATCH": ADD_INCIDENT}  # the service says who: its reporter or a lead

    @extend_schema(responses=s.IncidentDetailOut)
    def get(self, request, pk: int):
        return _incident_payload(_incident_of(request, pk).pk)

    @extend_schema(operation_id="duty_incident_update", request=s.IncidentUpdateInput, responses=s.IncidentDetailOut)
    def patch(self, request, pk: int):
        incident = _incident_of(request, pk)
        serializer = s.IncidentUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.incident_update(incident=incident, actor=request.user, **serializer.validated_data)
        return _incident_payload(incident.pk)


class IncidentNoticeView(IdempotentMixin, APIView):
    """`POST duty/incidents/{id}/notices/`: who was told, how and when."""

    permission_classes = [ActionPermission]
    required_perms = {"POST": ADD_INCIDENT}

    @extend_schema(operation_id="duty_incident_notice", request=s.NoticeInput, responses={201: s.IncidentDetailOut})
    def post(self, request, pk: int):
        incident = _incident_of(request, pk)
        serializer = s.NoticeInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.incident_notice(incident=incident, actor=request.user, **serializer.validated_data)
        return _incident_payload(incident.pk, status_code=status.HTTP_201_CREATED)


class IncidentCloseView(IdempotentMixin, APIView):
    """`POST duty/incidents/{id}/close/`: a lead or the supervisor closes it — only with its end and the post-incident
    report (400 naming `losses`, `cause`, `responsibility`, `ended_at` as missing); 409 closed already."""

    permission_classes = [ActionPermission]
    required_perms = {"POST": MANAGE_INCIDENT}

    @extend_schema(operation_id="duty_incident_close", request=None, responses=s.IncidentDetailOut)
    def post(self, request, pk: int):
        incident = _incident_of(request, pk)
        services.incident_close(incident=incident, actor=request.user)
        return _incident_payload(incident.pk)
