"""GET api/v1/reports/<kind>/?date=YYYY-MM-DD: the live report as JSON (SPEC §7), or an archived version."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from csc.permissions import ActionPermission
from reports import selectors
from reports.forms import ReportDateForm
from reports.models import ReportKind, ReportSnapshot


class ReportQuerySerializer(serializers.Serializer):
    date = serializers.CharField(required=False)
    version = serializers.IntegerField(required=False, min_value=1)


class ReportView(APIView):
    permission_classes = [ActionPermission]
    required_perms = {"GET": "reports.view_report"}

    @extend_schema(
        parameters=[
            OpenApiParameter("date", OpenApiTypes.DATE, description="the day (default: yesterday for daily)"),
            OpenApiParameter("version", int, description="an archived version instead of the live figures"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request, kind: str = ReportKind.DAILY):
        if kind not in ReportKind.values:
            raise NotFound
        query = ReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        form = ReportDateForm(
            {
                "date": query.validated_data.get("date")
                or selectors.previous_period_day(kind, timezone.localdate()).isoformat()
            }
        )
        if not form.is_valid():
            raise ValidationError({"date": form.errors["date"]})
        day = form.cleaned_data["date"]
        version = query.validated_data.get("version")
        if version is None:
            return Response(selectors.BUILDERS[kind](day=day))
        start, _end = selectors.PERIOD_OF[kind](day)
        snapshot = ReportSnapshot.objects.filter(kind=kind, period_start=start, version=version).first()
        if snapshot is None:
            raise NotFound
        return Response(
            {
                **snapshot.data,
                "snapshot": {
                    "version": snapshot.version,
                    "checksum": snapshot.checksum,
                    "built_at": snapshot.created_at,
                },
            }
        )
