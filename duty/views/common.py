"""What the duty pages share: the permissions they ask for, who is on the rota, the month asked for, a list's
context, and how a refusal is answered."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.models import User
from compliance.confidentiality import Level
from csc import periods
from csc.filters import list_context as filters_list_context
from csc.permissions import may

VIEW_ROTA = "duty.view_rotaentry"
MANAGE_ROTA = "duty.manage_rota"
VIEW_SWAPS = "duty.view_swaprequest"
ASK_SWAP = "duty.add_swaprequest"
APPROVE_SWAP = "duty.approve_swap"
VIEW_HANDOVERS = "duty.view_handover"
HAND_OVER = "duty.add_handover"
SIGN_AS_LEAD = "duty.sign_handover_as_lead"
VIEW_ALL_HANDOVERS = "duty.view_all_handovers"
VIEW_LOGS = "duty.view_dutylog"
WRITE_LOG = "duty.add_dutylogentry"
SIGN_LOG = "duty.sign_dutylog"
CHECK_LOG = "duty.check_dutylog"
VIEW_INCIDENTS = "duty.view_incident"
REPORT_INCIDENT = "duty.add_incident"
MANAGE_INCIDENT = "duty.manage_incident"
SETTINGS = "duty.manage_duty_settings"
PERMISSIONS_BACKEND = "accounts.auth_cache.CachedPermissionsBackend"  # who holds a right, in one query
SECRET = Level.SECRET  # handovers and duty logs (P-5): the pages say so


def require(request, perm: str) -> None:
    if not may(request.user, perm):
        raise PermissionDenied


def on_rota():
    """The people a rota, a swap or a handover names: active staff with an agent number who hand over shifts."""
    return (
        User.objects.with_perm(HAND_OVER, backend=PERMISSIONS_BACKEND)
        .filter(is_active=True, agent_number__isnull=False)
        .exclude(agent_number="")
        .order_by("agent_number", "pk")
    )


def month_asked(request, source=None) -> date:
    """The first day of the month in `?month=YYYY-MM` (this month when absent); a bad month is said and ignored."""
    value = ((source if source is not None else request.GET).get("month") or "").strip()
    today = timezone.localdate()
    if value:
        try:
            year, month = periods.parse_month(value)
            if not 2000 <= year <= 2100:
                raise ValueError
            return date(year, month, 1)
        except ValueError:
            messages.warning(
                request,
                _("“%(value)s” is not a month (YYYY-MM): this month is shown.") % {"value": value[:20]},
            )
    return today.replace(day=1)


def list_context(request, filterset, page, **extra) -> dict:
    """A duty list's context: the shared one, with the records' confidentiality level (P-5) for the badge."""
    return filters_list_context(request, filterset, page, secret=SECRET, **extra)


def refused(request, exc: PermissionDenied, back: str):
    """A service said no to this person (403): the reason as a message, and the way back."""
    messages.error(request, str(exc) or _("You may not do this."))
    return render(request, "duty/refused.html", {"back": back}, status=403)


def back_to(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback
