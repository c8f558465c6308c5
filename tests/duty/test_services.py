"""The duty services (K-7, K-9, P-5): the rota and its overlaps (across midnight too), the month saved at once, swaps a
day ahead decided by a lead, handovers carrying the records' follow-ups and signed in order, the duty log signed once
and checked by the supervisor, incidents with notices and the report that closes them, and who sees handovers and
duty logs. Through the services, as the pages and the API call them."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.roles import Role
from callbacks import services as callback_services
from callbacks.models import Callback
from complaints.models import Complaint, ReplyCommitment
from csc.api import DomainError
from csc.permissions import may, scope
from duty import selectors, services
from duty.choices import HandoverState, IncidentKind, IncidentState, ItemKind, NoticeChannel, SwapState
from duty.models import (
    DutyLog,
    DutyLogCheck,
    DutyLogEntry,
    DutySettings,
    Handover,
    HandoverItem,
    Incident,
    IncidentNotice,
    RotaEntry,
    Shift,
    SwapRequest,
)
from tests.duty.conftest import DAY, EVENING, NIGHT, REPORT, at, in_days, shift_now
from tests.factories import UserFactory
from tickets import services as ticket_services
from tickets.choices import Status as TicketStatus
from tickets.outages import outage_declare

pytestmark = pytest.mark.django_db


def _rota() -> list[tuple]:
    return list(
        RotaEntry.objects.order_by("id").values_list("id", "day", "shift_id", "agent_id", "cancelled_at", "starts_at")
    )


def _errors(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


@pytest.fixture
def late_shift(db) -> Shift:
    """An extra shift 22:00–06:00 (crosses midnight), overlapping the evening shift and the next day's night shift."""
    return Shift.objects.create(name="夜间加班", starts_at=time(22), ends_at=time(6), order=9)


# --- the rota ------------------------------------------------------------------------------------------------------


def test_k7_an_entry_carries_its_shift_as_moments_an_evening_shift_ending_at_midnight(shifts, put_on, agent):
    day = in_days(5)

    entry = put_on(agent, EVENING, day)

    assert (entry.day, entry.shift, entry.agent) == (day, shifts[EVENING], agent)
    assert (entry.starts_at, entry.ends_at) == (at(day, 16), at(day + timedelta(days=1), 0))
    assert entry.cancelled_at is None


def test_k7_the_evening_shift_then_the_next_days_night_shift_is_no_overlap(put_on, agent):
    day = in_days(5)
    put_on(agent, EVENING, day)  # 16:00–00:00

    night = put_on(agent, NIGHT, day + timedelta(days=1))  # 00:00–08:00 the next day

    assert night.starts_at == at(day + timedelta(days=1), 0)
    assert RotaEntry.objects.filter(agent=agent, cancelled_at=None).count() == 2


def test_k7_two_shifts_whose_times_overlap_are_refused_for_one_person(shifts, put_on, late_shift, team_lead, agent):
    day = in_days(5)
    put_on(agent, EVENING, day)
    put_on(agent, NIGHT, day + timedelta(days=2))
    before = _rota()

    with pytest.raises(ValidationError) as same_evening:  # 22:00–06:00 inside 16:00–00:00
        services.rota_assign(day=day, shift=late_shift, agent=agent, actor=team_lead)
    with pytest.raises(ValidationError) as across_midnight:  # 22:00 the day before – 06:00 overlaps 00:00–08:00
        services.rota_assign(day=day + timedelta(days=1), shift=late_shift, agent=agent, actor=team_lead)
    with pytest.raises(ValidationError) as twice:
        put_on(agent, EVENING, day)

    assert "中班" in _errors(same_evening.value)["agent"][0]
    assert "夜班" in _errors(across_midnight.value)["agent"][0]
    assert list(_errors(twice.value)) == ["agent"]
    assert _rota() == before


def test_k7_another_person_may_work_the_same_shift(put_on, agent, other_agent):
    day = in_days(5)
    put_on(agent, DAY, day)

    put_on(other_agent, DAY, day)

    assert RotaEntry.objects.filter(day=day, cancelled_at=None).count() == 2


def test_k7_only_a_lead_builds_the_rota_and_only_with_people_and_shifts_in_use(shifts, agent, team_lead, station_user):
    day = in_days(5)
    retired = Shift.objects.create(name="旧班", starts_at=time(9), ends_at=time(17), is_active=False)

    with pytest.raises(PermissionDenied):
        services.rota_assign(day=day, shift=shifts[DAY], agent=agent, actor=agent)
    with pytest.raises(ValidationError) as no_number:
        services.rota_assign(day=day, shift=shifts[DAY], agent=station_user, actor=team_lead)
    with pytest.raises(ValidationError) as not_in_use:
        services.rota_assign(day=day, shift=retired, agent=agent, actor=team_lead)

    assert list(_errors(no_number.value)) == ["agent"]
    assert list(_errors(not_in_use.value)) == ["shift"]
    assert not RotaEntry.objects.exists()


