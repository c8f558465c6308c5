"""Reads of the call centre: visible calls, the desk's current call, the caller screen-pop, scripts, FAQ search."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from callcenter.choices import CallStatus, ScriptKind
from callcenter.defaults import SCRIPT_DEFAULTS
from callcenter.integrations import open_complaints_by_customer, open_tickets_by_customer
from callcenter.models import Call, Consultation, FaqEntry, FaqSynonym, HolidayGreeting, Recording, Script
from csc.permissions import scope
from customers import masking
from customers.models import Customer, CustomerPhone

# --- calls ---------------------------------------------------------------------------------------------


def calls_visible_to(*, user) -> QuerySet[Call]:
    """Agents see the calls they took; leads, supervisors and the GM office see all (K-1)."""
    return scope(user, Call.objects.all()).select_related("agent", "customer")


def calls_for_list(*, user) -> QuerySet[Call]:
    """The call list before its filters (callcenter.filters.CallFilter), each call marked with whether it has a
    recording."""
    return calls_visible_to(user=user).annotate(
        has_recording=Exists(Recording.objects.filter(call=OuterRef("pk"), deleted_at__isnull=True))
    )


def consultations_for_list(*, user) -> QuerySet[Consultation]:
    """The consultation list before its filters (callcenter.filters.ConsultationFilter): an agent's own, every one for
    leads, supervisors and the GM office (the call's rule), with what a row shows joined."""
    return scope(user, Consultation.objects.all()).select_related("agent", "customer", "faq_entry", "call")


def desk_current_call(*, user) -> Call | None:
    """What the agent's desk shows on the left: the call ringing or talking at this agent, else the last answered
    call not yet wrapped up (agents write the summary after the caller hangs up)."""
    recent = timezone.now() - timezone.timedelta(hours=2)
    live = Q(status__in=[CallStatus.RINGING, CallStatus.TALKING])
    unwrapped = Q(status=CallStatus.ENDED, answered_at__isnull=False, wrapped_up_at__isnull=True, ended_at__gte=recent)
    return (
        Call.objects.filter(Q(agent=user) & (live | unwrapped))
        .select_related("customer")
        .order_by(Case(When(live, then=Value(0)), default=Value(1), output_field=IntegerField()), "-created_at")
        .first()
    )


# --- the caller screen-pop (K-2) ------------------------------------------------------------------------


@dataclass
class CallerMatch:
    """One customer who may be on the line, masked per X-3."""

    customer: Customer
    name: str
    phones: list[str]
    addresses: list[str]
    last_calls: list[Call] = field(default_factory=list)
    open_tickets: list = field(default_factory=list)
    open_complaints: list = field(default_factory=list)


@dataclass
class CallerLookup:
    number: str
    matches: list[CallerMatch]
    calls_from_number: list[Call]

    @property
    def is_ambiguous(self) -> bool:
        return len(self.matches) > 1


MAX_MATCHES = 10
LAST_CALLS = 5
_BRIEF_CALL = ("created_at", "direction", "call_type", "status", "agent_number", "summary", "customer_id")


def _open_work_by_customer(customer_ids: list[int]) -> tuple[dict, dict]:
    """Open repair tickets and complaints of these customers, from the apps that own them, one query each."""
    return open_tickets_by_customer(customer_ids), open_complaints_by_customer(customer_ids)


def caller_lookup(*, number: str) -> CallerLookup:
    """Everyone whose record holds this number — several are all shown as 'maybe' — with their history.

    `number` is in the canonical form (customers.phones), as every stored number is. A constant number of queries
    whatever the match count: phones, customers (+2 prefetches), their last calls (a window per customer), calls
    from the number, open tickets, open complaints.
    """
    customers = list(
        Customer.objects.filter(
            is_active=True, pk__in=CustomerPhone.objects.filter(number=number).values("customer_id")
        )
        .order_by("pk")
        .prefetch_related("phones", "addresses")[:MAX_MATCHES]
    )
    customer_ids = [c.pk for c in customers]
    matches: list[CallerMatch] = []
    if customer_ids:
        calls = (
            Call.objects.filter(customer_id__in=customer_ids)
            .annotate(row=Window(RowNumber(), partition_by=F("customer_id"), order_by=F("created_at").desc()))
            .filter(row__lte=LAST_CALLS)
            .only(*_BRIEF_CALL)
            .order_by("customer_id", "-created_at")
        )
        calls_by_customer: dict[int, list[Call]] = {}
        for call in calls:
            calls_by_customer.setdefault(call.customer_id, []).append(call)
        tickets, complaints = _open_work_by_customer(customer_ids)
        for customer in customers:
            matches.append(
                CallerMatch(
                    customer=customer,
                    name=masking.mask_name(customer.name),
                    phones=[masking.mask_phone(p.number) for p in customer.phones.all()],
                    addresses=[masking.mask_address(a.address) for a in customer.addresses.all()],
                    last_calls=calls_by_customer.get(customer.pk, []),
                    open_tickets=tickets.get(customer.pk, []),
                    open_complaints=complaints.get(customer.pk, []),
                )
            )
    calls_from_number = list(
        Call.objects.filter(caller_number=number).only(*_BRIEF_CALL).order_by("-created_at")[:LAST_CALLS]
    )
    return CallerLookup(number=number, matches=matches, calls_from_number=calls_from_number)


# --- scripts (K-2) -------------------------------------------------------------------------------------


AGENT_NUMBER_SLOTS = (
    "【工号】",
    "{工号}",
    "{agent_number}",
)  # where a line says the agent's number (the first is shown)


def has_agent_number_slot(text: str) -> bool:
    return any(slot in text for slot in AGENT_NUMBER_SLOTS)


def _fill(text: str, agent) -> str:
    number = (getattr(agent, "agent_number", "") or "").strip() or "—"
    for slot in AGENT_NUMBER_SLOTS:
        text = text.replace(slot, number)
    return text


def opening_script(*, agent, now: datetime | None = None) -> dict:
    """The opening line for this agent now: a holiday window's line, else 您早 before 10:00, else the normal one."""
    local = timezone.localtime(now or timezone.now())
    greeting = (
        HolidayGreeting.objects.filter(is_active=True, starts_on__lte=local.date(), ends_on__gte=local.date())
        .order_by("-starts_on")
        .first()
    )
    if greeting is not None:
        return {"kind": greeting.holiday, "text": _fill(greeting.text, agent), "holiday": greeting}
    kind = ScriptKind.OPENING_MORNING if local.hour < 10 else ScriptKind.OPENING
    return {"kind": str(kind), "text": _fill(_script_text(kind), agent), "holiday": None}


def closing_script(*, agent) -> str:
    return _fill(_script_text(ScriptKind.CLOSING), agent)


def _script_text(kind: str) -> str:
    script = Script.objects.filter(kind=kind).first()
    return script.text if script else SCRIPT_DEFAULTS[kind]


# --- standard answers (K-6) ----------------------------------------------------------------------------

# Words that carry no meaning in a caller's question (怎么办, 为什么, 吗 …): dropped before matching.
_STOP = [
    "怎么办",
    "怎么回事",
    "怎么样",
    "怎么",
    "为什么",
    "什么",
    "如何",
    "咋办",
    "咋",
    "请问",
    "一下",
    "是不是",
    "能不能",
    "可以",
    "我家",
    "我们",
    "家里",
    "了",
    "吗",
    "呢",
    "啊",
    "吧",
    "的",
    "呀",
    "还",
    "都",
    "也",
    "有",
    "是",
    "在",
    "我",
]
_CJK = re.compile(r"[\u3400-\u9fff]+")
_LATIN = re.compile(r"[a-z0-9]{2,}")


def query_terms(query: str) -> dict[str, int]:
    """Search terms with weights: the synonyms of words found in the query (2), its CJK bigrams (1), Latin words (1).

    Chinese has no spaces; bigrams match any wording that shares two characters, and the synonym groups bridge
    words that share none (暖气不热 ↔ 室内温度不达标). Works the same on PostgreSQL and SQLite (plain LIKE).
    """
    text = unicodedata.normalize("NFKC", query or "").lower().strip()
    terms: dict[str, int] = {}
    groups = [[w.lower() for w in g.term_list] for g in FaqSynonym.objects.filter(is_active=True).only("terms")]
    # Longest words first, each consuming its characters: 暖气费 (fees) is not also 暖气 (heating).
    candidates = sorted(((w, i) for i, words in enumerate(groups) for w in words), key=lambda c: -len(c[0]))
    remaining, matched = text, set()
    for word, index in candidates:
        if word and word in remaining:
            matched.add(index)
            remaining = remaining.replace(word, " " * len(word))
    for index in matched:
        for word in groups[index]:
            terms[word] = max(terms.get(word, 0), 2)
    stripped = text
    for stop in _STOP:
        stripped = stripped.replace(stop, " ")
    for run in _CJK.findall(stripped):
        if len(run) == 1:
            terms.setdefault(run, 1)
        for i in range(len(run) - 1):
            terms.setdefault(run[i : i + 2], 1)
    for word in _LATIN.findall(stripped):
        terms.setdefault(word, 1)
    return terms


def faq_search(*, query: str, entries: QuerySet[FaqEntry] | None = None) -> QuerySet[FaqEntry]:
    """Standard answers (the active ones, or `entries`) ranked by how many query terms they hold; a term in the title
    counts three times. The desk's search box shows the first few."""
    entries = FaqEntry.objects.filter(is_active=True) if entries is None else entries
    terms = query_terms(query)
    if not terms:
        return entries.none()
    score = Value(0)
    condition = Q()
    for term, weight in terms.items():
        in_text = Q(search_text__contains=term)
        condition |= in_text
        score = score + Case(When(in_text, then=Value(weight)), default=Value(0), output_field=IntegerField())
        score = score + Case(
            When(title__icontains=term, then=Value(2 * weight)), default=Value(0), output_field=IntegerField()
        )
    # One shared bigram in the body alone (宽带办理 ~ …营业厅办理) is noise, not an answer.
    minimum = min(2, sum(terms.values()))
    return entries.filter(condition).annotate(score=score).filter(score__gte=minimum).order_by("-score", "title")
