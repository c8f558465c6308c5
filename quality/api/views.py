"""Recording spot checks 录音抽查 and the monthly appraisal 月考核 over the API (SPEC §7, K-4, K-8).

Thin views: an input serializer, one service call, an output serializer. Lists start from their selector (scoped to
the user) and filter through the list's FilterSet, as the pages do; a missing object and one the user may not see are
both 404. A refusal by a service keeps its reason: 400 per field (a deduction above the item's points names the
item), 403 (scoring one's own call, acknowledging someone else's check), 409 (no recording, a month closed already).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from callcenter.models import Call
from csc import periods
from csc.api import IdempotentMixin
from csc.filters import openapi_parameters
from csc.pagination import PageNumberPagination
from csc.permissions import ActionPermission, access_or_404
from quality import selectors, services
from quality.api import serializers as s
from quality.filters import MarkFilter, RecordingGapFilter, SpotCheckFilter, TypingTestFilter
from quality.models import ErrorType, ItemScore, Mark, ScoreItem, ScoreSheet, ScoreSheetVersion, SpotCheck

VIEW_CHECK = "quality.view_spotcheck"
ADD_CHECK = "quality.add_spotcheck"
VIEW_MARK = "quality.view_mark"
MANAGE_MARK = "quality.manage_mark"
VIEW_TYPING = "quality.view_typingtest"
ADD_TYPING = "quality.add_typingtest"
VIEW_SHEETS = "quality.view_scoresheet"
VIEW_APPRAISAL = "quality.view_appraisal"
CLOSE_APPRAISAL = "quality.close_appraisal"
VIEW_GAPS = "quality.view_recording_gaps"
GAP_DAYS = 7  # the recording gaps of the last week, unless asked otherwise
GAP_MAX_DAYS = 366
FIRST_YEAR, LAST_YEAR = 2000, 2999  # months and days outside these are typing errors, not periods to compute


def _page(request, view, queryset, serializer_class) -> Response:
    paginator = PageNumberPagination()
    rows = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(rows, many=True).data)


def _month(value: str, field: str = "month") -> date:
    """`YYYY-MM` (empty: the month before this one), or a 400 naming the field."""
    value = (value or "").strip()
    try:
        if len(value) > 7:
            raise ValueError(value)
        year, month = periods.parse_month(value)
    except ValueError:
        raise ValidationError({field: [_("Give the month as YYYY-MM.")]}) from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError({field: [_("Give the month as YYYY-MM.")]})
    return date(year, month, 1)


def _day(params, field: str, errors: dict) -> date | None:
    value = (params.get(field) or "").strip()
    if not value:
        return None
    try:
        day = parse_date(value[:10]) if len(value) == 10 else None
    except ValueError:
        day = None
    if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
        errors[field] = [_("Not a date (YYYY-MM-DD).")]
        return None
    return day


def _team(params) -> int | None:
    value = (params.get("team") or "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) <= 10 and int(value) >= 1):
        raise ValidationError({"team": [pgettext("quality", "A team is given by its id (a whole number).")]})
    return int(value)


def _types(codes: list[str], field: str) -> list[ErrorType]:
    """The error or praise types of these codes (those in use), or a 400 naming the first unknown code."""
    found = {kind.code: kind for kind in ErrorType.objects.filter(code__in=set(codes), is_active=True)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError(
            {field: [pgettext("quality", "Unknown or retired code: %(code)s.") % {"code": unknown[0][:30]}]}
        )
    return [found[code] for code in codes]


# --- spot checks ---------------------------------------------------------------------------------------------------


def _checks_with_detail(user):
    return selectors.spot_checks_for_list(user=user).prefetch_related(
        Prefetch("scores", queryset=ItemScore.objects.select_related("item").order_by("item__order", "id")),
        Prefetch("marks", queryset=Mark.objects.select_related("error_type").order_by("id")),
    )


def _check_payload(check_id: int, *, status_code: int = status.HTTP_200_OK) -> Response:
    check = (
        SpotCheck.objects.select_related("agent", "checker", "sheet_version__sheet")
        .prefetch_related(
            Prefetch("scores", queryset=ItemScore.objects.select_related("item").order_by("item__order", "id")),
            Prefetch("marks", queryset=Mark.objects.select_related("error_type").order_by("id")),
        )
        .get(pk=check_id)
    )
    return Response(s.SpotCheckDetailOut(check).data, status=status_code)


class SpotCheckListCreateView(IdempotentMixin, APIView):
    """`GET quality/checks/`: the checks the user may see (own, the led team's, or all); `POST`: score a call."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW_CHECK, "POST": ADD_CHECK}

    @extend_schema(parameters=openapi_parameters(SpotCheckFilter), responses=s.SpotCheckOut(many=True))
    def get(self, request):
        filterset = SpotCheckFilter(
            request.query_params, queryset=selectors.spot_checks_for_list(user=request.user), request=request
        )
        return _page(request, self, filterset.qs_or_400(), s.SpotCheckOut)

    @extend_schema(
        operation_id="quality_check_create",
        request=s.SpotCheckCreateInput,
        responses={201: s.SpotCheckDetailOut},
        description=(
            "Score one call's recording on the current version of a score sheet (K-4): the points deducted per item, "
            "the errors found and praise, by code. The first check of a call counts in the agent's appraisal, a "
            "second scorer's is a calibration. 400 per field (a deduction above an item's points names the item), "
            "403 one's own call, 409 no playable recording or already scored by this user."
        ),
    )
    def post(self, request):
        serializer = s.SpotCheckCreateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        call = Call.objects.filter(pk=data["call"]).first()
        sheet = ScoreSheet.objects.filter(pk=data["sheet"]).first()
        errors = {}
        if call is None:
            errors["call"] = [pgettext("quality", "No such call.")]
        if sheet is None:
            errors["sheet"] = [pgettext("quality", "No such score sheet.")]
        if errors:
            raise ValidationError(errors)
        check = services.spot_check_create(
            call=call,
            actor=request.user,
            sheet=sheet,
            deductions=data["deductions"],
            errors=_types(data["errors"], "errors"),
            praise=_types(data["praise"], "praise"),
            problems=data["problems"],
            good_points=data["good_points"],
        )
        return _check_payload(check.pk, status_code=status.HTTP_201_CREATED)


class SpotCheckDetailView(APIView):
    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW_CHECK}

    @extend_schema(responses=s.SpotCheckDetailOut)
    def get(self, request, pk: int):
        check = access_or_404(request.user, VIEW_CHECK, _checks_with_detail(request.user), pk=pk)
        return Response(s.SpotCheckDetailOut(check).data)