def test_k7_taking_someone_off_cancels_the_entry_once(put_on, agent, team_lead):
    entry = put_on(agent, DAY, in_days(5))

    services.rota_remove(entry=entry, actor=team_lead)

    entry.refresh_from_db()
    assert entry.cancelled_at is not None and entry.cancelled_by == team_lead
    with pytest.raises(DomainError):
        services.rota_remove(entry=entry, actor=team_lead)
    with pytest.raises(PermissionDenied):
        services.rota_remove(entry=put_on(agent, DAY, in_days(6)), actor=agent)
    put_on(agent, DAY, in_days(5))  # the cancelled entry no longer blocks the shift


def test_k7_a_shift_whose_swap_waits_for_a_lead_is_not_taken_off(agent_on_rota, agent, other_agent, team_lead):
    services.swap_request(entry=agent_on_rota, actor=agent, counterpart=other_agent, reason="家中有事")

    with pytest.raises(DomainError):
        services.rota_remove(entry=agent_on_rota, actor=team_lead)

    agent_on_rota.refresh_from_db()
    assert agent_on_rota.cancelled_at is None


def test_k7_the_month_saved_at_once_adds_and_cancels_and_leaves_cells_not_given(
    shifts, put_on, agent, other_agent, team_lead
):
    first = in_days(40).replace(day=1)
    kept = put_on(agent, DAY, first)
    dropped = put_on(other_agent, DAY, first)
    untouched = put_on(other_agent, EVENING, first + timedelta(days=1))

    result = services.rota_month_save(
        month=first,
        wanted={
            (first, shifts[DAY].pk): {agent.pk},
            (first, shifts[EVENING].pk): {other_agent.pk},
            (first + timedelta(days=2), shifts[NIGHT].pk): {agent.pk, other_agent.pk},
        },
        actor=team_lead,
    )

    assert result == {"added": 3, "removed": 1}
    on = set(RotaEntry.objects.filter(cancelled_at=None).values_list("day", "shift__name", "agent__username"))
    assert on == {
        (first, DAY, "agent_a"),
        (first, EVENING, "agent_b"),
        (first + timedelta(days=1), EVENING, "agent_b"),
        (first + timedelta(days=2), NIGHT, "agent_a"),
        (first + timedelta(days=2), NIGHT, "agent_b"),
    }
    assert RotaEntry.objects.get(pk=dropped.pk).cancelled_by == team_lead
    assert RotaEntry.objects.get(pk=kept.pk).cancelled_at is None
    assert RotaEntry.objects.get(pk=untouched.pk).cancelled_at is None


def test_k7_the_month_reports_every_overlap_and_saves_nothing(
    shifts, put_on, late_shift, agent, other_agent, team_lead
):
    first = in_days(40).replace(day=1)
    last_of_before = first - timedelta(days=1)
    put_on(other_agent, EVENING, first + timedelta(days=3))
    services.rota_assign(day=last_of_before, shift=late_shift, agent=agent, actor=team_lead)  # 22:00 → 06:00 on the 1st
    before = _rota()

    with pytest.raises(ValidationError) as caught:
        services.rota_month_save(
            month=first,
            wanted={
                (first, shifts[NIGHT].pk): {agent.pk},  # the month before's late shift runs into it
                (first + timedelta(days=3), late_shift.pk): {other_agent.pk},  # inside their evening shift
                (first + timedelta(days=5), shifts[EVENING].pk): {agent.pk},
                (first + timedelta(days=5), late_shift.pk): {agent.pk},  # two new ones overlapping each other
                (first + timedelta(days=6), shifts[DAY].pk): {other_agent.pk},  # fine, but not saved either
            },
            actor=team_lead,
        )

    messages = _errors(caught.value)["rota"]
    assert len(messages) == 3
    assert _rota() == before


def test_k7_the_month_refuses_days_outside_it_and_people_without_an_agent_number(
    shifts, agent, station_user, team_lead
):
    first = in_days(40).replace(day=1)

    with pytest.raises(ValidationError) as caught:
        services.rota_month_save(
            month=first,
            wanted={
                (first - timedelta(days=1), shifts[DAY].pk): {agent.pk},
                (first, shifts[DAY].pk): {station_user.pk},
                (first, 999999): {agent.pk},
            },
            actor=team_lead,
        )

    assert len(_errors(caught.value)["rota"]) == 3
    assert not RotaEntry.objects.exists()
    with pytest.raises(PermissionDenied):
        services.rota_month_save(month=first, wanted={}, actor=agent)


# --- swaps -----------------------------------------------------------------------------------------------------------


def test_k7_a_swap_is_asked_a_day_ahead_by_the_person_on_the_shift(put_on, agent, other_agent):
    tomorrow = put_on(agent, DAY, in_days(1))

    swap = services.swap_request(entry=tomorrow, actor=agent, counterpart=other_agent, reason=" 家中有事 ")

    assert (swap.state, swap.requester, swap.counterpart, swap.reason) == (
        SwapState.REQUESTED,
        agent,
        other_agent,
        "家中有事",
    )
    tomorrow.refresh_from_db()
    assert tomorrow.agent == agent  # nothing changes until a lead approves


def test_k7_a_swap_asked_too_late_is_refused_and_the_notice_is_a_setting(put_on, agent, other_agent):
    today = put_on(agent, DAY, in_days(0))
    tomorrow = put_on(agent, EVENING, in_days(1))

    with pytest.raises(ValidationError) as too_late:
        services.swap_request(entry=today, actor=agent, counterpart=other_agent, reason="有事")
    DutySettings.objects.update(swap_notice_days=2)
    with pytest.raises(ValidationError) as two_days:
        services.swap_request(entry=tomorrow, actor=agent, counterpart=other_agent, reason="有事")

    assert list(_errors(too_late.value)) == ["entry"]
    assert "2" in _errors(two_days.value)["entry"][0]
    assert not SwapRequest.objects.exists()


def test_k7_only_the_owner_asks_with_a_colleague_and_a_reason(agent_on_rota, agent, other_agent, station_user):
    with pytest.raises(PermissionDenied):
        services.swap_request(entry=agent_on_rota, actor=other_agent, counterpart=agent, reason="代他申请")
    with pytest.raises(ValidationError) as caught:
        services.swap_request(entry=agent_on_rota, actor=agent, counterpart=station_user, reason="  ")
    with pytest.raises(ValidationError) as self_swap:
        services.swap_request(entry=agent_on_rota, actor=agent, counterpart=agent, reason="有事")

    assert set(_errors(caught.value)) == {"counterpart", "reason"}
    assert list(_errors(self_swap.value)) == ["counterpart"]
    assert not SwapRequest.objects.exists()


def test_k7_one_swap_of_a_shift_waits_at_a_time(agent_on_rota, agent, other_agent):
    services.swap_request(entry=agent_on_rota, actor=agent, counterpart=other_agent, reason="有事")

    with pytest.raises(DomainError):
        services.swap_request(entry=agent_on_rota, actor=agent, counterpart=other_agent, reason="再次申请")

    assert SwapRequest.objects.count() == 1


def test_k7_a_lead_approves_and_the_agents_change_places(agent_on_rota, agent, other_agent, team_lead):
    swap = services.swap_request(entry=agent_on_rota, actor=agent, counterpart=other_agent, reason="有事")

    swap = services.swap_decide(swap=swap, actor=team_lead, approve=True, note=" 同意 ")

    assert (swap.state, swap.decided_by, swap.decision_note) == (SwapState.APPROVED, team_lead, "同意")
    agent_on_rota.refresh_from_db()
    assert agent_on_rota.agent == other_agent
    with pytest.raises(DomainError):
        services.swap_decide(swap=swap, actor=team_lead, approve=False)


def test_k7_only_a_lead_of_the_team_decides_and_never_their_own_swap(
    put_on, agent_on_rota, agent, other_agent, team_lead, other_team_lead, supervisor
):
    swap = services.swap_request(entry=agent_on_rota, actor=agent, counterpart=other_agent, reason="有事")
    own = services.swap_request(
        entry=put_on(team_lead, DAY, in_days(4)), actor=team_lead, counterpart=agent, reason="培训"
    )

    for actor in (agent, other_agent, other_team_lead):
        with pytest.raises(PermissionDenied):
            services.swap_decide(swap=swap, actor=actor, approve=True)
    with pytest.raises(PermissionDenied):
        services.swap_decide(swap=own, actor=team_lead, approve=True)

    assert set(SwapRequest.objects.values_list("state", flat=True)) == {SwapState.REQUESTED}
    assert services.swap_decide(swap=own, actor=supervisor, approve=True).state == SwapState.APPROVED


def test_k7_approval_checks_the_overlaps_again(agent_on_rota, put_on, agent, other_agent, team_lead):
    swap = services.swap_request(entry=agent_on_rota, actor=agent, counterpart=other_agent, reason="有事")
    put_on(other_agent, DAY, agent_on_rota.day)  # put on the same shift meanwhile

    with pytest.raises(ValidationError) as caught:
        services.swap_decide(swap=swap, actor=team_lead, approve=True)

    assert list(_errors(caught.value)) == ["swap"]
    swap.refresh_from_db()
    agent_on_rota.refresh_from_db()
    assert (swap.state, agent_on_rota.agent) == (SwapState.REQUESTED, agent)


def test_k7_a_swap_left_waiting_past_its_shift_is_only_refused(put_on, agent, other_agent, team_lead):
    yesterday = put_on(agent, DAY, in_days(-1))
    swap = SwapRequest.objects.create(  # asked in time, three days ago, and never decided
        entry=yesterday,
        requester=agent,
        counterpart=other_agent,
        reason="有事",
        requested_at=timezone.now() - timedelta(days=3),
    )

    with pytest.raises(DomainError) as caught:
        services.swap_decide(swap=swap, actor=team_lead, approve=True)

    assert caught.value.code == "started"
    yesterday.refresh_from_db()
    assert yesterday.agent == agent
    assert services.swap_decide(swap=swap, actor=team_lead, approve=False).state == SwapState.REFUSED


