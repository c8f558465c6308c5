"""The role-aware navigation: one list of entries, each shown only to users holding its permission."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from csc.permissions import may


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: str | None  # None: every signed-in user


NAV_ITEMS: list[NavItem] = [
    NavItem(_("Home"), "home", None),
    NavItem(_("Agent desk"), "callcenter:desk", "callcenter.use_desk"),
    NavItem(_("Calls"), "callcenter:call_list", "callcenter.view_call"),
    NavItem(_("Standard answers"), "callcenter:faq_list", "callcenter.view_faqentry"),
    NavItem(_("Call scripts"), "callcenter:scripts", "callcenter.change_script"),
    NavItem(_("Customers"), "compliance:customer_list", "compliance.view_customer"),
    NavItem(_("My complaints"), "complaints:mine", "complaints.change_complaint"),
    NavItem(_("Complaints"), "complaints:list", "complaints.view_complaint"),
    NavItem(_("Complaint statistics"), "complaints:statistics", "complaints.view_complaint_statistics"),
    NavItem(_("SMS outbox"), "complaints:sms_outbox", "complaints.view_smsmessage"),
    NavItem(_("Complaint settings"), "complaints:settings", "complaints.manage_complaint_settings"),
    NavItem(_("Access log"), "compliance:access_log", "compliance.view_accesslogentry"),
    NavItem(_("Law-enforcement requests"), "compliance:enforcement_list", "compliance.view_enforcementrequest"),
    NavItem(_("Archive loans"), "compliance:loan_list", "compliance.view_archiveloan"),
    NavItem(_("Repair tickets"), "tickets:ticket_list", "tickets.dispatch_ticket"),
    NavItem(_("Our tickets"), "tickets:station_view", "tickets.work_ticket"),
    NavItem(_("Repair stations"), "tickets:station_list", "tickets.view_station"),
    NavItem(_("Exception events"), "tickets:exception_list", "tickets.view_exceptionevent"),
    NavItem(_("Area outages"), "tickets:outage_list", "tickets.view_outage"),
    NavItem(_("Reports"), "reports:daily", "reports.view_report"),
    NavItem(_("Failed work"), "notifications:failures", "csc.view_operations"),
    NavItem(_("API docs"), "api-docs", None),
]


def items_for(user) -> list[dict]:
    items = []
    for item in NAV_ITEMS:
        if item.perm is not None and not may(user, item.perm):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "url_name": item.url_name})
    return items
