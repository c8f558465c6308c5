"""Customer records and the compliance registers over the API (P-1 … P-4, X-3). Thin: input serializer → one
service → output serializer; permissions through csc.permissions.ActionPermission.
"""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from compliance.api.serializers import (
    AccessLogEntrySerializer,
    CustomerCreateSerializer,
    CustomerDetailSerializer,
    CustomerListSerializer,
    DisclosureCreateSerializer,
    DisclosureSerializer,
    EnforcementActionSerializer,
    EnforcementCreateSerializer,
    EnforcementSerializer,
    LoanActionSerializer,
    LoanCreateSerializer,
    LoanSerializer,
    VerificationResultSerializer,
    VerifyPasswordSerializer,
)
from compliance.filters import AccessLogFilter, CustomerFilter, EnforcementFilter, LoanFilter
from compliance.models import AccessChannel, AccessLogEntry, ArchiveLoan, EnforcementRequest
from compliance.selectors import (
    access_log_visible_to,
    customers_visible_to,
    enforcement_requests_visible_to,
    loans_visible_to,
)
from compliance.services import (
    access_log_record,
    archive_loan_act,
    archive_loan_register,
    customer_disclose,
    disclosure_record,
    enforcement_request_approve,
    enforcement_request_fulfil,
    enforcement_request_register,
    enforcement_request_reject,
    service_password_verify,
)
from csc.api import IdempotentMixin
from csc.http import client_ip
from csc.permissions import ActionPermission, access_or_404
from customers.models import Customer
from customers.services import customer_create


class CustomerViewSet(IdempotentMixin, viewsets.GenericViewSet):
    permission_classes = [ActionPermission]
    required_perms = {
        "list": "customers.view_customer",
        "retrieve": "customers.view_customer",
        "create": "customers.add_customer",
        "verify_password": "compliance.verify_service_password",
        "disclosures": "compliance.add_disclosure",
    }
    serializer_class = CustomerListSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = CustomerFilter
    queryset = Customer.objects.none()

    def get_queryset(self):
        return customers_visible_to(user=self.request.user)

    def _customer(self, perm: str, pk) -> Customer:
        return access_or_404(
            self.request.user, perm, Customer.objects.prefetch_related("phones", "addresses"), pk=pk, is_active=True
        )

    @extend_schema(parameters=[OpenApiParameter("q", str, description="name, account number or phone digits")])
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        access_log_record(
            user=request.user,
            customers=page,
            channel=AccessChannel.API,
            fields=["name", "phones", "addresses"],
            unmasked=False,
            ip_address=client_ip(request),
        )
        return self.get_paginated_response(CustomerListSerializer(page, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("full", bool, description="show in full where the role may (logged, needs a purpose)"),
            OpenApiParameter("purpose", str, description="why the record is looked at"),
        ],
        responses=CustomerDetailSerializer,
    )
    def retrieve(self, request, pk=None):
        customer = self._customer("customers.view_customer", pk)
        view = customer_disclose(
            customer=customer,
            actor=request.user,
            channel=AccessChannel.API,
            purpose=request.query_params.get("purpose", ""),
            want_full=request.query_params.get("full") in {"1", "true"},
            ip_address=client_ip(request),
        )
        return Response(CustomerDetailSerializer(view).data)

    @extend_schema(request=CustomerCreateSerializer, responses={201: CustomerDetailSerializer})
    def create(self, request):
        serializer = CustomerCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        customer = customer_create(actor=request.user, **serializer.validated_data)
        view = customer_disclose(customer=customer, actor=request.user, channel=AccessChannel.API)
        return Response(CustomerDetailSerializer(view).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=VerifyPasswordSerializer,
        responses={200: VerificationResultSerializer, 409: VerificationResultSerializer},
        description="P-2: check the service password the caller keyed in. 5 wrong attempts in a row lock "
        "verification for 30 minutes (settings); while locked the answer is 409 with code `locked`.",
    )
    @action(detail=True, methods=["post"], url_path="verify-password")
    def verify_password(self, request, pk=None):
        serializer = VerifyPasswordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        customer = self._customer("compliance.verify_service_password", pk)
        result = service_password_verify(customer=customer, actor=request.user, **serializer.validated_data)
        body = VerificationResultSerializer(result).data
        if result.refused:  # verification was locked before this attempt
            return Response({**body, "code": "locked"}, status=status.HTTP_409_CONFLICT)
        return Response(body)

    @extend_schema(request=DisclosureCreateSerializer, responses={201: DisclosureSerializer})
    @action(detail=True, methods=["post"])
    def disclosures(self, request, pk=None):
        """P-2: record a disclosure after the identity check (website, front-desk systems)."""
        serializer = DisclosureCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        customer = self._customer("compliance.add_disclosure", pk)
        disclosure = disclosure_record(
            customer=customer, actor=request.user, ip_address=client_ip(request), **serializer.validated_data
        )
        return Response(DisclosureSerializer(disclosure).data, status=status.HTTP_201_CREATED)


class AccessLogViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """P-1: the access log, searchable by customer, staff and date (read-only: there is no write endpoint)."""

    permission_classes = [ActionPermission]
    required_perms = {"list": "compliance.view_accesslogentry"}
    serializer_class = AccessLogEntrySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = AccessLogFilter
    queryset = AccessLogEntry.objects.none()

    def get_queryset(self):
        return access_log_visible_to(user=self.request.user)


class EnforcementRequestViewSet(IdempotentMixin, viewsets.GenericViewSet):
    """P-3: law-enforcement requests; registration takes the letter scan as multipart."""

    permission_classes = [ActionPermission]
    required_perms = {
        "list": "compliance.view_enforcementrequest",
        "retrieve": "compliance.view_enforcementrequest",
        "create": "compliance.add_enforcementrequest",
        "approve": "compliance.view_enforcementrequest",  # the workflow checks the step's own permission
        "reject": "compliance.view_enforcementrequest",
        "fulfil": "compliance.fulfil_enforcementrequest",
    }
    serializer_class = EnforcementSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    lookup_field = "number"
    filter_backends = [DjangoFilterBackend]
    filterset_class = EnforcementFilter
    queryset = EnforcementRequest.objects.none()

    def get_queryset(self):
        return enforcement_requests_visible_to(user=self.request.user).prefetch_related("customers")

    def _request(self, number) -> EnforcementRequest:
        return access_or_404(
            self.request.user, "compliance.view_enforcementrequest", EnforcementRequest.objects.all(), number=number
        )

    @extend_schema(parameters=[OpenApiParameter("status", str, description="open, or a status code")])
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(EnforcementSerializer(page, many=True).data)

    def retrieve(self, request, number=None):
        return Response(EnforcementSerializer(self._request(number)).data)

    @extend_schema(request={"multipart/form-data": EnforcementCreateSerializer}, responses={201: EnforcementSerializer})
    def create(self, request):
        serializer = EnforcementCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        created = enforcement_request_register(actor=request.user, customer_ids=values.pop("customers"), **values)
        return Response(EnforcementSerializer(created).data, status=status.HTTP_201_CREATED)

    def _act(self, number, fn, build):
        serializer = EnforcementActionSerializer(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        updated = fn(request=self._request(number), actor=self.request.user, **build(serializer.validated_data))
        return Response(EnforcementSerializer(updated).data)

    @extend_schema(request=EnforcementActionSerializer, responses=EnforcementSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, number=None):
        return self._act(number, enforcement_request_approve, build=lambda d: {"note": d["note"]})

    @extend_schema(request=EnforcementActionSerializer, responses=EnforcementSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, number=None):
        return self._act(number, enforcement_request_reject, build=lambda d: {"reason": d["note"]})

    @extend_schema(request=EnforcementActionSerializer, responses=EnforcementSerializer)
    @action(detail=True, methods=["post"])
    def fulfil(self, request, number=None):
        return self._act(
            number,
            enforcement_request_fulfil,
            build=lambda d: {
                "records": d["records"],
                "handed_over": d["handed_over"],
                "ip_address": client_ip(request),
            },
        )


class ArchiveLoanViewSet(IdempotentMixin, viewsets.GenericViewSet):
    """P-4: archive loans; `?status=overdue` lists the loans past their due date."""

    permission_classes = [ActionPermission]
    required_perms = {
        "list": "compliance.view_archiveloan",
        "retrieve": "compliance.view_archiveloan",
        "create": "compliance.add_archiveloan",
        "act": "compliance.view_archiveloan",  # the workflow checks the step's own permission
    }
    serializer_class = LoanSerializer
    lookup_field = "number"
    filter_backends = [DjangoFilterBackend]
    filterset_class = LoanFilter
    queryset = ArchiveLoan.objects.none()

    def get_queryset(self):
        return loans_visible_to(user=self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(LoanSerializer(page, many=True).data)

    def retrieve(self, request, number=None):
        loan = access_or_404(
            request.user, "compliance.view_archiveloan", ArchiveLoan.objects.select_related("borrower"), number=number
        )
        return Response(LoanSerializer(loan).data)

    @extend_schema(request=LoanCreateSerializer, responses={201: LoanSerializer})
    def create(self, request):
        serializer = LoanCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        loan = archive_loan_register(actor=request.user, **serializer.validated_data)
        return Response(LoanSerializer(loan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LoanActionSerializer, responses=LoanSerializer, operation_id="archive_loans_step")
    @action(detail=True, methods=["post"], url_path=r"(?P<step>approve|reject|lend|return)")
    def act(self, request, number=None, step=None):
        loan = access_or_404(request.user, "compliance.view_archiveloan", ArchiveLoan.objects.all(), number=number)
        serializer = LoanActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        loan = archive_loan_act(loan=loan, actor=request.user, action=step, **serializer.validated_data)
        return Response(LoanSerializer(loan).data)