def test_k7_an_exchange_gives_each_the_others_shift(put_on, agent_on_rota, agent, other_agent, team_lead):
    theirs = put_on(other_agent, EVENING, agent_on_rota.day)  # 16:00–00:00 right after agent's day shift

    swap = services.swap_request(
        entry=agent_on_rota, actor=agent, counterpart=other_agent, counterpart_entry=theirs, reason="换班"
    )
    services.swap_decide(swap=swap, actor=team_lead, approve=True)

    agent_on_rota.refresh_from_db()
    theirs.refresh_from_db()
    assert (agent_on_rota.agent, theirs.agent) == (other_agent, agent)


def test_k7_an_exchange_needs_a_shift_of_the_colleague(put_on, agent_on_rota, agent, other_agent, team_lead):
    not_theirs = put_on(team_lead, EVENING, agent_on_rota.day)

    with pytest.raises(ValidationError) as caught:
        services.swap_request(
            entry=agent_on_rota, actor=agent, counterpart=other_agent, counterpart_entry=not_theirs, reason="换班"
        )

    assert list(_errors(caught.value)) == ["counterpart_entry"]


def test_k7_a_refused_swap_leaves_the_rota_and_only_the_asker_withdraws(agent_on_rota, agent, other_agent, team_lead):
    refused = services.swap_decide(
        swap=services.swap_request(entry=agent_on_rota, actor=agent, counterpart=other_agent, reason="有事"),
        actor=team_lead,
        approve=False,
        note="人手不足",
    )
    again = services.swap_request(entry=agent_on_rota, actor=agent, counterpart=other_agent, reason="有事")

    with pytest.raises(PermissionDenied):
        services.swap_withdraw(swap=again, actor=other_agent)
    withdrawn = services.swap_withdraw(swap=again, actor=agent)

    assert (refused.state, refused.decision_note, withdrawn.state) == (
        SwapState.REFUSED,
        "人手不足",
        SwapState.WITHDRAWN,
    )
    agent_on_rota.refresh_from_db()
    assert agent_on_rota.agent == agent
    with pytest.raises(DomainError):
        services.swap_withdraw(swap=refused, actor=agent)


# --- handovers -----------------------------------------------------------------------------------------------------


@pytest.fixture
def records(agent, other_agent, ticket_input, hongcheng_user, register, incident):
    """The agent's records a handover reads, and a few it must leave out."""
    now = timezone.now()
    waiting = ticket_services.ticket_create(actor=agent, **ticket_input)
    waiting = ticket_services.ticket_reject(ticket=waiting, actor=hongcheng_user, reason="不归本站")  # back on the desk
    at_station = ticket_services.ticket_create(actor=agent, **ticket_input)  # dispatched: the station's now
    completed = ticket_services.ticket_create(actor=agent, **ticket_input)
    for step in ("accept", "contact", "arrive"):
        completed = getattr(ticket_services, f"ticket_{step}")(ticket=completed, actor=hongcheng_user)
    ticket_services.ticket_complete(
        ticket=completed, actor=hongcheng_user, result="更换阀门", fee_charged=False, technician="李师傅"
    )
    callback = Callback.objects.get(ticket=completed)
    callback_services.callback_appoint(callback=callback, actor=agent, appointment_at=now + timedelta(hours=1))
    urgent = register(agent, subject="维修师傅态度差")
    later = register(agent, subject="收费有误")
    Complaint.objects.filter(pk=urgent.pk).update(due_at=now + timedelta(hours=3))
    Complaint.objects.filter(pk=later.pk).update(due_at=now + timedelta(days=10))
    ReplyCommitment.objects.filter(complaint=later).update(due_at=now + timedelta(days=5))  # after the next shift
    someone_elses = register(other_agent, subject="别人的投诉")
    ended = services.incident_report(
        actor=other_agent, kind=IncidentKind.FIRE, title="楼道冒烟", started_at=now, description="已扑灭"
    )
    services.incident_update(incident=ended, actor=other_agent, ended_at=now)
    return {
        "waiting": waiting,
        "at_station": at_station,
        "callback": callback,
        "urgent": urgent,
        "later": later,
        "someone_elses": someone_elses,
        "incident": incident,
        "ended": ended,
    }


def test_k7_a_handover_carries_over_the_follow_ups_from_the_records(shifts, records, agent, other_agent):
    day, shift = shift_now(shifts)

    handover = services.handover_start(actor=agent, incoming=other_agent, day=day, shift=shift)

    _start, end = shift.bounds(day)
    assert handover.next_shift_ends_at == end + timedelta(hours=8)
    items = {
        (item.kind, item.ticket_id or item.complaint_id or item.callback_id or item.incident_id): item.important
        for item in handover.items.all()
    }
    assert items == {
        (ItemKind.TICKET, records["waiting"].pk): True,  # a repair at no station yet
        (ItemKind.COMPLAINT, records["urgent"].pk): True,  # due before the next shift ends
        (ItemKind.COMPLAINT, records["later"].pk): False,
        (ItemKind.PROMISE, records["urgent"].pk): True,  # the first reply, due in two hours
        (ItemKind.CALLBACK, records["callback"].pk): True,
        (ItemKind.INCIDENT, records["incident"].pk): True,  # still going on
        (ItemKind.INCIDENT, records["ended"].pk): False,  # over, its report pending
    }
    ticket_item = handover.items.get(kind=ItemKind.TICKET)
    assert records["waiting"].number in ticket_item.label
    assert records["waiting"].status == TicketStatus.RETURNED
    assert not handover.items.filter(dealt_with=True).exists()


