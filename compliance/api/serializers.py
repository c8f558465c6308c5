from __future__ import annotations

from rest_framework import serializers

from accounts.models import User
from compliance.models import (
    AuthorityLevel,
    AuthorityType,
    DisclosureChannel,
    DisclosureContent,
    DisclosureMethod,
    RequestedRecord,
)
from customers import masking, phones
from customers.idcard import validate_id_number
from customers.models import Customer


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
        return [phones.clean(raw) for raw in value]  # a Django ValidationError is this field's 400 (DRF)

    def validate_account_number(self, value):
        if value and Customer.objects.filter(account_number=value).exists():
            raise serializers.ValidationError("A customer with this account number exists already.")
        return value

    def validate(self, attrs):
        if attrs["is_corporate"] and not attrs["company"]:
            raise serializers.ValidationError({"company": ["A corporate customer needs the company name."]})
        return attrs

    def validate_id_number(self, value: str) -> str:
        return validate_id_number(value) if value.strip() else ""  # a Django ValidationError is this field's 400


# --- P-2 -------------------------------------------------------------------------------------------------


class VerifyPasswordSerializer(serializers.Serializer):
    """What the IVR sends: the digits the caller keyed in, and the channel."""

    password = serializers.CharField(max_length=32, trim_whitespace=False)
    channel = serializers.ChoiceField(choices=DisclosureChannel.choices, default=DisclosureChannel.IVR)


class VerificationResultSerializer(serializers.Serializer):
    verified = serializers.BooleanField()
    locked = serializers.BooleanField()
    attempts_left = serializers.IntegerField()
    locked_until = serializers.DateTimeField(allow_null=True)


class DisclosureCreateSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=DisclosureMethod.choices)
    channel = serializers.ChoiceField(choices=DisclosureChannel.choices)
    contents = serializers.ListField(child=serializers.ChoiceField(choices=DisclosureContent.choices), min_length=1)
    period_start = serializers.DateField(required=False, allow_null=True, default=None)
    period_end = serializers.DateField(required=False, allow_null=True, default=None)
    detail = serializers.CharField(required=False, allow_blank=True, default="")
    service_password = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=32, write_only=True
    )
    id_card_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=30, write_only=True)
    in_person = serializers.BooleanField(required=False, default=False)
    handler_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    handler_id_number = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=30, write_only=True
    )
    company_letter_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)


class DisclosureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    customer = serializers.IntegerField(source="customer_id")
    at = serializers.DateTimeField()
    method = serializers.CharField()
    channel = serializers.CharField()
    verified = serializers.BooleanField()
    failure_reason = serializers.CharField()
    contents = serializers.ListField(child=serializers.CharField())
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)


# --- P-1 -------------------------------------------------------------------------------------------------


class AccessLogEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    user = serializers.CharField(source="user.username")
    agent_number = serializers.CharField(source="user.agent_number", allow_null=True)
    customer = serializers.IntegerField(source="customer_id")
    channel = serializers.CharField()
    fields = serializers.CharField()
    unmasked = serializers.BooleanField()
    purpose = serializers.CharField()
    ip_address = serializers.CharField(allow_null=True)


# --- P-3 -------------------------------------------------------------------------------------------------


class EnforcementCreateSerializer(serializers.Serializer):
    authority_type = serializers.ChoiceField(choices=AuthorityType.choices)
    authority_name = serializers.CharField(max_length=120)
    authority_level = serializers.ChoiceField(choices=AuthorityLevel.choices)
    letter_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    letter_scan = serializers.FileField(required=False, allow_null=True, default=None)
    case_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    case_description = serializers.CharField(required=False, allow_blank=True, default="")
    officer_name = serializers.CharField(max_length=60)
    officer_badge = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    officer_phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    customers = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=500)
    records_requested = serializers.ListField(
        child=serializers.ChoiceField(choices=RequestedRecord.choices), min_length=1
    )
    records_detail = serializers.CharField(required=False, allow_blank=True, default="")


class EnforcementSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    refusal_reason = serializers.CharField()
    received_at = serializers.DateTimeField()
    authority_type = serializers.CharField()
    authority_name = serializers.CharField()
    authority_level = serializers.CharField()
    letter_number = serializers.CharField()
    has_letter_scan = serializers.SerializerMethodField()
    case_number = serializers.CharField()
    officer_name = serializers.CharField()
    customers = serializers.SerializerMethodField()
    records_requested = serializers.ListField(child=serializers.CharField())
    handed_over_records = serializers.ListField(child=serializers.CharField())
    handed_over = serializers.CharField()

    def get_has_letter_scan(self, obj) -> bool:
        return bool(obj.letter_scan)

    def get_customers(self, obj) -> list[int]:
        return sorted(c.pk for c in obj.customers.all())


class EnforcementActionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    records = serializers.ListField(
        child=serializers.ChoiceField(choices=RequestedRecord.choices), required=False, default=list
    )
    handed_over = serializers.CharField(required=False, allow_blank=True, default="")


# --- P-4 -------------------------------------------------------------------------------------------------


class LoanCreateSerializer(serializers.Serializer):
    customer = serializers.IntegerField(min_value=1)
    document = serializers.CharField(max_length=200)
    borrower = serializers.CharField(max_length=150, help_text="username of the borrower")
    purpose = serializers.CharField(max_length=200)
    due_date = serializers.DateField()

    def validate_customer(self, value):
        customer = Customer.objects.filter(pk=value).first()
        if customer is None:
            raise serializers.ValidationError(f"No customer with id {value}.")
        return customer

    def validate_borrower(self, value):
        user = User.objects.filter(username=value, is_active=True).first()
        if user is None:
            raise serializers.ValidationError(f"No active staff member {value}.")
        return user


class LoanSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    customer = serializers.IntegerField(source="customer_id")
    document = serializers.CharField()
    borrower = serializers.CharField(source="borrower.username")
    purpose = serializers.CharField()
    due_date = serializers.DateField()
    copy_location = serializers.CharField()
    lent_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)


class LoanActionSerializer(serializers.Serializer):
    copy_location = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
