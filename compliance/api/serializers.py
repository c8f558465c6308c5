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


class CustomerCreateSerializer(serializers.Serializer):
    """Input for registering a customer: at least one phone; the service password is hashed on save."""

    name = serializers.CharField(max_length=80)
    phones = serializers.ListField(child=serializers.CharField(max_length=30), min_length=1, max_length=5)
    addresses = serializers.ListField(child=serializers.CharField(max_length=200), required=False, default=list)
    id_number = serializers.CharField(max_length=30, required=False, default="", allow_blank=True)
    account_number = serializers.CharField(max_length=30, required=False, allow_null=True, default=None)
    is_corporate = serializers.BooleanField(required=False, default=False)
    company = serializers.CharField(max_length=120, required=False, default="", allow_blank=True)
    service_password = serializers.CharField(
        min_length=6, max_length=32, required=False, allow_null=True, default=None, write_only=True
    )

    def validate_phones(self, value: list[str]) -> list[str]:
        normalised = [masking.normalise_phone(v) for v in value]
        bad = [raw for raw, digits in zip(value, normalised, strict=True) if not 7 <= len(digits) <= 12]
        if bad:
            raise serializers.ValidationError(f"Not a phone number: {', '.join(bad)}")
        return normalised

    def validate_account_number(self, value):
        from compliance.models import Customer

        if value and Customer.objects.filter(account_number=value).exists():
            raise serializers.ValidationError("A customer with this account number exists already.")
        return value

    def validate(self, attrs):
        if attrs["is_corporate"] and not attrs["company"]:
            raise serializers.ValidationError({"company": ["A corporate customer needs the company name."]})
        return attrs