def test_k7_a_handover_is_of_the_shift_one_is_on_unless_one_is_given(shifts, put_on, agent, other_agent):
    with pytest.raises(ValidationError) as off_rota:
        services.handover_start(actor=agent, incoming=other_agent)
    day, shift = shift_now(shifts)
    put_on(agent, shift.name, day)

    handover = services.handover_start(actor=agent, incoming=other_agent)

    assert list(_errors(off_rota.value)) == ["shift"]
    assert (handover.day, handover.shift, handover.outgoing, handover.incoming) == (day, shift, agent, other_agent)
    assert handover.state == HandoverState.OPEN


def test_k7_a_handover_goes_to_a_colleague_and_is_started_once(shifts, handover, agent, other_agent, station_user):
    day, shift = shift_now(shifts)

    for incoming in (agent, station_user, None):
        with pytest.raises(ValidationError) as caught:
            services.handover_start(actor=agent, incoming=incoming, day=day, shift=shift)
        assert list(_errors(caught.value)) == ["incoming"]
    with pytest.raises(DomainError):
        services.handover_start(actor=agent, incoming=other_agent, day=day, shift=shift)
    with pytest.raises(PermissionDenied):
        services.handover_start(actor=station_user, incoming=agent, day=day, shift=shift)

    assert Handover.objects.count() == 1


def test_k7_a_shift_not_started_yet_is_not_handed_over(shifts, agent, other_agent):
    with pytest.raises(ValidationError) as caught:
        services.handover_start(actor=agent, incoming=other_agent, day=in_days(2), shift=shifts[DAY])

    assert list(_errors(caught.value)) == ["day"]
    assert not Handover.objects.exists()


def test_k7_the_outgoing_agent_signs_first_then_the_incoming_one(handover, agent, other_agent):
    with pytest.raises(DomainError) as incoming_first:
        services.handover_sign(handover=handover, actor=other_agent)
    with pytest.raises(ValidationError) as unchecked:
        services.handover_sign(handover=handover, actor=agent)
    services.handover_update(handover=handover, actor=agent, equipment_checked=True, notes=" 设备正常 ")

    signed = services.handover_sign(handover=handover, actor=agent)
    assert (signed.state, signed.notes) == (HandoverState.OPEN, "设备正常")
    with pytest.raises(DomainError) as twice:
        services.handover_sign(handover=handover, actor=agent)
    done = services.handover_sign(handover=handover, actor=other_agent)

    assert incoming_first.value.code == "outgoing_first"
    assert list(_errors(unchecked.value)) == ["equipment_checked"]
    assert twice.value.code == "signed"
    assert done.state == HandoverState.DONE
    assert done.outgoing_signed_at is not None and done.incoming_signed_at is not None and done.lead is None
    with pytest.raises(DomainError):
        services.handover_sign(handover=handover, actor=other_agent)


def test_k7_a_third_person_does_not_sign(handover, agent, team, other_team_lead):
    colleague = UserFactory(username="agent_x", role=Role.AGENT, team=team)
    services.handover_update(handover=handover, actor=agent, equipment_checked=True)
    services.handover_sign(handover=handover, actor=agent)

    for actor in (colleague, other_team_lead):
        with pytest.raises(PermissionDenied):
            services.handover_sign(handover=handover, actor=actor)

    handover.refresh_from_db()
    assert (handover.incoming_signed_at, handover.lead_signed_at) == (None, None)


def test_k7_only_the_outgoing_agent_fills_it_in_and_only_until_they_sign(incident, handover, agent, other_agent):
    item = handover.items.get(incident=incident)

    with pytest.raises(PermissionDenied):
        services.handover_update(handover=handover, actor=other_agent, equipment_checked=True)
    with pytest.raises(PermissionDenied):
        services.handover_item_update(item=item, actor=other_agent, dealt_with=True)
    services.handover_item_update(item=item, actor=agent, dealt_with=True, note=" 已告知接班人 ")
    services.handover_update(handover=handover, actor=agent, equipment_checked=True, equipment_notes="耳机一副损坏")
    services.handover_sign(handover=handover, actor=agent)

    with pytest.raises(DomainError):
        services.handover_update(handover=handover, actor=agent, equipment_checked=False)
    with pytest.raises(DomainError):
        services.handover_item_update(item=item, actor=agent, dealt_with=False)
    item.refresh_from_db()
    handover.refresh_from_db()
    assert (item.dealt_with, item.note) == (True, "已告知接班人")
    assert (handover.equipment_checked, handover.equipment_notes) == (True, "耳机一副损坏")


