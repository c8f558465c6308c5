"""The seven roles of SPEC X-1 and the Django permissions each one holds.

Roles are Django groups named by the codes below; the data migrations call `sync_roles` so that a fresh
database and an upgraded one end with the same groups and permissions. Later apps add their permissions
here and ship a migration that calls `sync_roles` again.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    AGENT = "agent", pgettext_lazy("staff", "Agent")
    TEAM_LEAD = "team_lead", _("Team lead")
    SUPERVISOR = "supervisor", _("Supervisor")
    STATION_STAFF = "station_staff", _("Repair-station staff")
    GM_OFFICE = "gm_office", _("GM office")
    COMPLIANCE_OFFICER = "compliance_officer", _("Compliance officer")
    INTEGRATION_CLIENT = "integration_client", _("Integration client")


_CUSTOMER_DESK = [
    "customers.view_customer",
    "customers.add_customer",
    "customers.change_customer",
]
_STATIONS_READ = ["tickets.view_station", "tickets.view_servicearea"]
_CALL_DESK = [  # the agent desk (K-1, K-2, K-6): own calls, consultations, FAQ search, pending questions
    "callcenter.use_desk",
    "callcenter.view_call",
    "callcenter.add_call",
    "callcenter.change_call",
    "callcenter.view_recording",
    "callcenter.add_consultation",
    "callcenter.view_consultation",
    "callcenter.view_faqentry",
    "callcenter.add_pendingquestion",
    "callcenter.view_pendingquestion",
]
_CALL_OVERSIGHT = ["callcenter.view_all_calls", "callcenter.answer_pendingquestion"]
_CALL_SETUP = [  # scripts, holiday windows, FAQ and synonyms are edited in the app
    "callcenter.change_script",
    "callcenter.add_holidaygreeting",
    "callcenter.change_holidaygreeting",
    "callcenter.view_holidaygreeting",
    "callcenter.add_faqentry",
    "callcenter.change_faqentry",
    "callcenter.add_faqsynonym",
    "callcenter.change_faqsynonym",
    "callcenter.view_faqsynonym",
]
_STATIONS_EDIT = [
    "tickets.add_station",
    "tickets.change_station",
    "tickets.add_servicearea",
    "tickets.change_servicearea",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.AGENT: [*_CUSTOMER_DESK, *_STATIONS_READ, *_CALL_DESK],
    Role.TEAM_LEAD: [
        *_CUSTOMER_DESK,
        *_STATIONS_READ,
        "accounts.view_user",
        *_CALL_DESK,
        *_CALL_OVERSIGHT,
        "callcenter.delete_empty_recording",
    ],
    Role.SUPERVISOR: [
        *_CUSTOMER_DESK,
        *_STATIONS_READ,
        *_STATIONS_EDIT,
        "accounts.view_user",
        "customers.view_customer_unmasked",
        "csc.view_operations",
        *_CALL_DESK,
        *_CALL_OVERSIGHT,
        *_CALL_SETUP,
    ],
    Role.STATION_STAFF: ["tickets.view_station", "tickets.view_servicearea"],
    Role.GM_OFFICE: [
        "customers.view_customer",
        *_STATIONS_READ,
        "accounts.view_user",
        "csc.view_operations",
        "callcenter.view_call",
        "callcenter.view_all_calls",
        "callcenter.view_recording",
    ],
    Role.COMPLIANCE_OFFICER: [
        "customers.view_customer",
        "customers.view_customer_unmasked",
        "compliance.view_accesslogentry",
        "compliance.view_exportrecord",
        "accounts.view_user",
    ],
    Role.INTEGRATION_CLIENT: [
        "csc.view_api_docs",
        "customers.view_customer",
        *_STATIONS_READ,
        "callcenter.add_callevent",
        "callcenter.add_recording",
    ],
}

# Repair tickets 报修 (SPEC §2): kept apart so each app's lines stay in one place.
_TICKET_DESK = [
    "tickets.view_ticket",
    "tickets.add_ticket",
    "tickets.dispatch_ticket",
    "tickets.callback_ticket",
    "tickets.close_ticket",
    "tickets.view_routing",
    "tickets.view_exceptionevent",
    "tickets.add_exceptionevent",
    "tickets.view_outage",
]
_TICKET_PERMISSIONS: dict[str, list[str]] = {
    Role.AGENT: _TICKET_DESK,
    Role.TEAM_LEAD: _TICKET_DESK,
    Role.SUPERVISOR: [
        *_TICKET_DESK,
        "tickets.work_ticket",
        "tickets.change_exceptionevent",
        "tickets.view_timelimit",
        "tickets.add_timelimit",
        "tickets.change_timelimit",
        "tickets.add_outage",
        "tickets.change_outage",
        "tickets.view_outagesettings",
        "tickets.change_outagesettings",
    ],
    Role.STATION_STAFF: ["tickets.view_ticket", "tickets.work_ticket", "tickets.add_outage", "tickets.view_outage"],
    Role.GM_OFFICE: ["tickets.view_ticket", "tickets.view_exceptionevent", "tickets.view_outage"],
    Role.INTEGRATION_CLIENT: ["tickets.view_ticket", "tickets.add_ticket", "tickets.view_routing"],
}
for _role, _perms in _TICKET_PERMISSIONS.items():
    ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], *_perms]

# Complaints 客诉 (SPEC §1): kept apart from the table above so each app's lines stay in one place.
_COMPLAINT_DESK = ["complaints.view_complaint", "complaints.add_complaint", "complaints.change_complaint"]
_COMPLAINT_PERMISSIONS: dict[str, list[str]] = {
    Role.AGENT: _COMPLAINT_DESK,
    Role.TEAM_LEAD: [*_COMPLAINT_DESK, "complaints.view_all_complaints", "complaints.view_complaint_statistics"],
    Role.SUPERVISOR: [
        *_COMPLAINT_DESK,
        "complaints.view_all_complaints",
        "complaints.supervise_complaint",
        "complaints.approve_complaint",
        "complaints.manage_complaint_settings",
        "complaints.view_complaint_statistics",
        "notifications.view_smsmessage",
    ],
    Role.GM_OFFICE: [
        *_COMPLAINT_DESK,
        "complaints.view_all_complaints",
        "complaints.approve_complaint",
        "complaints.decide_complaint_appeal",
        "complaints.view_complaint_statistics",
    ],
    Role.INTEGRATION_CLIENT: ["complaints.view_complaint", "complaints.add_complaint"],
}
for _role, _perms in _COMPLAINT_PERMISSIONS.items():
    ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], *_perms]


# Customer-record protection (P-1 … P-7, X-3): what each role adds; kept in one block so the lists above stay readable.
_DISCLOSURE_DESK = [
    "compliance.verify_service_password",
    "compliance.add_disclosure",
    "compliance.view_disclosure",
    "compliance.print_disclosure",
    "compliance.clearance_secret",
]
_RECORDS_PROTECTION: dict[str, list[str]] = {
    Role.AGENT: _DISCLOSURE_DESK,
    Role.TEAM_LEAD: [*_DISCLOSURE_DESK, "compliance.add_archiveloan", "compliance.view_archiveloan"],
    Role.SUPERVISOR: [
        *_DISCLOSURE_DESK,
        "compliance.clearance_top_secret",
        "customers.export_customer",
        "customers.close_customer",
        "compliance.view_enforcementrequest",
        "compliance.add_enforcementrequest",
        "compliance.approve_enforcement_supervisor",
        "compliance.view_archiveloan",
        "compliance.add_archiveloan",
        "compliance.approve_archiveloan",
        "compliance.handle_archiveloan",
    ],
    Role.GM_OFFICE: ["compliance.clearance_secret"],
    Role.COMPLIANCE_OFFICER: [
        "compliance.clearance_secret",
        "compliance.clearance_top_secret",
        "customers.export_customer",
        "compliance.view_disclosure",
        "compliance.print_disclosure",
        "compliance.view_verificationattempt",
        "compliance.view_enforcementrequest",
        "compliance.add_enforcementrequest",
        "compliance.approve_enforcement_compliance",
        "compliance.fulfil_enforcementrequest",
        "compliance.view_archiveloan",
        "compliance.add_archiveloan",
        "compliance.handle_archiveloan",
        "compliance.view_retentionrun",
        "compliance.run_retention",
        "compliance.view_destructionlogentry",
        "compliance.view_complianceevent",
    ],
    Role.INTEGRATION_CLIENT: ["compliance.verify_service_password"],
}
for _role, _perms in _RECORDS_PROTECTION.items():
    ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], *_perms]


def sync_roles(apps, schema_editor=None) -> None:
    """Create the role groups and give each exactly the permissions listed above (idempotent)."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; create them now so that the groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=str(role))
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if found is not None:  # a permission of an app not migrated yet is added by that app's migration
                wanted.append(found)
        group.permissions.set(wanted)


