"""The overdue-escalation sweep (R-1): a registry of small item types, swept set-based, each level notified once.

An item type is one small unit: which open rows it covers (a selector of the owning app), the levels in order
owner → supervisor → GM office with the moment each is reached, who each level tells, and the message. Adding
one is one `register(ItemType(...))` block at the end of this file, nothing else.

Per item type and level the sweep runs one INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING into the
escalation ledger (unique on item type, item, cycle, level): the rows it returns are exactly the items that
reached the level since any earlier run, whichever worker ran it. Then one SELECT for their details, one for
the role's members and the notifications' own constant handful — a bounded number of statements per item
type, however many rows are open. Each item type runs in its own transaction under a PostgreSQL advisory
lock, so an overlapping run skips a type another worker is sweeping; the unique constraint alone already
makes a duplicate impossible. On SQLite (the embedded default) writes are serialised by the database itself.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import DateTimeField, Expression, ExpressionWrapper, F, Q, QuerySet, Value
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.roles import Role
from notifications.kinds import register_kind
from notifications.models import Escalation, EscalationLevel
from notifications.services import Message, notifications_create

logger = logging.getLogger(__name__)

OWNER, SUPERVISOR, GM_OFFICE = EscalationLevel.OWNER, EscalationLevel.SUPERVISOR, EscalationLevel.GM_OFFICE
LEVEL_ROLE = {SUPERVISOR: Role.SUPERVISOR, GM_OFFICE: Role.GM_OFFICE}


@dataclass(frozen=True)
class Level:
    """One step of an item type's ladder: reached when `reached(now)` holds for an open item."""

    level: EscalationLevel
    reached: Callable[[datetime], Q]


@dataclass(frozen=True)
class ItemType:
    """One kind of late item. Rows come from `open_items()`; `fields` are read for the message and recipients."""

    code: str  # also the notification kind "escalation.<code>"
    label: str | Promise
    open_items: Callable[[], QuerySet]
    levels: tuple[Level, ...]
    fields: tuple[str, ...]
    title: Callable[[dict, EscalationLevel], str]
    url: Callable[[dict], str] = lambda row: ""
    list_url: str = ""  # where a summary notification points when many items escalate at once
    owners: Callable[[list[dict]], dict[int, list[int]]] | None = None  # item key → users told at OWNER level
    cycle: Expression = field(default_factory=lambda: Value(0))  # items that can become late again: which time
    on_escalated: Callable[[EscalationLevel, list[dict], datetime], None] | None = None  # e.g. raise T-6 events

    @property
    def kind(self) -> str:
        return f"escalation.{self.code}"


REGISTRY: dict[str, ItemType] = {}


def register(item_type: ItemType) -> ItemType:
    """Add an item type to the sweep; its notification kind appears on everyone's preferences page."""
    if item_type.code in REGISTRY:
        raise ValueError(f"escalation item type {item_type.code!r} is registered twice")
    levels = [step.level for step in item_type.levels]
    if levels != sorted(set(levels)):
        raise ValueError(f"{item_type.code}: levels must go owner → supervisor → GM office, each once")
    REGISTRY[item_type.code] = item_type
    register_kind(item_type.kind, item_type.label, email=True)
    return item_type


def owner_field(name: str) -> Callable[[list[dict]], dict[int, list[int]]]:
    """OWNER level tells the user in this field of the item (the complaint's 首问负责人, the ticket's agent)."""

    def owners(rows: list[dict]) -> dict[int, list[int]]:
        return {row["escalation_item"]: [row[name]] for row in rows if row.get(name)}

    return owners


# --- the sweep ------------------------------------------------------------------------------------------


@dataclass
class SweepResult:
    escalated: dict[str, dict[int, int]] = field(default_factory=dict)  # code → level → items newly escalated
    notifications: int = 0
    skipped: list[str] = field(default_factory=list)  # item types another worker was sweeping

    @property
    def total(self) -> int:
        return sum(sum(levels.values()) for levels in self.escalated.values())


def _try_lock(code: str) -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [7007, zlib.crc32(code.encode()) & 0x7FFFFFFF])
        return bool(cursor.fetchone()[0])


def _claim(item_type: ItemType, step: Level, now: datetime) -> list[tuple[int, int]]:
    """Insert the ledger rows for items that reached the level; returns (item key, cycle) of the new ones."""
    candidates = (
        item_type.open_items()
        .filter(step.reached(now))
        .annotate(escalation_item=F("pk"), escalation_cycle=item_type.cycle)
        .values("escalation_item", "escalation_cycle")
        .order_by()
    )
    select_sql, params = candidates.query.sql_with_params()
    table = Escalation._meta.db_table
    sql = (
        f"INSERT INTO {table} (item_type, item_id, cycle, level, escalated_at) "  # noqa: S608  names are ours
        f"SELECT %s, c.escalation_item, c.escalation_cycle, %s, %s FROM ({select_sql}) AS c WHERE true "
        "ON CONFLICT (item_type, item_id, cycle, level) DO NOTHING RETURNING item_id, cycle"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [item_type.code, int(step.level), now, *params])
        return [(row[0], row[1]) for row in cursor.fetchall()]