def test_k7_an_important_item_left_open_waits_for_the_lead_and_their_note(
    incident, handover, agent, other_agent, team_lead
):
    assert handover.items.get(incident=incident).important  # the open incident
    services.handover_update(handover=handover, actor=agent, equipment_checked=True)
    services.handover_sign(handover=handover, actor=agent)

    waiting = services.handover_sign(handover=handover, actor=other_agent)
    with pytest.raises(ValidationError) as no_note:
        services.handover_sign(handover=handover, actor=team_lead, note="  ")
    done = services.handover_sign(handover=handover, actor=team_lead, note="事件由接班人跟进")

    assert waiting.state == HandoverState.WAITING_LEAD
    assert list(_errors(no_note.value)) == ["note"]
    assert (done.state, done.lead, done.lead_note) == (HandoverState.DONE, team_lead, "事件由接班人跟进")
    assert done.lead_signed_at is not None


def test_k7_the_lead_signs_only_when_something_important_is_left_open(handover, agent, other_agent, team_lead):
    assert not handover.items.exists()
    services.handover_update(handover=handover, actor=agent, equipment_checked=True)
    services.handover_sign(handover=handover, actor=agent)

    with pytest.raises(DomainError) as caught:
        services.handover_sign(handover=handover, actor=team_lead, note="看过")

    assert caught.value.code == "no_lead"
    assert services.handover_sign(handover=handover, actor=other_agent).state == HandoverState.DONE


def test_k7_important_items_dealt_with_need_no_lead(incident, handover, agent, other_agent):
    item = handover.items.get(incident=incident)
    services.handover_item_update(item=item, actor=agent, dealt_with=True, note="已处理")
    services.handover_update(handover=handover, actor=agent, equipment_checked=True)
    services.handover_sign(handover=handover, actor=agent)

    assert services.handover_sign(handover=handover, actor=other_agent).state == HandoverState.DONE


# --- the duty log -------------------------------------------------------------------------------------------------


def test_k7_anyone_on_duty_writes_in_the_days_log(agent, other_agent):
    entry = services.duty_log_write(actor=agent, text=" 来电平稳 ")
    services.duty_log_write(actor=other_agent, text="宏城站超时未接单", day=in_days(-1))

    assert (entry.log.day, entry.author, entry.text) == (timezone.localdate(), agent, "来电平稳")
    assert set(DutyLog.objects.values_list("day", flat=True)) == {in_days(0), in_days(-1)}


def test_k7_a_log_line_needs_text_a_day_not_to_come_and_someone_on_the_desk(agent, station_user):
    with pytest.raises(ValidationError) as blank:
        services.duty_log_write(actor=agent, text="  ")
    with pytest.raises(ValidationError) as future:
        services.duty_log_write(actor=agent, text="明天的事", day=in_days(1))
    with pytest.raises(PermissionDenied):
        services.duty_log_write(actor=station_user, text="站内记录")

    assert (list(_errors(blank.value)), list(_errors(future.value))) == (["text"], ["day"])
    assert not DutyLogEntry.objects.exists()


def test_k7_the_lead_signs_the_days_log_once_and_nothing_is_written_after(agent, team_lead):
    services.duty_log_write(actor=agent, text="来电平稳", day=in_days(-1))

    with pytest.raises(PermissionDenied):
        services.duty_log_sign(day=in_days(-1), actor=agent)
    log = services.duty_log_sign(day=in_days(-1), actor=team_lead, summary=" 已阅 ")
    with pytest.raises(DomainError):
        services.duty_log_sign(day=in_days(-1), actor=team_lead)
    with pytest.raises(DomainError):
        services.duty_log_write(actor=agent, text="补记", day=in_days(-1))
    with pytest.raises(ValidationError):
        services.duty_log_sign(day=in_days(1), actor=team_lead)

    assert (log.signed_by, log.summary) == (team_lead, "已阅")
    assert DutyLogEntry.objects.filter(log=log).count() == 1


def test_k7_each_supervisor_checks_a_days_log_once(agent, supervisor, team_lead):
    log = services.duty_log_write(actor=agent, text="来电平稳", day=in_days(-1)).log
    other_supervisor = UserFactory(username="supervisor_b", role=Role.SUPERVISOR)

    services.duty_log_check(log=log, actor=supervisor, findings="记录完整")
    with pytest.raises(DomainError):
        services.duty_log_check(log=log, actor=supervisor, findings="再查")
    services.duty_log_check(log=log, actor=other_supervisor, findings="签字齐全")
    with pytest.raises(PermissionDenied):
        services.duty_log_check(log=log, actor=team_lead, findings="领班查")
    with pytest.raises(ValidationError) as blank:
        services.duty_log_check(log=log, actor=UserFactory(role=Role.SUPERVISOR), findings=" ")

    assert list(_errors(blank.value)) == ["findings"]
    assert DutyLogCheck.objects.filter(log=log).count() == 2