# Reports and notifications (R-1 … R-5): who reads reports, who builds them on demand and names their recipients.
_REPORT_PERMISSIONS: dict[str, list[str]] = {
    Role.TEAM_LEAD: ["reports.view_report"],
    Role.SUPERVISOR: [
        "reports.view_report",
        "reports.build_report",
        "reports.view_reportrecipient",
        "reports.add_reportrecipient",
        "reports.change_reportrecipient",
    ],
    Role.GM_OFFICE: ["reports.view_report", "reports.build_report"],
    Role.INTEGRATION_CLIENT: ["reports.view_report"],
}
for _role, _perms in _REPORT_PERMISSIONS.items():
    ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], *_perms]

# Callbacks 回访 (K-5, C-10): agents call back their own and their team's; leads assign and give up; the supervisor
# sets the rules and sees every team; satisfaction figures for leads, supervisors and the GM office.
_CALLBACK_DESK = ["callbacks.view_callback", "callbacks.record_callback"]
_CALLBACK_PERMISSIONS: dict[str, list[str]] = {
    Role.AGENT: _CALLBACK_DESK,
    Role.TEAM_LEAD: [*_CALLBACK_DESK, "callbacks.manage_callback", "callbacks.view_satisfaction"],
    Role.SUPERVISOR: [
        *_CALLBACK_DESK,
        "callbacks.manage_callback",
        "callbacks.view_all_callbacks",
        "callbacks.view_satisfaction",
        "callbacks.view_callbacksettings",
        "callbacks.change_callbacksettings",
    ],
    Role.GM_OFFICE: ["callbacks.view_callback", "callbacks.view_all_callbacks", "callbacks.view_satisfaction"],
    Role.INTEGRATION_CLIENT: [*_CALLBACK_DESK, "callbacks.view_all_callbacks"],
}
for _role, _perms in _CALLBACK_PERMISSIONS.items():
    ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], *_perms]