class SpotCheckAcknowledgeView(IdempotentMixin, APIView):
    """The checked agent's own confirmation 签字确认, with a remark. Whoever else sees the check is refused with the
    reason (403); a check one may not see is not found."""

    permission_classes = [ActionPermission]
    required_perms = {"POST": VIEW_CHECK}  # the service says who acknowledges: the agent whose call it was

    @extend_schema(operation_id="quality_check_acknowledge", request=s.AcknowledgeInput, responses=s.SpotCheckDetailOut)
    def post(self, request, pk: int):
        check = access_or_404(request.user, VIEW_CHECK, selectors.spot_checks_for_list(user=request.user), pk=pk)
        serializer = s.AcknowledgeInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.spot_check_acknowledge(check=check, actor=request.user, remark=serializer.validated_data["remark"])
        return _check_payload(check.pk)


class CalibrationView(APIView):
    """`GET quality/calls/{call}/calibration/`: every scoring of one call, item by item, with the spreads — for those
    who score, on a call whose checks they see."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": ADD_CHECK}

    @extend_schema(responses=s.CalibrationOut)
    def get(self, request, call_id: int):
        call = Call.objects.filter(pk=call_id).first()
        if call is None or not selectors.spot_checks_visible_to(user=request.user).filter(call=call).exists():
            raise Http404
        return Response(s.CalibrationOut({"call": call.pk, **selectors.calibration(call=call)}).data)


# --- counted errors and praise ---------------------------------------------------------------------------------------


def _mark_payload(mark_id: int, *, status_code: int = status.HTTP_200_OK) -> Response:
    mark = Mark.objects.select_related("agent", "error_type", "recorded_by", "decided_by", "ticket", "spot_check").get(
        pk=mark_id
    )
    return Response(s.MarkOut(mark).data, status=status_code)


class MarkListCreateView(IdempotentMixin, APIView):
    """`GET quality/marks/`: counted errors and praise (own, the led team's, or all); `POST`: a lead records one."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW_MARK, "POST": MANAGE_MARK}

    @extend_schema(parameters=openapi_parameters(MarkFilter), responses=s.MarkOut(many=True))
    def get(self, request):
        filterset = MarkFilter(
            request.query_params, queryset=selectors.marks_for_list(user=request.user), request=request
        )
        return _page(request, self, filterset.qs_or_400(), s.MarkOut)

    @extend_schema(
        operation_id="quality_mark_create",
        request=s.MarkCreateInput,
        responses={201: s.MarkOut},
        description="Count an error or a praise against an agent by hand (K-4, K-8). 400 per field: not an agent, "
        "a code not in use, no reason, a day to come or in a closed month.",
    )
    def post(self, request):
        serializer = s.MarkCreateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        agent = User.objects.filter(pk=data["agent"]).first()
        if agent is None:
            raise ValidationError({"agent": [_("Choose an agent.")]})
        (error_type,) = _types([data["error_type"]], "error_type")
        mark = services.mark_record(
            agent=agent,
            error_type=error_type,
            occurred_on=data["occurred_on"],
            reason=data["reason"],
            actor=request.user,
        )
        return _mark_payload(mark.pk, status_code=status.HTTP_201_CREATED)


class _MarkDecisionView(IdempotentMixin, APIView):
    permission_classes = [ActionPermission]
    required_perms = {"POST": MANAGE_MARK}

    def decide(self, *, mark: Mark, actor, reason: str) -> Mark:
        raise NotImplementedError

    def post(self, request, pk: int):
        mark = access_or_404(request.user, MANAGE_MARK, selectors.marks_for_list(user=request.user), pk=pk)
        serializer = s.DecisionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.decide(mark=mark, actor=request.user, reason=serializer.validated_data["reason"])
        return _mark_payload(mark.pk)


class MarkConfirmView(_MarkDecisionView):
    """A lead confirms a proposed mark (a station's rejection that was the agent's wrong station); 409 once decided."""

    @extend_schema(operation_id="quality_mark_confirm", request=s.DecisionInput, responses=s.MarkOut)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def decide(self, *, mark: Mark, actor, reason: str) -> Mark:
        return services.mark_confirm(mark=mark, actor=actor, reason=reason)


class MarkWaiveView(_MarkDecisionView):
    """A lead waives a mark with the reason (400 without one); in a closed month it shows as an adjustment in the
    next month's appraisal. 409 when waived already."""

    @extend_schema(operation_id="quality_mark_waive", request=s.DecisionInput, responses=s.MarkOut)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def decide(self, *, mark: Mark, actor, reason: str) -> Mark:
        return services.mark_waive(mark=mark, actor=actor, reason=reason)


# --- typing tests ------------------------------------------------------------------------------------------------


class TypingTestListCreateView(IdempotentMixin, APIView):
    """`GET quality/typing-tests/`; `POST`: a lead records one (seed 004 打字速度测试)."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW_TYPING, "POST": ADD_TYPING}

    @extend_schema(parameters=openapi_parameters(TypingTestFilter), responses=s.TypingTestOut(many=True))
    def get(self, request):
        filterset = TypingTestFilter(
            request.query_params, queryset=selectors.typing_tests_for_list(user=request.user), request=request
        )
        return _page(request, self, filterset.qs_or_400(), s.TypingTestOut)

    @extend_schema(
        operation_id="quality_typing_test_create", request=s.TypingTestCreateInput, responses={201: s.TypingTestOut}
    )
    def post(self, request):
        serializer = s.TypingTestCreateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        agent = User.objects.filter(pk=data.pop("agent")).first()
        if agent is None:
            raise ValidationError({"agent": [_("Choose an agent.")]})
        test = services.typing_test_record(agent=agent, actor=request.user, **data)
        test = selectors.typing_tests_for_list(user=request.user).filter(pk=test.pk).first() or test
        return Response(s.TypingTestOut(test).data, status=status.HTTP_201_CREATED)


# --- the vocabulary: score sheets and error types ---------------------------------------------------------------


class ScoreSheetListView(APIView):
    """`GET quality/score-sheets/`: the sheets in use, each with its current version's items. Three queries."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW_SHEETS}

    @extend_schema(responses=s.ScoreSheetOut(many=True))
    def get(self, request):
        newest = ScoreSheetVersion.objects.filter(sheet=OuterRef("pk")).order_by("-number").values("pk")[:1]
        sheets = list(ScoreSheet.objects.filter(is_active=True).annotate(current_id=Subquery(newest)))
        versions = ScoreSheetVersion.objects.filter(pk__in=[sheet.current_id for sheet in sheets]).prefetch_related(
            Prefetch(
                "items", queryset=ScoreItem.objects.select_related("error_type").order_by("order"), to_attr="item_list"
            )
        )
        current = {version.pk: version for version in versions}
        for sheet in sheets:
            sheet.current = current.get(sheet.current_id)
        return Response(s.ScoreSheetOut([sheet for sheet in sheets if sheet.current], many=True).data)


class ErrorTypeListView(APIView):
    """`GET quality/error-types/`: the codes of counted errors and praise, their amounts, and whether in use."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW_CHECK}

    @extend_schema(responses=s.ErrorTypeOut(many=True))
    def get(self, request):
        return Response(s.ErrorTypeOut(ErrorType.objects.order_by("kind", "order", "id"), many=True).data)


# --- the monthly appraisal (K-8) --------------------------------------------------------------------------------------


class AppraisalView(APIView):
    """`GET quality/appraisal/?month=YYYY-MM&team=`: one line per agent the user may see — frozen for a closed month,
    computed from the records for an open one (with the changes to the closed month before as adjustments)."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW_APPRAISAL}

    @extend_schema(
        parameters=[
            OpenApiParameter("month", str, description="YYYY-MM (default: the month before this one)"),
            OpenApiParameter("team", int, description="one team's agents"),
        ],
        responses=s.AppraisalOut,
    )
    def get(self, request):
        month = _month(request.query_params.get("month", ""))
        team = _team(request.query_params)
        result = selectors.appraisal(month=month, user=request.user, team=team)
        closed = result.closed
        data = {
            "month": f"{result.month:%Y-%m}",
            "state": "closed" if closed else "open",
            "closed_at": closed.closed_at if closed else None,
            "closed_by": closed.closed_by if closed else None,
            "previous_closed": result.previous_closed,
            "error_types": result.error_types,
            "praise_types": result.praise_types,
            "lines": [{**line.as_json(), "net_amount": line.net_amount} for line in result.lines],
        }
        return Response(s.AppraisalOut(data).data)


class AppraisalCloseView(IdempotentMixin, APIView):
    """`POST quality/appraisal/close/ {"month": "YYYY-MM"}`: the supervisor closes an ended month; every agent's row
    is frozen. 409 for a month not ended yet or closed already."""

    permission_classes = [ActionPermission]
    required_perms = {"POST": CLOSE_APPRAISAL}

    @extend_schema(
        operation_id="quality_appraisal_close", request=s.AppraisalCloseInput, responses={201: s.AppraisalClosedOut}
    )
    def post(self, request):
        serializer = s.AppraisalCloseInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        text = serializer.validated_data["month"]
        if not text.strip():
            raise ValidationError({"month": [_("Give the month as YYYY-MM.")]})
        closed = services.appraisal_close(month=_month(text), actor=request.user)
        data = {
            "month": f"{closed.month:%Y-%m}",
            "closed_at": closed.closed_at,
            "closed_by": closed.closed_by,
            "rows": closed.rows.count(),
        }
        return Response(s.AppraisalClosedOut(data).data, status=status.HTTP_201_CREATED)


# --- calls without a recording -------------------------------------------------------------------------------------


class RecordingGapListView(APIView):
    """`GET quality/recording-gaps/?date_from=&date_to=`: answered calls with no playable recording (default: the
    last seven days; at most a year at a time), filtered by agent or team."""

    permission_classes = [ActionPermission]
    required_perms = {"GET": VIEW_GAPS}

    @extend_schema(
        parameters=[
            OpenApiParameter("date_from", str, description="YYYY-MM-DD (default: six days before date_to)"),
            OpenApiParameter("date_to", str, description="YYYY-MM-DD (default: today)"),
            *openapi_parameters(RecordingGapFilter),
        ],
        responses=s.RecordingGapOut(many=True),
    )
    def get(self, request):
        errors: dict[str, list[str]] = {}
        first = _day(request.query_params, "date_from", errors)
        last = _day(request.query_params, "date_to", errors)
        if errors:
            raise ValidationError(errors)
        last = last or timezone.localdate()
        first = first or last - timedelta(days=GAP_DAYS - 1)
        if first > last:
            raise ValidationError({"date_from": [pgettext("quality", "The first day comes after the last.")]})
        if (last - first).days >= GAP_MAX_DAYS:
            raise ValidationError({"date_to": [pgettext("quality", "Ask for at most a year at a time.")]})
        filterset = RecordingGapFilter(
            request.query_params, queryset=selectors.recording_gaps(first=first, last=last), request=request
        )
        return _page(request, self, filterset.qs_or_400(), s.RecordingGapOut)