def test_k7_the_months_coverage_counts_each_log_once_against_the_share_to_check(agent, supervisor):
    other_supervisor = UserFactory(username="supervisor_b", role=Role.SUPERVISOR)
    first = in_days(-40).replace(day=1)
    logs = [services.duty_log_write(actor=agent, text="记录", day=first + timedelta(days=n)).log for n in range(5)]
    services.duty_log_check(log=logs[0], actor=supervisor, findings="完整")
    services.duty_log_check(log=logs[0], actor=other_supervisor, findings="完整")  # one log, checked twice

    coverage = selectors.log_coverage(month=first)

    assert coverage == {"logs": 5, "checked": 1, "share": 20.0, "target": 20, "met": True}
    services.duty_log_write(actor=agent, text="记录", day=first + timedelta(days=5))
    assert selectors.log_coverage(month=first)["met"] is False  # 1 of 6
    assert selectors.log_coverage(month=in_days(-100))["logs"] == 0


# --- incidents -----------------------------------------------------------------------------------------------------


def test_k9_an_incident_is_recorded_at_once(incident, agent):
    assert (incident.kind, incident.state, incident.reported_by, incident.title) == (
        IncidentKind.SYSTEM_FAILURE,
        IncidentState.OPEN,
        agent,
        "坐席系统无法登录",
    )
    assert incident.ended_at is None and not incident.tickets.exists()


def test_k9_a_report_names_every_bad_field(agent, station_user):
    from tickets.models import Outage

    with pytest.raises(ValidationError) as caught:
        services.incident_report(
            actor=agent,
            kind="earthquake",
            title=" ",
            started_at=timezone.now() + timedelta(hours=1),
            description="",
            outage=Outage(pk=1),
        )
    with pytest.raises(ValidationError) as outage_for_fire:
        services.incident_report(
            actor=agent,
            kind=IncidentKind.FIRE,
            title="着火",
            started_at=timezone.now(),
            description="楼道着火",
            outage=Outage(pk=1),
        )
    with pytest.raises(PermissionDenied):
        services.incident_report(
            actor=station_user, kind=IncidentKind.FIRE, title="着火", started_at=timezone.now(), description="x"
        )

    assert set(_errors(caught.value)) == {"kind", "title", "description", "started_at", "outage"}
    assert list(_errors(outage_for_fire.value)) == ["outage"]
    assert not Incident.objects.exists()


def test_k9_a_mass_complaint_about_an_outage_links_its_tickets_and_their_callers_complaints(
    demo_areas, ticket_input, register, agent, team_lead, supervisor
):
    outage = outage_declare(station=demo_areas["宏城"], community="宏城花园", actor=supervisor, cause="管线爆裂")
    first = ticket_services.ticket_create(actor=agent, **ticket_input)
    second = ticket_services.ticket_create(
        actor=agent, **{**ticket_input, "caller_name": "李娜", "caller_phone": "13911112202"}
    )
    theirs = register(agent, complainant_phone="138 1234 5678")
    someone_else = register(agent, complainant_phone="13700000001")

    incident = services.incident_report(
        actor=team_lead,
        kind=IncidentKind.MASS_COMPLAINT,
        title="宏城花园集中反映不热",
        started_at=timezone.now(),
        description="同一片区住户集中来电",
        outage=outage,
    )

    assert (first.outage, second.outage) == (outage, outage)
    assert set(incident.tickets.all()) == {first, second}
    assert set(incident.complaints.all()) == {theirs}
    assert someone_else not in incident.complaints.all()
    assert incident.outage == outage


def test_k9_who_was_told_how_and_when(incident, agent):
    with pytest.raises(ValidationError) as caught:
        services.incident_notice(
            incident=incident, actor=agent, notified=" ", channel="pigeon", at=timezone.now() + timedelta(hours=1)
        )
    with pytest.raises(ValidationError) as long_before:
        services.incident_notice(
            incident=incident,
            actor=agent,
            notified="信息中心",
            channel=NoticeChannel.PHONE,
            at=incident.started_at - timedelta(days=2),
        )
    notice = services.incident_notice(
        incident=incident, actor=agent, notified=" 客服主管 ", channel=NoticeChannel.PHONE, at=timezone.now()
    )

    assert set(_errors(caught.value)) == {"notified", "channel", "at"}
    assert list(_errors(long_before.value)) == ["at"]
    assert (notice.notified, notice.channel, notice.recorded_by) == ("客服主管", NoticeChannel.PHONE, agent)
    assert IncidentNotice.objects.count() == 1


def test_k9_the_reporter_or_a_lead_updates_the_report_and_the_end(incident, agent, other_agent, team_lead):
    ended = timezone.now() - timedelta(minutes=10)

    with pytest.raises(PermissionDenied):
        services.incident_update(incident=incident, actor=other_agent, losses="无")
    with pytest.raises(ValidationError) as before_start:
        services.incident_update(incident=incident, actor=agent, ended_at=incident.started_at - timedelta(minutes=1))
    with pytest.raises(ValidationError) as unknown:
        services.incident_update(incident=incident, actor=agent, title="改标题")
    updated = services.incident_update(incident=incident, actor=agent, ended_at=ended, fault_report=" 已传真 ")
    updated = services.incident_update(incident=updated, actor=team_lead, **REPORT)

    assert list(_errors(before_start.value)) == ["ended_at"]
    assert list(_errors(unknown.value)) == ["title"]
    assert (updated.state, updated.ended_at, updated.fault_report) == (IncidentState.ENDED, ended, "已传真")
    assert (updated.losses, updated.cause, updated.responsibility) == tuple(REPORT.values())


