"""Complaints over the API (SPEC §7): register, list, detail by number, every workflow action, public status."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from complaints import selectors, services, workflow
from complaints.actions import ACTION_SPECS, run_action
from complaints.api import serializers as s
from complaints.filters import ComplaintFilter
from complaints.models import Complaint
from complaints.services import complaint_register
from complaints.throttles import STATUS_THROTTLES
from csc import periods
from csc.api import IdempotentMixin
from csc.filters import openapi_parameters
from csc.http import in_customers_language
from csc.pagination import NoCountPagination
from csc.permissions import ActionPermission, access_or_404

VIEW = "complaints.view_complaint"


class _BodyLimitMixin:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE (e.g. a 10 MB description) is a JSON 400, never an HTML page or 500."""

    def dispatch(self, request, *args, **kwargs):
        try:
            request.body  # noqa: B018
        except RequestDataTooBig:
            return JsonResponse({"detail": _("The request is too large.")}, status=400)
        return super().dispatch(request, *args, **kwargs)


def _detail_payload(request, complaint: Complaint) -> dict:
    complaint = selectors.complaint_detail(pk=complaint.pk)
    actions = [a.name for a in workflow.MACHINE.available(complaint, request.user)]
    data = s.ComplaintDetailOut(complaint, context={"now": timezone.now(), "actions": actions}).data
    data["timeline"] = s.EntryOut(selectors.timeline(complaint), many=True).data
    if services.complainant_disclose(user=request.user, complaint=complaint, channel="api"):
        data["complainant"], data["complainant_phone"] = complaint.complainant_name, complaint.complainant_phone
    return data


class ComplaintListCreateView(_BodyLimitMixin, IdempotentMixin, APIView):
    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW, "POST": "complaints.add_complaint"}

    @extend_schema(parameters=openapi_parameters(ComplaintFilter), responses=s.ComplaintListOut(many=True))
    def get(self, request):
        filterset = ComplaintFilter(request.query_params, queryset=selectors.complaints_for_list(user=request.user))
        queryset = filterset.qs_or_400()
        paginator = NoCountPagination()
        rows = paginator.paginate_queryset(queryset, request)
        return paginator.get_paginated_response(
            s.ComplaintListOut(rows, many=True, context={"now": timezone.now()}).data
        )

    @extend_schema(request=s.ComplaintRegisterSerializer, responses={201: s.ComplaintCreatedOut})
    def post(self, request):
        serializer = s.ComplaintRegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        complaint = complaint_register(actor=request.user, **serializer.validated_data)
        return Response(s.ComplaintCreatedOut(complaint).data, status=status.HTTP_201_CREATED)


class ComplaintDetailView(APIView):
    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW}

    @extend_schema(responses=s.ComplaintDetailOut)
    def get(self, request, number: str):
        complaint = access_or_404(request.user, VIEW, Complaint.objects.all(), number=number)
        return Response(_detail_payload(request, complaint))


class ComplaintActionView(_BodyLimitMixin, IdempotentMixin, APIView):
    """`POST complaints/{number}/{action}/`: one workflow action; 409 when the state does not allow it."""

    permission_classes = [ActionPermission]
    required_perms = {"POST": VIEW}

    @extend_schema(
        operation_id="complaint_action",
        request=None,
        responses=s.ComplaintDetailOut,
        description="Actions: " + ", ".join(ACTION_SPECS) + ". The body is the action's input (see the README).",
    )
    def post(self, request, number: str, action: str):
        if action not in ACTION_SPECS:
            return Response({"detail": _("Unknown action: %(name)s.") % {"name": action[:40]}}, status=404)
        complaint = access_or_404(request.user, VIEW, Complaint.objects.all(), number=number)
        result = run_action(action, complaint=complaint, actor=request.user, data=request.data)
        code = status.HTTP_201_CREATED if ACTION_SPECS[action].creates else status.HTTP_200_OK
        return Response(_detail_payload(request, result), status=code)


@extend_schema(
    parameters=[OpenApiParameter("number", str, required=True), OpenApiParameter("phone", str, required=True)],
    responses={200: s.PublicStatusOut},
)
@method_decorator(in_customers_language, name="dispatch")
class PublicStatusView(APIView):
    """C-13, for the IVR: status and next promised reply time. "No such number" and "wrong phone" look the same."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = STATUS_THROTTLES

    def get(self, request):
        complaint = selectors.public_status(
            number=request.query_params.get("number", "").strip()[:16], phone=request.query_params.get("phone", "")[:30]
        )
        if complaint is None:
            return Response({"detail": _("No complaint matches this number and phone.")}, status=404)
        return Response(s.PublicStatusOut(complaint).data)


class StatisticsView(APIView):
    """C-11: the monthly statistics as JSON (`?month=YYYY-MM`, default the previous month)."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": "complaints.view_complaint_statistics"}

    @extend_schema(parameters=[OpenApiParameter("month", str, description="YYYY-MM")], responses=dict)
    def get(self, request):
        year, month = month_param(request.query_params.get("month", ""))
        return Response(selectors.monthly_statistics(year=year, month=month))


def month_param(value: str) -> tuple[int, int]:
    """`?month=YYYY-MM` (default the previous month), or a 400 naming the parameter."""
    try:
        return periods.parse_month(value)
    except ValueError:
        raise ValidationError({"month": [_("Give the month as YYYY-MM.")]}) from None