# The contact-centre figures (K-10): a lead for their team, the supervisor and the GM office for all.
for _role in (Role.TEAM_LEAD, Role.SUPERVISOR, Role.GM_OFFICE):
    ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], "callcenter.view_call_figures"]

# Recording spot checks 录音抽查 and the monthly appraisal 月考核 (K-4, K-8): agents see and acknowledge their own;
# leads score calls, count errors and praise, record typing tests, see their team's; the supervisor (the department
# head of seed 004) also sees everyone's, edits the sheets, amounts and reward levels, and closes a month.
_QUALITY_OWN = [
    "quality.view_spotcheck",
    "quality.view_mark",
    "quality.view_typingtest",
    "quality.view_appraisal",
]
_QUALITY_LEAD = [
    *_QUALITY_OWN,
    "quality.add_spotcheck",
    "quality.manage_mark",
    "quality.add_typingtest",
    "quality.view_recording_gaps",
    "quality.view_scoresheet",
]
_QUALITY_PERMISSIONS: dict[str, list[str]] = {
    Role.AGENT: [*_QUALITY_OWN, "quality.acknowledge_spotcheck"],
    Role.TEAM_LEAD: _QUALITY_LEAD,
    Role.SUPERVISOR: [
        *_QUALITY_LEAD,
        "quality.view_all_spotchecks",
        "quality.close_appraisal",
        "quality.manage_quality_settings",
    ],
    Role.GM_OFFICE: [*_QUALITY_OWN, "quality.view_all_spotchecks"],
}
for _role, _perms in _QUALITY_PERMISSIONS.items():
    ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], *_perms]

# Shifts, handover, the duty log and incidents (K-7, K-9): everyone on the rota sees it, asks for swaps, hands over,
# writes in the duty log and reports incidents; leads build the rota, approve swaps, sign the day's log and sign off a
# handover with an important item open; the supervisor also checks the logs (seed 003: 20 %) and edits the shifts.
# Handovers and duty logs are secret 机密 (P-5): the roles below hold compliance.clearance_secret already.
_DUTY_DESK = [
    "duty.view_rotaentry",
    "duty.view_swaprequest",
    "duty.add_swaprequest",
    "duty.view_handover",
    "duty.add_handover",
    "duty.view_dutylog",
    "duty.add_dutylogentry",
    "duty.view_incident",
    "duty.add_incident",
]
_DUTY_LEAD = [
    *_DUTY_DESK,
    "duty.manage_rota",
    "duty.approve_swap",
    "duty.sign_handover_as_lead",
    "duty.sign_dutylog",
    "duty.manage_incident",
]
_DUTY_PERMISSIONS: dict[str, list[str]] = {
    Role.AGENT: _DUTY_DESK,
    Role.TEAM_LEAD: _DUTY_LEAD,
    Role.SUPERVISOR: [
        *_DUTY_LEAD,
        "duty.view_all_handovers",
        "duty.check_dutylog",
        "duty.manage_duty_settings",
    ],
    Role.GM_OFFICE: ["duty.view_rotaentry", "duty.view_incident", "duty.view_dutylog"],
}
for _role, _perms in _DUTY_PERMISSIONS.items():
    ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], *_perms]
