"""The overdue-escalation sweep (R-1): a registry of small item types, swept set-based, each level notified once.

Escalation lives here whole: the item-type registry, the sweep and its ledger (csc.models.Escalation). An item
type is one small unit: which open rows it covers (a selector of the owning app), the levels in order owner →
supervisor → GM office with the moment each is reached, who each level tells, and the message. The app that owns
the rows declares it in its own `escalation.py` and registers it from its AppConfig.ready() (complaints: deadlines
and promises; tickets: the T-5 time limits; compliance: loans and law-enforcement requests; accounts: password
expiry). The supervisor and GM-office levels tell the members of the role groups accounts names with
`set_level_roles`; the notifications go out through the csc.messaging port.

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
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Expression, F, Q, QuerySet, Value
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, ngettext

from csc.messaging import Message, notifications_send, register_kind
from csc.models import Escalation, EscalationLevel

logger = logging.getLogger(__name__)

OWNER, SUPERVISOR, GM_OFFICE = EscalationLevel.OWNER, EscalationLevel.SUPERVISOR, EscalationLevel.GM_OFFICE
LEVEL_ROLE: dict[int, str] = {}  # level → the role group it tells; filled by accounts (set_level_roles)


def set_level_roles(roles: dict[int, str]) -> None:
    """Which role group each level above the owner tells (accounts knows the roles)."""
    LEVEL_ROLE.update({int(level): str(role) for level, role in roles.items()})


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
    # who each level tells, when the item type has its own ladder (callbacks: owner → team lead → supervisor):
    # (level, rows) → item key → user ids; replaces `owners` and the level roles
    recipients: Callable[[EscalationLevel, list[dict]], dict[int, list[int]]] | None = None

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


# --- helpers for the item types -----------------------------------------------------------------------

FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)  # "every item still open", for selectors that take a moment


@lru_cache(maxsize=256)
def _template(message: str, language: str | None) -> str:
    return gettext(message)


def translated(message: str) -> str:
    """gettext once per message and language: the sweep formats thousands of titles in one run."""
    return _template(message, get_language())


def date_key(name: str) -> Expression:
    """yyyymmdd of a date-time field: the cycle of an item that can fall due again (a new password)."""
    return ExtractYear(name) * 10000 + ExtractMonth(name) * 100 + ExtractDay(name)


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


def _role_members(role: str | None) -> list[int]:
    if role is None:
        return []
    users = get_user_model().objects.filter(groups__name=role, is_active=True)
    return list(users.values_list("pk", flat=True).distinct())


def digest_title(*, count: int, label: str) -> str:
    """The one summary a supervisor gets when many items escalate at once (R-1)."""
    return ngettext(
        "%(count)d item newly escalated: %(label)s", "%(count)d items newly escalated: %(label)s", count
    ) % {"count": count, "label": label}


def _messages(item_type: ItemType, step: Level, rows: list[dict], content_type_id: int) -> list[Message]:
    """Per item and recipient; a recipient with more than ESCALATION_DIGEST_ABOVE at once gets one summary."""
    if item_type.recipients is not None:
        told = item_type.recipients(step.level, rows)
        pairs = [(user_id, row) for row in rows for user_id in told.get(row["escalation_item"], [])]
    elif step.level == OWNER:
        owners = (item_type.owners or owner_field("owner_id"))(rows)
        pairs = [(user_id, row) for row in rows for user_id in owners.get(row["escalation_item"], [])]
    else:
        members = _role_members(LEVEL_ROLE.get(int(step.level)))
        pairs = [(user_id, row) for row in rows for user_id in members]
    per_recipient = Counter(user_id for user_id, _row in pairs)
    flooded = {user_id for user_id, count in per_recipient.items() if count > settings.ESCALATION_DIGEST_ABOVE}
    messages = [
        Message(
            recipient_id=user_id,
            kind=item_type.kind,
            title=item_type.title(row, step.level),
            url=item_type.url(row),
            target_type_id=content_type_id,
            target_id=str(row["pk"]),
        )
        for user_id, row in pairs
        if user_id not in flooded
    ]
    # Many at once (a backlog after an outage): one summary per person instead of a flood.
    label = str(item_type.label)
    messages += [
        Message(
            recipient_id=user_id,
            kind=item_type.kind,
            title=digest_title(count=per_recipient[user_id], label=label),
            url=item_type.list_url,
        )
        for user_id in sorted(flooded)
    ]
    return messages


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
            result.notifications += notifications_send(_messages(item_type, step, rows, content_type_id))
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
