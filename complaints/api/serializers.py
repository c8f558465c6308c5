"""Complaint input and output shapes. The input serializers validate for the API and the pages alike."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from complaints.choices import CauseClass, Channel, Kind, RemedyType, Severity, Validity
from complaints.models import STATEMENT_MAX_LENGTH, TEXT_MAX_LENGTH, Complaint, ComplaintCategory, Department
from customers import phones
from customers.models import Customer

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0"), "max_value": Decimal("9999999999.99")}


@extend_schema_field(OpenApiTypes.STR)
class _LookupField(serializers.Field):
    """A reference by code, agent number or id: a short string in, a model instance out."""

    default_error_messages = {"invalid": _("Not a valid value.")}

    def _text(self, data) -> str:
        if not isinstance(data, str | int) or isinstance(data, bool):
            self.fail("invalid")
        value = str(data).strip()
        if not value or len(value) > 40:
            self.fail("invalid")
        return value


class CategoryField(_LookupField):
    """A category by its code (or id from a page's select): unknown or retired codes get a clear message."""

    def to_internal_value(self, data):
        value = self._text(data)
        lookup = {"pk": int(value)} if value.isdigit() else {"code": value}
        category = ComplaintCategory.objects.filter(is_active=True, **lookup).first()
        if category is None:
            raise serializers.ValidationError(_("Unknown complaint category: %(value)s.") % {"value": value[:40]})
        return category

    def to_representation(self, value):
        return value.code


class DepartmentField(_LookupField):
    def to_internal_value(self, data):
        value = self._text(data)
        lookup = {"pk": int(value)} if value.isdigit() else {"code": value}
        department = Department.objects.filter(is_active=True, **lookup).first()
        if department is None:
            raise serializers.ValidationError(_("Unknown department: %(value)s.") % {"value": value[:40]})
        return department

    def to_representation(self, value):
        return value.code


class StaffField(_LookupField):
    """A member of staff by agent number 工号 or user name."""

    def to_internal_value(self, data):
        value = self._text(data)
        user = (
            User.objects.filter(is_active=True, agent_number=value).first()
            or User.objects.filter(is_active=True, username=value).first()
        )
        if user is None:
            raise serializers.ValidationError(
                _("No active member of staff with agent number %(value)s.") % {"value": value[:40]}
            )
        return user

    def to_representation(self, value):
        return value.agent_number or value.username


class ComplaintRegisterSerializer(serializers.Serializer):
    """Registering a complaint (C-1 … C-4, C-13)."""

    category = CategoryField()
    kind = serializers.ChoiceField(choices=Kind.choices, default=Kind.CUSTOMER)
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.PHONE)
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.NORMAL)
    is_foreign = serializers.BooleanField(default=False)
    complainant_name = serializers.CharField(max_length=80)
    complainant_phone = serializers.CharField(max_length=30)
    subject = serializers.CharField(max_length=200)
    statement = serializers.CharField(max_length=STATEMENT_MAX_LENGTH)
    remedy_sought = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    accepted_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    customer = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    call = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    owner = StaffField(required=False, allow_null=True, default=None)
    complainant_user = StaffField(required=False, allow_null=True, default=None)
    responsible_user = StaffField(required=False, allow_null=True, default=None)

    def validate_complainant_phone(self, value: str) -> str:
        return phones.clean(value)  # a Django ValidationError is this field's 400 (DRF)

    def validate_accepted_at(self, value):
        if value is not None and value > timezone.now() + timezone.timedelta(minutes=5):
            raise serializers.ValidationError(_("A complaint cannot be accepted in the future."))
        return value

    def validate_customer(self, value):
        if value is None:
            return None
        customer = Customer.objects.filter(pk=value, is_active=True).first()
        if customer is None:
            raise serializers.ValidationError(_("No such customer."))
        return customer

    def validate_call(self, value):
        if value is None:
            return None
        calls = Complaint._meta.get_field("call").related_model.objects  # the call centre's, reached through the link
        call = calls.select_related("agent").filter(pk=value).first()
        if call is None:
            raise serializers.ValidationError(pgettext_lazy("complaint", "No such call."))
        return call

    def validate(self, attrs):
        if attrs["kind"] == Kind.INTERNAL and attrs.get("complainant_user") is None:
            raise serializers.ValidationError(
                {"complainant_user": [_("An internal complaint names the complaining employee.")]}
            )
        return attrs


# --- actions -------------------------------------------------------------------------------------------


class NoteInput(serializers.Serializer):
    text = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    correction = serializers.BooleanField(default=False)


class InvestigateInput(serializers.Serializer):
    note = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")


class ClassifyInput(serializers.Serializer):
    category = CategoryField(required=False, default=None, allow_null=True)
    cause_class = serializers.ChoiceField(choices=CauseClass.choices, required=False, default=None, allow_null=True)
    severity = serializers.ChoiceField(choices=Severity.choices, required=False, default=None, allow_null=True)
    validity = serializers.ChoiceField(choices=Validity.choices, required=False, default=None, allow_null=True)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ShareInput(serializers.Serializer):
    department = DepartmentField()
    percent = serializers.IntegerField(min_value=1, max_value=100)


class ResponsibilityInput(serializers.Serializer):
    shares = ShareInput(many=True)
    loss_amount = serializers.DecimalField(required=False, allow_null=True, default=None, **MONEY)

    def validate_shares(self, value):
        if not value:
            raise serializers.ValidationError(_("Name at least one responsible department."))
        total = sum(s["percent"] for s in value)
        if total != 100:
            raise serializers.ValidationError(
                _("The shares add up to %(total)s%%; they must add up to exactly 100%%.") % {"total": total}
            )
        codes = [s["department"].pk for s in value]
        if len(set(codes)) != len(codes):
            raise serializers.ValidationError(_("Each department may appear only once."))
        return [(s["department"], s["percent"]) for s in value]


