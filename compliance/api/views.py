"""Customer records over the API: masked lists, logged detail (P-1, X-3)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.response import Response

from compliance.api.serializers import CustomerCreateSerializer, CustomerDetailSerializer, CustomerListSerializer
from compliance.models import AccessChannel, Customer
from compliance.selectors import customers_visible_to
from compliance.services import access_log_record, customer_create, customer_disclose
from csc.api import IdempotentMixin
from csc.permissions import ActionPermission, access_or_404


class CustomerViewSet(IdempotentMixin, viewsets.GenericViewSet):
    permission_classes = [ActionPermission]
    required_perms = {
        "list": "compliance.view_customer",
        "retrieve": "compliance.view_customer",
        "create": "compliance.add_customer",
    }
    serializer_class = CustomerListSerializer
    filter_backends: list = []
    queryset = Customer.objects.none()

    def get_queryset(self):
        return customers_visible_to(user=self.request.user, search=self.request.query_params.get("q", ""))

    @extend_schema(parameters=[OpenApiParameter("q", str, description="name, account number or phone digits")])
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        access_log_record(
            user=request.user,
            customers=page,
            channel=AccessChannel.API,
            fields=["name", "phones", "addresses"],
            unmasked=False,
        )
        return self.get_paginated_response(CustomerListSerializer(page, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("full", bool, description="show in full where the role may (logged)"),
            OpenApiParameter("purpose", str, description="why the record is looked at"),
        ],
        responses=CustomerDetailSerializer,
    )
    def retrieve(self, request, pk=None):
        customer = access_or_404(
            request.user,
            "compliance.view_customer",
            Customer.objects.prefetch_related("phones", "addresses"),
            pk=pk,
            is_active=True,
        )
        view = customer_disclose(
            customer=customer,
            actor=request.user,
            channel=AccessChannel.API,
            purpose=request.query_params.get("purpose", ""),
            want_full=request.query_params.get("full") in {"1", "true"},
        )
        return Response(CustomerDetailSerializer(view).data)

    @extend_schema(request=CustomerCreateSerializer, responses={201: CustomerDetailSerializer})
    def create(self, request):
        serializer = CustomerCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        customer = customer_create(actor=request.user, **serializer.validated_data)
        view = customer_disclose(customer=customer, actor=request.user, channel=AccessChannel.API)
        return Response(CustomerDetailSerializer(view).data, status=status.HTTP_201_CREATED)
