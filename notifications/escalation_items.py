"""The escalation item types (R-1), one block each; the sweep itself is csc/escalation.py.

An app that has not landed yet has no block here: it is added when its models are committed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.db.models import DateTimeField, Expression, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from csc.escalation import GM_OFFICE, OWNER, SUPERVISOR, EscalationLevel, ItemType, Level, owner_field, register


@lru_cache(maxsize=256)
def _template(message: str, language: str | None) -> str:
    return gettext(message)


def t(message: str) -> str:
    """gettext once per message and language: the sweep formats thousands of titles in one run."""
    return _template(message, get_language())


def _hours(value: int) -> timedelta:
    return timedelta(hours=value)


def _date_key(name: str) -> Expression:
    """yyyymmdd of a date-time field: the cycle of an item that can fall due again (a new password)."""
    return ExtractYear(name) * 10000 + ExtractMonth(name) * 100 + ExtractDay(name)


def _password_items() -> QuerySet:
    from accounts.models import User

    return (
        User.objects.filter(is_active=True)
        .exclude(password__startswith="!")  # noqa: S106  unusable password: cannot log in, nothing to remind
        .exclude(groups__name=Role.INTEGRATION_CLIENT)
    )


def _password_expires(row: dict) -> datetime:
    return row["password_changed_at"] + timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)


def _password_title(row: dict, level: EscalationLevel) -> str:
    expires = timezone.localtime(_password_expires(row)).strftime("%Y-%m-%d")
    if level == OWNER and _password_expires(row) <= timezone.now():
        return t(gettext_noop("Your password expired on %(date)s: change it now.")) % {"date": expires}
    if level == OWNER:
        return t(gettext_noop("Your password expires on %(date)s: change it before then.")) % {"date": expires}
    return t(gettext_noop("The password of %(user)s expired on %(date)s.")) % {"user": row["username"], "date": expires}


register(
    ItemType(
        code="password.expiry",
        label=_("Password expiry (P-6)"),
        open_items=_password_items,
        levels=(
            Level(
                OWNER,
                lambda now: Q(
                    password_changed_at__lte=now
                    - timedelta(days=settings.PASSWORD_MAX_AGE_DAYS - settings.PASSWORD_REMIND_DAYS)
                ),
            ),
            Level(
                SUPERVISOR,
                lambda now: Q(password_changed_at__lte=now - timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)),
            ),
        ),
        fields=("username", "password_changed_at"),
        title=_password_title,
        url=lambda row: "/accounts/password/",
        owners=lambda rows: {row["escalation_item"]: [row["pk"]] for row in rows},
        cycle=_date_key("password_changed_at"),
    )
)


# Repair tickets past a T-5 limit (tickets app). Owner level: the station's staff and the agent who took the call
# (seed 004: the agent follows the household up); it also raises the T-6 timing exception events, set-based.
TICKET_LIMITS = {
    "accept": ("accept_due_at", gettext_noop("Repair ticket not accepted in time (T-5)")),
    "contact": ("contact_due_at", gettext_noop("Resident not contacted in time (T-5)")),
    "arrive": ("arrive_due_at", gettext_noop("Technician not on site in time (T-5)")),
    "finish": ("finish_due_at", gettext_noop("Repair not finished in time (T-5)")),
}


def _ticket_owners(rows: list[dict]) -> dict[int, list[int]]:
    from accounts.models import User

    station_ids = {row["station_id"] for row in rows if row["station_id"]}
    staff: dict[int, list[int]] = {}
    for user_id, station_id in User.objects.filter(
        station_id__in=station_ids, is_active=True, groups__name=Role.STATION_STAFF
    ).values_list("pk", "station_id"):
        staff.setdefault(station_id, []).append(user_id)
    return {
        row["escalation_item"]: list(dict.fromkeys([*staff.get(row["station_id"], []), row["created_by_id"]]))
        for row in rows
    }


def _raise_ticket_exceptions(level, rows, now) -> None:
    if level == OWNER:
        from tickets.services import exceptions_raise_overdue

        exceptions_raise_overdue(moment=now)


def _ticket_item_type(limit: str, due_field: str, label) -> ItemType:
    def open_items() -> QuerySet:
        from tickets.selectors import late_condition

        # every ticket still waiting for this step; the levels below compare its deadline with now
        return apps_model("tickets.Ticket").objects.filter(late_condition(moment=FAR_FUTURE, limit_kind=limit))

    def past(delay: Callable[[], timedelta]):
        return lambda now: Q(**{f"{due_field}__lt": now - delay()})  # settings read at each sweep

    def title(row: dict, level: EscalationLevel) -> str:
        due = timezone.localtime(row[due_field]).strftime("%H:%M")
        return t(gettext_noop("%(label)s: ticket %(number)s (%(station)s), due %(due)s")) % {
            "label": t(label),
            "number": row["number"],
            "station": row["station__name"] or "—",
            "due": due,
        }

    return ItemType(
        code=f"ticket.{limit}",
        label=_(label),  # noqa: INT001  the message is marked with gettext_noop in TICKET_LIMITS
        open_items=open_items,
        levels=(
            Level(OWNER, past(lambda: timedelta(0))),
            Level(SUPERVISOR, past(lambda: timedelta(minutes=settings.ESCALATION_TICKET_SUPERVISOR_AFTER_MINUTES))),
            Level(GM_OFFICE, past(lambda: _hours(settings.ESCALATION_GM_AFTER_HOURS))),
        ),
        fields=("number", "station_id", "station__name", "created_by_id", due_field),
        title=title,
        url=lambda row: f"/tickets/{row['number']}/",
        list_url="/tickets/?late=1",
        owners=_ticket_owners,
        on_escalated=_raise_ticket_exceptions,
    )


FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)


def apps_model(label: str):
    from django.apps import apps

    return apps.get_model(label)


for _limit, (_field, _label) in TICKET_LIMITS.items():
    register(_ticket_item_type(_limit, _field, _label))


# Complaints (C-2): owner when 80% of the time is used, supervisor once past due, GM office when long past due.
def _complaint_items() -> QuerySet:
    from complaints.selectors import complaints_due_before

    return complaints_due_before(moment=FAR_FUTURE)


def _complaint_title(row: dict, level: EscalationLevel) -> str:
    due = timezone.localtime(row["due_at"]).strftime("%Y-%m-%d %H:%M")
    if level == OWNER:
        return t(gettext_noop("Complaint %(number)s: 80%% of its time is used, due %(due)s")) % {
            "number": row["number"],
            "due": due,
        }
    return t(gettext_noop("Complaint %(number)s is past its deadline %(due)s")) % {"number": row["number"], "due": due}


register(
    ItemType(
        code="complaint.deadline",
        label=_("Complaint deadlines (C-2)"),
        open_items=_complaint_items,
        levels=(
            Level(
                OWNER,
                lambda now: Q(
                    LessThanOrEqual(
                        ExpressionWrapper(
                            F("due_at") - (F("due_at") - F("accepted_at")) / 5, output_field=DateTimeField()
                        ),
                        now,
                    )
                ),
            ),
            Level(SUPERVISOR, lambda now: Q(due_at__lt=now)),
            Level(GM_OFFICE, lambda now: Q(due_at__lt=now - _hours(settings.ESCALATION_GM_AFTER_HOURS))),
        ),
        fields=("number", "owner_id", "due_at"),
        title=_complaint_title,
        url=lambda row: f"/complaints/{row['number']}/",
        list_url="/complaints/?overdue=1",
        owners=owner_field("owner_id"),
    )
)


# Replies promised to the customer (C-6: the 2-hour first reply and every later promise), told to the complaint's owner.
def _commitment_items() -> QuerySet:
    from complaints.selectors import commitments_due_before

    return commitments_due_before(moment=FAR_FUTURE)


def _commitment_title(row: dict, level: EscalationLevel) -> str:
    due = timezone.localtime(row["due_at"]).strftime("%m-%d %H:%M")
    values = {"number": row["complaint__number"], "due": due}
    if level == OWNER:
        return t(gettext_noop("Complaint %(number)s: the reply promised for %(due)s is due soon")) % values
    return t(gettext_noop("Complaint %(number)s: the reply promised for %(due)s was missed")) % values


register(
    ItemType(
        code="complaint.reply",
        label=_("Promised replies to complainants (C-6)"),
        open_items=_commitment_items,
        levels=(
            Level(OWNER, lambda now: Q(due_at__lte=now + timedelta(minutes=settings.ESCALATION_REPLY_WARN_MINUTES))),
            Level(SUPERVISOR, lambda now: Q(due_at__lt=now)),
            Level(GM_OFFICE, lambda now: Q(due_at__lt=now - _hours(settings.ESCALATION_GM_AFTER_HOURS))),
        ),
        fields=("complaint__number", "complaint__owner_id", "due_at"),
        title=_commitment_title,
        url=lambda row: f"/complaints/{row['complaint__number']}/",
        list_url="/complaints/?overdue=1",
        owners=owner_field("complaint__owner_id"),
    )
)


# Archive documents lent out and not back by their due date (P-4): the borrower, then the supervisor, then the
# GM office when still out a week later.
def _loan_items() -> QuerySet:
    from compliance.models import ArchiveLoan, LoanStatus

    return ArchiveLoan.objects.filter(status=LoanStatus.LENT)


def _loan_past(days: Callable[[], int]):
    return lambda now: Q(due_date__lt=timezone.localtime(now).date() - timedelta(days=days()))


def _loan_title(row: dict, level: EscalationLevel) -> str:
    values = {"number": row["number"], "document": row["document"], "due": row["due_date"].isoformat()}
    return t(gettext_noop("Archive loan %(number)s (%(document)s) was due back on %(due)s")) % values


register(
    ItemType(
        code="archive.loan",
        label=_("Archive loans past due (P-4)"),
        open_items=_loan_items,
        levels=(
            Level(OWNER, _loan_past(lambda: 0)),
            Level(SUPERVISOR, _loan_past(lambda: settings.ESCALATION_LOAN_SUPERVISOR_AFTER_DAYS)),
            Level(GM_OFFICE, _loan_past(lambda: settings.ESCALATION_LOAN_GM_AFTER_DAYS)),
        ),
        fields=("number", "document", "borrower_id", "due_date"),
        title=_loan_title,
        url=lambda row: f"/compliance/loans/{row['number']}/",
        list_url="/compliance/loans/?status=overdue",
        owners=owner_field("borrower_id"),
    )
)


# Law-enforcement requests left open (P-3): the officer who registered it, then the supervisor, then the GM office.
def _enforcement_items() -> QuerySet:
    from compliance.models import ENFORCEMENT_OPEN, EnforcementRequest

    return EnforcementRequest.objects.filter(status__in=ENFORCEMENT_OPEN)


def _enforcement_older(hours: Callable[[], int]):
    return lambda now: Q(received_at__lt=now - _hours(hours()))


def _enforcement_title(row: dict, level: EscalationLevel) -> str:
    received = timezone.localtime(row["received_at"]).strftime("%Y-%m-%d %H:%M")
    values = {"number": row["number"], "authority": row["authority_name"], "received": received}
    return (
        t(gettext_noop("Law-enforcement request %(number)s from %(authority)s is still open (received %(received)s)"))
        % values
    )


register(
    ItemType(
        code="enforcement.pending",
        label=_("Law-enforcement requests left open (P-3)"),
        open_items=_enforcement_items,
        levels=(
            Level(OWNER, _enforcement_older(lambda: settings.ESCALATION_ENFORCEMENT_OWNER_AFTER_HOURS)),
            Level(SUPERVISOR, _enforcement_older(lambda: settings.ESCALATION_ENFORCEMENT_SUPERVISOR_AFTER_HOURS)),
            Level(GM_OFFICE, _enforcement_older(lambda: settings.ESCALATION_ENFORCEMENT_GM_AFTER_HOURS)),
        ),
        fields=("number", "authority_name", "registered_by_id", "received_at"),
        title=_enforcement_title,
        url=lambda row: f"/compliance/enforcement/{row['number']}/",
        list_url="/compliance/enforcement/?status=open",
        owners=owner_field("registered_by_id"),
    )
)