class ProposeInput(serializers.Serializer):
    resolution = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    remedy_type = serializers.ChoiceField(choices=RemedyType.choices)
    remedy_amount = serializers.DecimalField(required=False, allow_null=True, default=None, **MONEY)


class ApproveInput(serializers.Serializer):
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=TEXT_MAX_LENGTH)


class ReplyInput(serializers.Serializer):
    text = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    next_reply_at = serializers.DateTimeField(required=False, allow_null=True, default=None)

    def validate_next_reply_at(self, value):
        if value is not None and value <= timezone.now():
            raise serializers.ValidationError(_("This time is in the past: promise a time still to come."))
        return value


class InformInput(serializers.Serializer):
    text = serializers.CharField(max_length=TEXT_MAX_LENGTH)


class CloseInput(serializers.Serializer):
    customer_accepted = serializers.BooleanField()
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class ReopenInput(serializers.Serializer):
    statement = serializers.CharField(max_length=STATEMENT_MAX_LENGTH)


class TransferInput(serializers.Serializer):
    new_owner = StaffField()
    reason = serializers.CharField(max_length=1000)


class HandlerInput(serializers.Serializer):
    user = StaffField(required=False, allow_null=True, default=None)
    department = DepartmentField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if (attrs["user"] is None) == (attrs["department"] is None):
            raise serializers.ValidationError({"user": [_("Choose either a member of staff or a department.")]})
        return attrs


class DecisionInput(serializers.Serializer):
    decision = serializers.CharField(max_length=TEXT_MAX_LENGTH)


class CallbackInput(serializers.Serializer):
    reference = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    satisfaction = serializers.IntegerField(min_value=1, max_value=10, required=False, allow_null=True, default=None)


# --- output --------------------------------------------------------------------------------------------


class StaffOut(serializers.Serializer):
    agent_number = serializers.CharField(allow_null=True)
    name = serializers.CharField(source="__str__")


class ComplaintListOut(serializers.Serializer):
    """A complaint as lists show it: personal data masked (X-3)."""

    number = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    category = serializers.CharField(source="category.code")
    category_name = serializers.CharField(source="category.name")
    severity = serializers.CharField()
    channel = serializers.CharField()
    validity = serializers.CharField()
    subject = serializers.CharField()
    complainant = serializers.CharField(source="name_masked")
    complainant_phone = serializers.CharField(source="phone_masked")
    owner = StaffOut()
    registered_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    first_reply_due_at = serializers.DateTimeField()
    next_reply_due_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.SerializerMethodField()
    callback_due = serializers.BooleanField()

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue(self.context.get("now"))


class ShareOut(serializers.Serializer):
    department = serializers.CharField(source="department.code")
    department_name = serializers.CharField(source="department.name")
    percent = serializers.IntegerField()


class CommitmentOut(serializers.Serializer):
    kind = serializers.CharField()
    due_at = serializers.DateTimeField()
    made_at = serializers.DateTimeField()
    status = serializers.CharField()
    fulfilled_at = serializers.DateTimeField(allow_null=True)
    missed = serializers.SerializerMethodField()

    def get_missed(self, obj) -> bool:
        return obj.is_missed(self.context.get("now"))


class EntryOut(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    author = serializers.CharField(source="author.__str__", allow_null=True, default=None)
    text = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()


class HandlerOut(serializers.Serializer):
    user = serializers.CharField(source="user.__str__", allow_null=True, default=None)
    department = serializers.CharField(source="department.code", allow_null=True, default=None)


class ComplaintDetailOut(ComplaintListOut):
    """One complaint with its record; the phone in full only for those who work on it (see the view)."""

    statement = serializers.CharField()
    remedy_sought = serializers.CharField()
    cause_class = serializers.CharField()
    is_foreign = serializers.BooleanField()
    deadline_days = serializers.IntegerField()
    deadline_working_days = serializers.BooleanField()
    first_replied_at = serializers.DateTimeField(allow_null=True)
    registered_by = StaffOut()
    customer = serializers.IntegerField(source="customer_id", allow_null=True)
    call = serializers.IntegerField(source="call_id", allow_null=True)
    reopened_from = serializers.CharField(source="reopened_from.number", allow_null=True, default=None)
    follow_ups = serializers.SerializerMethodField()
    handlers = HandlerOut(many=True, source="handlers.all")
    shares = ShareOut(many=True, source="current_shares", default=list)
    loss_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    penalty_decision = serializers.CharField()
    resolution = serializers.CharField()
    remedy_type = serializers.CharField()
    remedy_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    required_level = serializers.CharField(source="required_level.name", allow_null=True, default=None)
    approved_by = StaffOut(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    customer_reply = serializers.CharField()
    informed_at = serializers.DateTimeField(allow_null=True)
    customer_accepted = serializers.BooleanField(allow_null=True)
    callback_recorded_at = serializers.DateTimeField(allow_null=True)
    appealed_at = serializers.DateTimeField(allow_null=True)
    final_decision = serializers.CharField()
    commitments = CommitmentOut(many=True, source="commitments.all")
    actions = serializers.SerializerMethodField()

    def get_follow_ups(self, obj) -> list[str]:
        return [c.number for c in obj.follow_ups.all()]

    def get_actions(self, obj) -> list[str]:
        return self.context.get("actions", [])


class ComplaintCreatedOut(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    due_at = serializers.DateTimeField()
    first_reply_due_at = serializers.DateTimeField()
    owner = StaffOut()


class PublicStatusOut(serializers.Serializer):
    """C-13: only the status and the next promised reply time."""

    number = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    next_reply_due_at = serializers.DateTimeField(allow_null=True)
