"""The home-page panels of records protection: the compliance officer's figures and latest record views, the
customer search of the desk roles, and the customer figure of the overview pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from compliance.models import AccessLogEntry
from compliance.selectors import compliance_figures
from csc.home import Figure, Panel, register
from customers.models import Customer


def _officer(user) -> dict:
    figures = compliance_figures()
    return {
        "recent": AccessLogEntry.objects.select_related("user", "customer")[:10],
        "figures": [
            Figure(figures["views"], _("record views today")),
            Figure(figures["unmasked"], _("shown in full today")),
            Figure(figures["staff"], _("staff who looked today")),
            Figure(
                figures["enforcement_open"], _("law-enforcement requests open"), reverse("compliance:enforcement_list")
            ),
            Figure(
                figures["loans_overdue"],
                _("archive loans overdue"),
                reverse("compliance:loan_list") + "?status=overdue",
            ),
        ],
    }


def _customers(user) -> dict:
    return {"figures": [Figure(Customer.objects.filter(is_active=True).count(), _("customers"))]}


def register_panels() -> None:
    register(
        Panel(
            "compliance.officer",
            frozenset({Role.COMPLIANCE_OFFICER}),
            10,
            "compliance/home/_latest_views.html",
            _officer,
        )
    )
    register(
        Panel(
            "compliance.find_customer",
            frozenset({Role.AGENT, Role.TEAM_LEAD}),
            20,
            "compliance/home/_find_customer.html",
            perm="customers.view_customer",
        )
    )
    register(Panel("compliance.customers", frozenset({Role.SUPERVISOR, Role.GM_OFFICE}), 1, build=_customers))
