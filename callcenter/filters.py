"""The filters of the call-centre lists — calls, standard answers, pending questions — for pages and API alike."""

from __future__ import annotations

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from callcenter.choices import CallStatus, PendingQuestionStatus
from callcenter.models import CallDirection, CallType
from callcenter.selectors import faq_search
from csc.filters import DayFromFilter, DayToFilter, FilterSet, FlagFilter, IdFilter, SortFilter

_DATE = forms.DateInput(attrs={"type": "date"})


ANSWERED, ABANDONED = "answered", "abandoned"


def _agents(request):
    return User.objects.filter(agent_number__isnull=False, is_active=True).order_by("agent_number")


class CallFilter(FilterSet):
    """By agent, type, status, local day range, answered late (over the answer-within setting), recording."""

    agent = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("call centre", "Agent"), queryset=_agents, empty_label="—"
    )
    team = IdFilter(label=pgettext_lazy("call centre", "Team"), field_name="agent__team_id")
    direction = django_filters.ChoiceFilter(
        label=pgettext_lazy("call centre", "Direction"), choices=CallDirection.choices, empty_label="—"
    )
    outcome = django_filters.ChoiceFilter(
        label=pgettext_lazy("call centre", "Outcome"),
        choices=[(ANSWERED, _("Answered")), (ABANDONED, _("Abandoned"))],
        empty_label="—",
        method="by_outcome",
    )
    call_type = django_filters.ChoiceFilter(label=_("Type"), choices=CallType.choices, empty_label="—")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CallStatus.choices)
    date_from = DayFromFilter(label=pgettext_lazy("call centre", "From"), field_name="created_at", widget=_DATE)
    date_to = DayToFilter(label=pgettext_lazy("call centre", "To"), field_name="created_at", widget=_DATE)
    answered_late = FlagFilter(
        label=_("Answered late"),
        method="by_answered_late",
        widget=forms.Select(choices=[("", "—"), ("true", _("Yes")), ("false", _("No"))]),
    )
    has_recording = FlagFilter(
        label=_("Recording"),
        method="by_recording",
        widget=forms.Select(choices=[("", "—"), ("true", _("With")), ("false", _("Without"))]),
    )
    sort = SortFilter(
        columns={
            "created": ("created_at",),
            "direction": ("direction",),
            "agent": ("agent__agent_number",),
            "status": ("status",),
            "ringing": ("ring_seconds",),
            "type": ("call_type",),
        },
        widget=forms.HiddenInput,
    )
    default_sort = "-created"

    def by_outcome(self, queryset, name, value):
        """answered: an agent (or, on a call out, the resident) picked up; abandoned: a call in that ended without
        ever being answered (hung up in the queue or while ringing)."""
        if value == ANSWERED:
            return queryset.filter(answered_at__isnull=False)
        if value == ABANDONED:
            return queryset.filter(direction=CallDirection.INBOUND, answered_at__isnull=True, status=CallStatus.ENDED)
        return queryset

    def by_answered_late(self, queryset, name, value):
        late = Q(ring_seconds__gt=settings.CALLCENTER_ANSWER_WITHIN_SECONDS)
        if value is None:
            return queryset
        return queryset.filter(late) if value else queryset.filter(ring_seconds__isnull=False).exclude(late)

    def by_recording(self, queryset, name, value):
        return queryset if value is None else queryset.filter(has_recording=value)


class ConsultationFilter(FilterSet):
    """The consultations 咨询 answered on calls (K-6): by agent, local day range, words of the question or answer,
    whether a standard answer was used."""

    agent = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("call centre", "Agent"), queryset=_agents, empty_label="—"
    )
    date_from = DayFromFilter(label=pgettext_lazy("call centre", "From"), field_name="created_at", widget=_DATE)
    date_to = DayToFilter(label=pgettext_lazy("call centre", "To"), field_name="created_at", widget=_DATE)
    q = django_filters.CharFilter(label=pgettext_lazy("call centre", "Search"), method="search", max_length=100)
    standard_answer = FlagFilter(
        label=_("Standard answer used"),
        method="by_standard_answer",
        widget=forms.Select(choices=[("", "—"), ("true", _("Yes")), ("false", _("No"))]),
    )
    sort = SortFilter(
        columns={
            "created": ("created_at",),
            "agent": ("agent__agent_number",),
            "standard_answer": ("faq_entry__title",),
        },
        widget=forms.HiddenInput,
    )
    default_sort = "-created"

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(question__icontains=value) | Q(answer__icontains=value)) if value else queryset

    def by_standard_answer(self, queryset, name, value):
        return queryset if value is None else queryset.filter(faq_entry__isnull=not value)


class FaqFilter(FilterSet):
    q = django_filters.CharFilter(label=pgettext_lazy("call centre", "Search"), method="search", max_length=200)

    def search(self, queryset, name, value):
        return faq_search(query=value, entries=queryset) if value.strip() else queryset


class PendingQuestionFilter(FilterSet):
    """The page opens on the open questions (`status=open` unless the query says otherwise)."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=PendingQuestionStatus.choices)
