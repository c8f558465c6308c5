from __future__ import annotations

from rest_framework import serializers

from csc import masking


class CustomerListSerializer(serializers.Serializer):
    """A customer as lists show it: masked always (X-3)."""

    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()
    phones = serializers.SerializerMethodField()
    addresses = serializers.SerializerMethodField()
    is_corporate = serializers.BooleanField()
    company = serializers.CharField()

    def get_name(self, obj) -> str:
        return masking.mask_name(obj.name)

    def get_phones(self, obj) -> list[str]:
        return [masking.mask_phone(p.number) for p in obj.phones.all()]

    def get_addresses(self, obj) -> list[str]:
        return [masking.mask_address(a.address) for a in obj.addresses.all()]


class CustomerDetailSerializer(serializers.Serializer):
    """A customer as disclosed to this caller: masked unless their role may see it in full (logged)."""

    id = serializers.IntegerField(source="customer.id")
    unmasked = serializers.BooleanField()
    name = serializers.CharField()
    phones = serializers.ListField(child=serializers.CharField())
    addresses = serializers.ListField(child=serializers.CharField())
    id_number = serializers.CharField()
    account_number = serializers.CharField(source="customer.account_number", allow_null=True)
    is_corporate = serializers.BooleanField(source="customer.is_corporate")
    company = serializers.CharField(source="customer.company")
