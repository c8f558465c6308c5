"""Complaints over the API (SPEC §7): register, list, detail by number, every workflow action, public status."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from complaints import selectors, services, workflow
from complaints.actions import ACTION_SPECS, run_action
from complaints.api import serializers as s
from complaints.models import Complaint
from complaints.services import complaint_register
from csc.api import IdempotentMixin
from csc.permissions import ActionPermission, access_or_404
from csc.throttling import CacheSafeThrottleMixin

VIEW = "complaints.view_complaint"


class _BodyLimitMixin:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE (e.g. a 10 MB description) is a JSON 400, never an HTML page or 500."""

    def dispatch(self, request, *args, **kwargs):
        try:
            request.body  # noqa: B018
        except RequestDataTooBig:
            return JsonResponse({"detail": _("The request is too large.")}, status=400)
        return super().dispatch(request, *args, **kwargs)


class NoCountPagination(BasePagination):
    """Page-number pagination that never counts the table: constant time on a million complaints."""

    page_size = 50

    def paginate(self, request, queryset):
        try:
            self.page = max(int(request.query_params.get("page", 1)), 1)
            self.size = min(max(int(request.query_params.get("page_size", self.page_size)), 1), 200)
        except ValueError:
            raise ValidationError({"page": [_("A page number is a positive whole number.")]}) from None
        offset = (self.page - 1) * self.size
        rows = list(queryset[offset : offset + self.size + 1])
        self.has_next = len(rows) > self.size
        self.request = request
        return rows[: self.size]

    def response(self, data):
        url = self.request.build_absolute_uri

        def link(page):
            params = self.request.query_params.copy()
            params["page"] = page
            return url(f"{self.request.path}?{params.urlencode()}")

        return Response(
            {
                "next": link(self.page + 1) if self.has_next else None,
                "previous": link(self.page - 1) if self.page > 1 else None,
                "results": data,
            }
        )


def _filters(query_params) -> selectors.ComplaintFilters:
    serializer = s.ListFilterInput(data=query_params)
    serializer.is_valid(raise_exception=True)
    return selectors.ComplaintFilters(**serializer.validated_data)


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

    @extend_schema(parameters=[s.ListFilterInput], responses=s.ComplaintListOut(many=True))
    def get(self, request):
        queryset = selectors.complaints_list(user=request.user, filters=_filters(request.query_params))
        paginator = NoCountPagination()
        rows = paginator.paginate(request, queryset)
        return paginator.response(s.ComplaintListOut(rows, many=True, context={"now": timezone.now()}).data)

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


class StatusIpThrottle(CacheSafeThrottleMixin, SimpleRateThrottle):
    scope = "complaint_status"

    def get_rate(self):
        return settings.COMPLAINT_STATUS_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class StatusNumberThrottle(CacheSafeThrottleMixin, SimpleRateThrottle):
    """Guessing phones for one number is slowed whatever the caller's address. Both status limits refuse while
    the cache is down (csc/throttling.py)."""

    scope = "complaint_status_number"

    def get_rate(self):
        return settings.COMPLAINT_STATUS_PER_NUMBER_RATE

    def get_cache_key(self, request, view):
        number = "".join(ch for ch in request.query_params.get("number", "")[:16] if ch.isdigit())
        return self.cache_format % {"scope": self.scope, "ident": number or "none"}


@extend_schema(
    parameters=[OpenApiParameter("number", str, required=True), OpenApiParameter("phone", str, required=True)],
    responses={200: s.PublicStatusOut},
)
class PublicStatusView(APIView):
    """C-13, for the IVR: status and next promised reply time. "No such number" and "wrong phone" look the same."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [StatusIpThrottle, StatusNumberThrottle]

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
        year, month = parse_month(request.query_params.get("month", ""))
        return Response(selectors.monthly_statistics(year=year, month=month))


def previous_month(today: date | None = None) -> tuple[int, int]:
    today = today or timezone.localdate()
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def parse_month(value: str) -> tuple[int, int]:
    if not value:
        return previous_month()
    try:
        year, month = (int(part) for part in value.split("-"))
        date(year, month, 1)
    except ValueError:
        raise ValidationError({"month": [_("Give the month as YYYY-MM.")]}) from None
    return year, month