def _role_members(role: str) -> list[int]:
    from accounts.models import User

    return list(User.objects.filter(groups__name=str(role), is_active=True).values_list("pk", flat=True).distinct())


def _messages(item_type: ItemType, step: Level, rows: list[dict], content_type_id: int) -> list[Message]:
    def one(user_id: int, row: dict) -> Message:
        return Message(
            recipient_id=user_id,
            kind=item_type.kind,
            title=str(item_type.title(row, step.level)),
            url=item_type.url(row),
            target_type_id=content_type_id,
            target_id=str(row["pk"]),
        )

    if step.level == OWNER:
        owners = (item_type.owners or owner_field("owner_id"))(rows)
        return [one(user_id, row) for row in rows for user_id in owners.get(row["escalation_item"], [])]
    members = _role_members(LEVEL_ROLE[step.level])
    if len(rows) <= settings.ESCALATION_DIGEST_ABOVE:
        return [one(user_id, row) for row in rows for user_id in members]
    # Many at once (a backlog after an outage): one summary per person instead of a flood.
    title = ngettext(
        "%(count)d item newly escalated: %(label)s", "%(count)d items newly escalated: %(label)s", len(rows)
    ) % {"count": len(rows), "label": item_type.label}
    return [
        Message(recipient_id=user_id, kind=item_type.kind, title=title, url=item_type.list_url) for user_id in members
    ]


def sweep_item_type(
    item_type: ItemType, *, now: datetime | None = None, result: SweepResult | None = None
) -> SweepResult:
    """Escalate one item type: every level it reached, in order, in one transaction."""
    now = now or timezone.now()
    result = result or SweepResult()
    with transaction.atomic():
        if not _try_lock(item_type.code):
            result.skipped.append(item_type.code)
            return result
        model = item_type.open_items().model
        content_type_id = ContentType.objects.get_for_model(model).pk
        for step in item_type.levels:
            claimed = _claim(item_type, step, now)
            if not claimed:
                continue
            keys = [key for key, _cycle in claimed]
            rows = list(
                item_type.open_items()
                .annotate(escalation_item=F("pk"))
                .filter(escalation_item__in=keys)
                .values("escalation_item", "pk", *item_type.fields)
                .order_by("pk")
            )
            result.escalated.setdefault(item_type.code, {})[int(step.level)] = len(rows)
            result.notifications += len(
                notifications_create(messages=_messages(item_type, step, rows, content_type_id))
            )
            if item_type.on_escalated is not None:
                item_type.on_escalated(step.level, rows, now)
    return result


def sweep(*, now: datetime | None = None, codes: Iterable[str] | None = None) -> SweepResult:
    """Run every registered item type (or those named); one failing type does not stop the others."""
    now = now or timezone.now()
    result = SweepResult()
    failed = []
    for code, item_type in REGISTRY.items():
        if codes is not None and code not in codes:
            continue
        try:
            sweep_item_type(item_type, now=now, result=result)
        except Exception:
            logger.exception("escalation sweep failed for %s", code)
            failed.append(code)
    if failed:
        raise SweepFailed(failed, result)
    return result


class SweepFailed(Exception):
    """Some item types failed (logged with their traceback); the others were swept and committed."""

    def __init__(self, codes: list[str], result: SweepResult):
        super().__init__(f"escalation sweep failed for: {', '.join(codes)}")
        self.codes = codes
        self.result = result


# --- item types -----------------------------------------------------------------------------------------
# One block each. An app that has not landed yet has no block: it is added when its models are committed.


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
        return _("Your password expired on %(date)s: change it now.") % {"date": expires}
    if level == OWNER:
        return _("Your password expires on %(date)s: change it before then.") % {"date": expires}
    return _("The password of %(user)s expired on %(date)s.") % {"user": row["username"], "date": expires}


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
    "accept": ("accept_due_at", _("Repair ticket not accepted in time (T-5)")),
    "contact": ("contact_due_at", _("Resident not contacted in time (T-5)")),
    "arrive": ("arrive_due_at", _("Technician not on site in time (T-5)")),
    "finish": ("finish_due_at", _("Repair not finished in time (T-5)")),
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
        return _("%(label)s: ticket %(number)s (%(station)s), due %(due)s") % {
            "label": label,
            "number": row["number"],
            "station": row["station__name"] or "—",
            "due": due,
        }

    return ItemType(
        code=f"ticket.{limit}",
        label=label,
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
        return _("Complaint %(number)s: 80%% of its time is used, due %(due)s") % {"number": row["number"], "due": due}
    return _("Complaint %(number)s is past its deadline %(due)s") % {"number": row["number"], "due": due}


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
        return _("Complaint %(number)s: the reply promised for %(due)s is due soon") % values
    return _("Complaint %(number)s: the reply promised for %(due)s was missed") % values


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
