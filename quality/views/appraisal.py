"""The monthly appraisal per agent (K-8), its export, and closing an ended month."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from accounts.models import Team
from csc import exports, periods, text
from csc.api import DomainError
from csc.pagination import query_without_page
from csc.permissions import may
from quality import selectors, services
from quality.models import ErrorType
from quality.views.common import (
    CLOSE_APPRAISAL,
    VIEW_APPRAISAL,
    refused,
    require,
    teams_for,
)


def _month_param(request) -> date:
    """?month=YYYY-MM; none: this month; anything else: a message, and this month."""
    this_month = timezone.localdate().replace(day=1)
    value = (request.GET.get("month") or "").strip()
    if not value:
        return this_month
    try:
        year, month = periods.parse_month(value)
        return date(year, month, 1)
    except (ValueError, TypeError):
        messages.warning(
            request, _("“%(value)s” is not a month (YYYY-MM): this month is shown.") % {"value": value[:20]}
        )
        return this_month


def _team_param(request, teams: list[Team]) -> int | None:
    value = (request.GET.get("team") or "").strip()
    if not value:
        return None
    if value.isdigit() and any(team.pk == int(value) for team in teams):
        return int(value)
    messages.warning(request, _("No such team: every team you see is shown."))
    return None


def _typing_text(typing: dict | None) -> str:
    if not typing:
        return ""
    return _("English %(en)s a minute (%(en_acc)s%%), Chinese %(cn)s a minute (%(cn_acc)s%%)") % {
        "en": typing["english_per_minute"],
        "en_acc": Decimal(typing["english_accuracy"]).normalize(),
        "cn": typing["chinese_per_minute"],
        "cn_acc": Decimal(typing["chinese_accuracy"]).normalize(),
    }


def _adjustment_note(line) -> str:
    """What changed in the closed month before, in words: its fines and its bonus, recomputed minus frozen."""
    if not line.adjusted_fines and not line.adjusted_bonus:
        return ""
    return _("The month before, changed since it was closed: fines %(fines)s yuan, bonus %(bonus)s yuan.") % {
        "fines": f"{line.adjusted_fines:+}",
        "bonus": f"{line.adjusted_bonus:+}",
    }


def _appraisal_rows(appraisal, shown_types: list[ErrorType]) -> list[dict]:
    rows = []
    for line in appraisal.lines:
        rows.append(
            {
                "line": line,
                "errors": [
                    {"name": kind.name, **line.errors.get(kind.code, {"count": 0, "amount": Decimal(0)})}
                    for kind in shown_types
                ],
                "error_count": sum(entry["count"] for entry in line.errors.values()),
                "typing": _typing_text(line.typing),
                "adjustment_note": _adjustment_note(line),
            }
        )
    return rows


@login_required
def appraisal(request):
    """The month's appraisal per agent (K-8): own, the team's, or all; a closed month shows its frozen rows."""
    require(request, VIEW_APPRAISAL)
    user = request.user
    month = _month_param(request)
    teams = teams_for(user)
    team = _team_param(request, teams)
    data = selectors.appraisal(month=month, user=user, team=team)
    fmt = exports.requested_format(request)
    if fmt:
        return _appraisal_export(request, data, user=user, team=team, fmt=fmt)
    used = {code for line in data.lines for code in line.errors}
    shown_types = [kind for kind in data.error_types if kind.code in used]
    previous = (month - timedelta(days=1)).replace(day=1)
    following = (month + timedelta(days=32)).replace(day=1)
    this_month = timezone.localdate().replace(day=1)
    query = request.GET.copy()
    query["month"] = f"{month:%Y-%m}"
    context = {
        "appraisal": data,
        "month": month,
        "month_value": f"{month:%Y-%m}",
        "rows": _appraisal_rows(data, shown_types),
        "shown_types": shown_types,
        "praise_types": data.praise_types,
        "teams": teams,
        "team": team,
        "previous": f"{previous:%Y-%m}",
        "following": f"{following:%Y-%m}" if following <= this_month else "",
        "may_close": data.closed is None and month < this_month and may(user, CLOSE_APPRAISAL),
        "count": len(data.lines),
        "query": query_without_page(query),
    }
    return render(request, "quality/appraisal.html", context)


def _appraisal_export(request, data, *, user, team: int | None, fmt: str):
    lines = {line.agent_id: line for line in data.lines}
    agents = selectors.appraised_agents(month=data.month, user=user, team=team).filter(pk__in=list(lines))
    types = data.error_types
    header = [
        _("Month"),
        _("Agent number"),
        _("Agent"),
        pgettext("quality", "Team"),
        _("Calls taken"),
        _("Callbacks done"),
        _("Spot checks"),
        _("Average score (%)"),
        _("Checks scored zero"),
        _("Not acknowledged"),
    ]
    for kind in types:
        header += [
            _("%(type)s (count)") % {"type": kind.name},
            _("%(type)s (yuan)") % {"type": kind.name},
        ]
    header += [
        _("Deductions (yuan)"),
        pgettext("quality", "Praise"),
        _("Reward level"),
        _("Bonus (yuan)"),
        _("Typing test"),
        _("Adjustment from the month before (yuan)"),
        _("Net amount (yuan)"),
    ]
    month_text = f"{data.month:%Y-%m}"

    def row(agent) -> list:
        line = lines[agent.pk]
        cells = [
            month_text,
            line.agent_number,
            line.agent,
            line.team,
            line.calls_taken,
            line.callbacks_done,
            line.checks,
            line.average_score if line.average_score is not None else "",
            line.zeroed_checks,
            line.unacknowledged,
        ]
        for kind in types:
            entry = line.errors.get(kind.code)
            cells += [entry["count"] if entry else 0, entry["amount"] if entry else Decimal(0)]
        cells += [
            line.error_amount,
            line.praise_count,
            line.reward_level or "",
            line.reward_amount,
            _typing_text(line.typing),
            line.adjustment,
            line.net_amount,
        ]
        return cells

    return exports.export_response(
        request,
        list_code="appraisal",
        title=_("Monthly appraisal %(month)s") % {"month": month_text},
        header=header,
        queryset=agents,
        row=row,
        fmt=fmt,
    )


@login_required
@require_POST
def appraisal_close(request):
    """The supervisor closes an ended month: each agent's row is frozen as it stands."""
    require(request, CLOSE_APPRAISAL)
    value = (request.POST.get("month") or "").strip()
    try:
        year, month = periods.parse_month(value) if value else (0, 0)
        first = date(year, month, 1)
    except (ValueError, TypeError):
        messages.error(request, _("Choose the month to close (YYYY-MM)."))
        return redirect("quality:appraisal")
    target = reverse("quality:appraisal") + f"?month={first:%Y-%m}"
    try:
        services.appraisal_close(month=first, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    except PermissionDenied as exc:
        refused(request, exc, _("You may not close a month."))
    else:
        messages.success(request, _("%(month)s closed: its rows are frozen.") % {"month": text.report_month(first)})
    return HttpResponseRedirect(target)