def test_k9_an_incident_closes_only_with_its_end_and_report_and_then_changes_no_more(incident, agent, team_lead):
    with pytest.raises(PermissionDenied):
        services.incident_close(incident=incident, actor=agent)
    with pytest.raises(ValidationError) as caught:
        services.incident_close(incident=incident, actor=team_lead)
    services.incident_update(incident=incident, actor=agent, losses="12通来电改为纸质登记")
    with pytest.raises(ValidationError) as still:
        services.incident_close(incident=incident, actor=team_lead)
    services.incident_update(incident=incident, actor=agent, ended_at=timezone.now(), **REPORT)

    closed = services.incident_close(incident=incident, actor=team_lead)

    assert set(_errors(caught.value)) == {"losses", "cause", "responsibility", "ended_at"}
    assert set(_errors(still.value)) == {"cause", "responsibility", "ended_at"}
    assert (closed.state, closed.closed_by) == (IncidentState.CLOSED, team_lead)
    for change in (
        lambda: services.incident_update(incident=incident, actor=team_lead, cause="改"),
        lambda: services.incident_notice(
            incident=incident, actor=team_lead, notified="主管", channel=NoticeChannel.PHONE, at=timezone.now()
        ),
        lambda: services.incident_close(incident=incident, actor=team_lead),
    ):
        with pytest.raises(DomainError):
            change()
    incident.refresh_from_db()
    assert incident.cause == REPORT["cause"]


# --- who sees handovers and duty logs (P-5) --------------------------------------------------------------------------


def test_p5_a_role_not_cleared_for_secret_records_sees_no_handover_or_duty_log(handover, agent, uncleared):
    services.duty_log_write(actor=agent, text="来电平稳")
    mine = services.handover_start(
        actor=uncleared, incoming=agent, day=handover.day, shift=handover.shift
    )  # even one of their own

    assert not scope(uncleared, Handover.objects.all()).exists()
    assert not may(uncleared, "duty.view_handover", mine)
    assert not scope(uncleared, DutyLog.objects.all()).exists()
    assert not may(uncleared, "duty.view_dutylog", DutyLog.objects.get())
    assert scope(agent, DutyLog.objects.all()).count() == 1


def test_p5_an_agent_sees_their_own_handovers_a_lead_their_teams_the_supervisor_all(
    handover, shifts, agent, other_agent, team_lead, other_team_lead, other_team_agent, supervisor, gm
):
    day, shift = shift_now(shifts)
    theirs = services.handover_start(actor=other_team_agent, incoming=other_team_lead, day=day, shift=shift)
    colleague = UserFactory(username="agent_x", role=Role.AGENT, team=agent.team)

    def seen(user):
        return set(scope(user, Handover.objects.all()))

    assert seen(agent) == seen(other_agent) == {handover}  # the outgoing and the incoming one
    assert seen(colleague) == set()
    assert seen(team_lead) == {handover}
    assert seen(other_team_lead) == {theirs}
    assert seen(supervisor) == {handover, theirs}
    assert seen(gm) == set()  # the GM office holds no handover permission
    assert may(team_lead, "duty.view_handover", handover) and not may(other_team_lead, "duty.view_handover", handover)
    assert not may(colleague, "duty.view_handover", handover)


def test_k7_items_of_a_handover_are_kept_as_the_records_showed_them(incident, handover, agent):
    item = HandoverItem.objects.get(handover=handover)
    services.incident_update(incident=incident, actor=agent, ended_at=timezone.now())

    item.refresh_from_db()
    assert (item.kind, item.important, item.incident) == (ItemKind.INCIDENT, True, incident)
    assert incident.title in item.label


def test_k7_a_swap_asked_tells_the_lead_and_the_colleague_and_its_decision_tells_both_agents(
    agent_on_rota, agent, other_agent, team_lead, django_capture_on_commit_callbacks
):
    from notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        swap = services.swap_request(entry=agent_on_rota, actor=agent, counterpart=other_agent, reason="家中有事")
    asked = {(n.recipient_id, n.kind) for n in Notification.objects.all()}
    with django_capture_on_commit_callbacks(execute=True):
        services.swap_decide(swap=swap, actor=team_lead, approve=False, note="人手不足")
    decided = {(n.recipient_id, n.kind) for n in Notification.objects.filter(kind=services.SWAP_DECIDED)}

    assert asked == {(team_lead.pk, services.SWAP_REQUESTED), (other_agent.pk, services.SWAP_REQUESTED)}
    assert decided == {(agent.pk, services.SWAP_DECIDED), (other_agent.pk, services.SWAP_DECIDED)}
    title = Notification.objects.get(kind=services.SWAP_DECIDED, recipient=agent).title
    assert agent_on_rota.shift.name in title and "未批准" in title
