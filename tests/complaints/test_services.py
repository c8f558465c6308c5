"""Complaint rules through the services: deadlines (C-2), ownership (C-3), workflow (C-5), promises (C-6),
responsibility (C-7), approval authority (C-8), record integrity (C-9), callback (C-10), internal complaints (C-12)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from complaints import selectors, services
from complaints.choices import CauseClass, CommitmentStatus, EntryKind, Kind, Status, Validity
from complaints.models import Complaint, ComplaintEntry, ReplyCommitment
from csc.api import DomainError
from csc.models import CalendarDay

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _through_approval(complaint, *, owner, approver, quality, amount=Decimal("200")):
    services.complaint_investigate(complaint=complaint, actor=owner)
    services.complaint_classify(complaint=complaint, actor=owner, cause_class=CauseClass.NON_QUALITY)
    services.complaint_set_responsibility(complaint=complaint, actor=owner, shares=[(quality, 100)])
    services.complaint_propose(
        complaint=complaint, actor=owner, resolution="道歉并免费重修", remedy_type="credit", remedy_amount=amount
    )
    services.complaint_approve(complaint=complaint, actor=approver)
    complaint.refresh_from_db()
    return complaint


# --- C-2 deadlines -------------------------------------------------------------------------------------


def test_c2_domestic_complaints_are_due_15_calendar_days_after_acceptance(register, agent):
    accepted = timezone.now() - timedelta(hours=3)

    complaint = register(agent, accepted_at=accepted)

    assert complaint.due_at == accepted + timedelta(days=15)
    assert (complaint.deadline_days, complaint.deadline_working_days) == (15, False)


def test_c2_foreign_complaints_are_due_in_20_days(register, agent):
    accepted = timezone.now() - timedelta(hours=1)

    complaint = register(agent, accepted_at=accepted, is_foreign=True)

    assert complaint.due_at == accepted + timedelta(days=20)


def test_c2_a_working_day_policy_skips_weekends_and_holidays(register, agent, category):
    category.working_days, category.domestic_days = True, 3
    category.save()
    friday = datetime(2026, 9, 25, 10, 0, tzinfo=SHANGHAI)  # National Day holiday runs 1-8 October 2026

    complaint = register(agent, accepted_at=friday)

    # Mon 28, Tue 29, Wed 30 September are the three working days after Friday 25th.
    assert timezone.localtime(complaint.due_at) == datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)


def test_c2_a_supervisor_make_up_day_counts_as_working(register, agent, category):
    category.working_days, category.domestic_days = True, 1
    category.save()
    CalendarDay.objects.create(date=date(2026, 9, 26), is_working_day=True, note="调休")
    friday = datetime(2026, 9, 25, 10, 0, tzinfo=SHANGHAI)

    complaint = register(agent, accepted_at=friday)

    assert timezone.localtime(complaint.due_at) == datetime(2026, 9, 26, 10, 0, tzinfo=SHANGHAI)


def test_c2_changing_the_policy_never_moves_an_accepted_complaints_deadline(register, agent, category):
    complaint = register(agent)
    due = complaint.due_at

    category.domestic_days, category.working_days = 5, True
    category.save()
    services.complaint_classify(complaint=complaint, actor=agent, cause_class=CauseClass.QUALITY)
    complaint.refresh_from_db()

    assert complaint.due_at == due
    assert complaint.deadline_days == 15


def test_c2_acceptance_in_the_future_is_refused(register, agent):
    with pytest.raises(ValidationError) as error:
        register(agent, accepted_at=timezone.now() + timedelta(days=1))

    assert "accepted_at" in error.value.message_dict
    assert Complaint.objects.count() == 0


# --- C-3 ownership -------------------------------------------------------------------------------------


def test_c3_the_first_responder_owns_the_complaint(register, agent):
    complaint = register(agent)

    assert complaint.owner == agent
    assert complaint.registered_by == agent


def test_c3_only_a_supervisor_transfers_and_the_reason_is_recorded(register, agent, other_agent, supervisor):
    complaint = register(agent)

    with pytest.raises(PermissionDenied):
        services.complaint_transfer(complaint=complaint, actor=agent, new_owner=other_agent, reason="换班")
    complaint.refresh_from_db()
    assert complaint.owner == agent

    services.complaint_transfer(complaint=complaint, actor=supervisor, new_owner=other_agent, reason="原受理人休假")
    complaint.refresh_from_db()
    assert complaint.owner == other_agent
    entry = complaint.entries.get(kind=EntryKind.TRANSFER)
    assert entry.author == supervisor
    assert entry.text.endswith("原受理人休假")
    assert complaint.history.first().history_user == supervisor


def test_c3_a_transfer_without_a_reason_is_refused(register, agent, other_agent, supervisor):
    complaint = register(agent)

    with pytest.raises(ValidationError) as error:
        services.complaint_transfer(complaint=complaint, actor=supervisor, new_owner=other_agent, reason="  ")

    assert "reason" in error.value.message_dict
    complaint.refresh_from_db()
    assert complaint.owner == agent


def test_c3_handlers_work_on_it_but_only_owner_or_supervisor_replies_and_closes(
    register, agent, other_agent, supervisor, quality, levels
):
    complaint = register(agent)
    services.complaint_add_handler(complaint=complaint, actor=agent, user=other_agent)
    services.complaint_add_handler(complaint=complaint, actor=agent, department=quality)

    services.complaint_note(complaint=complaint, actor=other_agent, text="已联系维修站")  # a handler may note
    with pytest.raises(PermissionDenied):
        services.complaint_reply(
            complaint=complaint, actor=other_agent, text="已回复", next_reply_at=timezone.now() + timedelta(hours=4)
        )
    complaint = _through_approval(complaint, owner=other_agent, approver=supervisor, quality=quality)
    with pytest.raises(PermissionDenied):
        services.complaint_inform(complaint=complaint, actor=other_agent, text="结果如下")

    services.complaint_inform(complaint=complaint, actor=agent, text="结果如下")
    services.complaint_close(complaint=complaint, actor=supervisor, customer_accepted=True)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert complaint.closed_by == supervisor
    assert [h.department or h.user for h in complaint.handlers.all()] == [other_agent, quality]


# --- C-5 workflow --------------------------------------------------------------------------------------


def test_c5_the_whole_path_from_registration_to_closure_is_recorded_in_order(
    register, agent, supervisor, quality, levels
):
    complaint = register(agent)
    complaint = _through_approval(complaint, owner=agent, approver=supervisor, quality=quality)
    services.complaint_inform(complaint=complaint, actor=agent, text="免费重修并致歉")
    services.complaint_close(complaint=complaint, actor=agent, customer_accepted=True)

    transitions = list(
        complaint.entries.filter(kind__in=[EntryKind.REGISTERED, EntryKind.TRANSITION]).values_list(
            "to_status", flat=True
        )
    )
    assert transitions == ["registered", "investigating", "proposed", "approved", "informed", "closed"]


def test_c5_a_complaint_recorded_after_the_fact_keeps_the_times_it_happened(
    register, agent, supervisor, quality, levels
):
    received = timezone.now().replace(microsecond=0) - timedelta(days=40)
    hour = timedelta(hours=1)

    complaint = register(agent, at=received, send_sms=False)
    services.complaint_reply(
        complaint=complaint, actor=agent, text="已受理", next_reply_at=received + 30 * hour, at=received + hour
    )
    services.complaint_investigate(complaint=complaint, actor=agent, at=received + hour)
    services.complaint_classify(
        complaint=complaint, actor=agent, cause_class=CauseClass.NON_QUALITY, at=received + 20 * hour
    )
    services.complaint_set_responsibility(
        complaint=complaint, actor=agent, shares=[(quality, 100)], at=received + 21 * hour
    )
    services.complaint_propose(
        complaint=complaint, actor=agent, resolution="致歉", remedy_type="apology", at=received + 22 * hour
    )
    services.complaint_approve(complaint=complaint, actor=supervisor, at=received + 23 * hour)
    services.complaint_inform(complaint=complaint, actor=agent, text="已致歉", at=received + 24 * hour)
    services.complaint_close(complaint=complaint, actor=agent, customer_accepted=True, at=received + 25 * hour)
    services.complaint_record_callback(complaint=complaint, actor=agent, satisfaction=9, at=received + 48 * hour)
    complaint.refresh_from_db()

    assert complaint.number.startswith(timezone.localtime(received).strftime("%y%m"))
    assert (complaint.registered_at, complaint.accepted_at) == (received, received)
    assert complaint.due_at == received + timedelta(days=15)
    assert complaint.first_reply_due_at == received + 2 * hour
    assert (complaint.proposed_at, complaint.approved_at) == (received + 22 * hour, received + 23 * hour)
    assert (complaint.closed_at, complaint.callback_recorded_at) == (received + 25 * hour, received + 48 * hour)
    times = list(complaint.entries.order_by("id").values_list("at", flat=True))
    assert times[0] == received and times == sorted(times) and times[-1] == received + 48 * hour
    assert set(complaint.commitments.values_list("status", flat=True)) == {CommitmentStatus.KEPT}


@pytest.mark.parametrize(
    ("action", "code"),
    [
        ("propose", "illegal_transition"),
        ("approve", "illegal_transition"),
        ("inform", "not_applicable"),
        ("close", "illegal_transition"),
        ("appeal", "illegal_transition"),
        ("decide", "illegal_transition"),
    ],
)
def test_c5_illegal_transitions_are_refused_with_a_clear_message_and_change_nothing(register, agent, gm, action, code):
    complaint = register(agent)
    entries = complaint.entries.count()
    calls = {
        "propose": lambda: services.complaint_propose(
            complaint=complaint, actor=agent, resolution="x", remedy_type="apology"
        ),
        "approve": lambda: services.complaint_approve(complaint=complaint, actor=gm),
        "inform": lambda: services.complaint_inform(complaint=complaint, actor=agent, text="x"),
        "close": lambda: services.complaint_close(complaint=complaint, actor=agent, customer_accepted=True),
        "appeal": lambda: services.complaint_appeal(complaint=complaint, actor=agent, reason="x"),
        "decide": lambda: services.complaint_decide(complaint=complaint, actor=gm, decision="x"),
    }

    with pytest.raises(DomainError) as error, translation.override("en"):
        calls[action]()

    assert error.value.code == code
    if code == "illegal_transition":
        assert error.value.message.endswith("is not possible while the complaint is “Registered”.")
    complaint.refresh_from_db()
    assert complaint.status == Status.REGISTERED
    assert complaint.entries.count() == entries


def test_c5_reopening_opens_a_linked_complaint_and_the_original_stays_closed(
    register, agent, supervisor, quality, levels
):
    complaint = _through_approval(register(agent), owner=agent, approver=supervisor, quality=quality)
    services.complaint_inform(complaint=complaint, actor=agent, text="赔偿100元")
    services.complaint_close(complaint=complaint, actor=agent, customer_accepted=False)

    follow_up = services.complaint_reopen(complaint=complaint, actor=agent, statement="客户认为赔偿太少")

    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert follow_up.reopened_from == complaint
    assert follow_up.status == Status.REGISTERED
    assert follow_up.number != complaint.number
    assert follow_up.statement == "客户认为赔偿太少"
    assert list(complaint.follow_ups.all()) == [follow_up]


def test_c5_an_invalid_complaint_is_answered_and_closed_without_investigation(register, agent):
    complaint = register(agent)
    services.complaint_classify(complaint=complaint, actor=agent, validity=Validity.INVALID, reason="非我司责任")

    with pytest.raises(DomainError):
        services.complaint_investigate(complaint=complaint, actor=agent)
    services.complaint_inform(complaint=complaint, actor=agent, text="经核实不属于我司服务范围")
    services.complaint_close(complaint=complaint, actor=agent, customer_accepted=True)

    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert complaint.first_replied_at is not None
    assert complaint.callback_due is False


# --- C-6 first reply and promises ---------------------------------------------------------------------


def test_c6_the_first_reply_is_due_two_hours_after_registration(register, agent):
    before = timezone.now()
    complaint = register(agent)

    first = complaint.commitments.get()
    assert first.kind == "first_reply"
    assert before + timedelta(hours=2) <= first.due_at <= timezone.now() + timedelta(hours=2)
    assert complaint.first_reply_due_at == first.due_at == complaint.next_reply_due_at


def test_c6_a_first_reply_to_a_valid_complaint_must_promise_the_next_one(register, agent):
    complaint = register(agent)

    with pytest.raises(ValidationError) as error:
        services.complaint_reply(complaint=complaint, actor=agent, text="已收到")

    assert "next_reply_at" in error.value.message_dict
    assert complaint.entries.filter(kind=EntryKind.REPLY).count() == 0


def test_c6_a_promise_in_the_past_is_refused(register, agent):
    complaint = register(agent)

    with pytest.raises(ValidationError) as error:
        services.complaint_reply(
            complaint=complaint, actor=agent, text="已收到", next_reply_at=timezone.now() - timedelta(minutes=1)
        )

    assert "next_reply_at" in error.value.message_dict


def test_c6_replies_keep_promises_in_time_and_miss_late_ones(register, agent):
    complaint = register(agent)
    promise = timezone.now() + timedelta(hours=5)

    services.complaint_reply(complaint=complaint, actor=agent, text="正在调查", next_reply_at=promise)
    complaint.refresh_from_db()
    first, second = complaint.commitments.order_by("due_at")
    assert (first.status, second.status) == (CommitmentStatus.KEPT, CommitmentStatus.OPEN)
    assert complaint.next_reply_due_at == promise
    assert complaint.first_replied_at is not None

    ReplyCommitment.objects.filter(pk=second.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    services.complaint_reply(complaint=complaint, actor=agent, text="处理结果下周告知")
    second.refresh_from_db()
    assert second.status == CommitmentStatus.MISSED
    assert second.fulfilled_at is not None


def test_c6_commitments_due_before_lists_open_promises_only(register, agent):
    complaint = register(agent)
    later = timezone.now() + timedelta(hours=2, minutes=1)

    assert list(selectors.commitments_due_before(moment=later)) == list(complaint.commitments.all())
    services.complaint_reply(
        complaint=complaint, actor=agent, text="x", next_reply_at=timezone.now() + timedelta(days=1)
    )
    assert list(selectors.commitments_due_before(moment=later)) == []


# --- C-7 responsibility, C-8 approval ------------------------------------------------------------------


def test_c7_shares_must_sum_to_exactly_100(register, agent, quality, repair):
    complaint = register(agent)

    with pytest.raises(ValidationError) as error:
        services.complaint_set_responsibility(complaint=complaint, actor=agent, shares=[(quality, 60), (repair, 30)])

    assert "shares" in error.value.message_dict
    assert complaint.shares.count() == 0


def test_c7_a_new_attribution_supersedes_the_old_one_without_deleting_it(register, agent, quality, repair):
    complaint = register(agent)
    services.complaint_set_responsibility(complaint=complaint, actor=agent, shares=[(quality, 100)])

    services.complaint_set_responsibility(
        complaint=complaint, actor=agent, shares=[(quality, 60), (repair, 40)], loss_amount=Decimal("350.50")
    )

    assert complaint.shares.count() == 3
    current = complaint.shares.filter(superseded_at__isnull=True).order_by("-percent")
    assert [(s.department, s.percent) for s in current] == [(quality, 60), (repair, 40)]
    complaint.refresh_from_db()
    assert complaint.loss_amount == Decimal("350.50")


def test_c7_a_proposal_needs_cause_class_and_responsibility(register, agent):
    complaint = register(agent)
    services.complaint_investigate(complaint=complaint, actor=agent)

    with pytest.raises(DomainError):
        services.complaint_propose(complaint=complaint, actor=agent, resolution="道歉", remedy_type="apology")

    complaint.refresh_from_db()
    assert complaint.status == Status.INVESTIGATING


def test_c8_an_amount_over_the_approvers_level_cannot_be_approved_by_them(
    register, agent, supervisor, gm, quality, levels
):
    complaint = register(agent)
    services.complaint_investigate(complaint=complaint, actor=agent)
    services.complaint_classify(complaint=complaint, actor=agent, cause_class=CauseClass.QUALITY)
    services.complaint_set_responsibility(complaint=complaint, actor=agent, shares=[(quality, 100)])
    services.complaint_propose(
        complaint=complaint, actor=agent, resolution="赔偿", remedy_type="compensation", remedy_amount=Decimal("5000")
    )
    complaint.refresh_from_db()
    assert complaint.required_level == levels["gm"]

    with pytest.raises(PermissionDenied, match="总经理"):
        services.complaint_approve(complaint=complaint, actor=supervisor)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.approved_by) == (Status.PROPOSED, None)

    services.complaint_approve(complaint=complaint, actor=gm)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.approved_by) == (Status.APPROVED, gm)


def test_c8_an_agent_cannot_approve_at_all(register, agent, supervisor, quality, levels):
    complaint = register(agent)
    services.complaint_investigate(complaint=complaint, actor=agent)
    services.complaint_classify(complaint=complaint, actor=agent, cause_class=CauseClass.QUALITY)
    services.complaint_set_responsibility(complaint=complaint, actor=agent, shares=[(quality, 100)])
    services.complaint_propose(complaint=complaint, actor=agent, resolution="道歉", remedy_type="apology")

    with pytest.raises(PermissionDenied):
        services.complaint_approve(complaint=complaint, actor=agent)


def test_c7_the_penalty_decision_records_its_approver(register, agent, supervisor, quality, levels):
    complaint = register(agent)
    services.complaint_investigate(complaint=complaint, actor=agent)

    services.complaint_record_penalty(complaint=complaint, actor=supervisor, decision="责任人罚扣当月绩效200元")

    complaint.refresh_from_db()
    assert complaint.penalty_approved_by == supervisor
    assert complaint.penalty_decision == "责任人罚扣当月绩效200元"


# --- C-9 record integrity ------------------------------------------------------------------------------


def test_c9_the_original_statement_cannot_be_edited(register, agent):
    complaint = register(agent)
    complaint = Complaint.objects.get(pk=complaint.pk)
    complaint.statement = "改过的内容"

    with pytest.raises(PermissionError):
        complaint.save()

    assert Complaint.objects.get(pk=complaint.pk).statement == "师傅上门后态度恶劣,没修好就走了。"


def test_c9_record_entries_are_append_only(register, agent):
    complaint = register(agent)
    entry = services.complaint_note(complaint=complaint, actor=agent, text="更正:地址为3号楼", correction=True)

    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        ComplaintEntry.objects.filter(pk=entry.pk).update(text="x")
    with pytest.raises(PermissionError):
        complaint.delete()
    assert entry.kind == EntryKind.CORRECTION


def test_c9_every_change_is_in_the_history_with_who(register, agent, supervisor):
    complaint = register(agent)
    services.complaint_classify(complaint=complaint, actor=supervisor, severity="major")

    latest = complaint.history.first()
    assert latest.severity == "major"
    assert latest.history_user == supervisor
    assert complaint.history.count() == 2


# --- C-10 callback -------------------------------------------------------------------------------------


def test_c10_a_closed_valid_complaint_shows_callback_due_until_one_is_linked(
    register, agent, supervisor, quality, levels
):
    complaint = _through_approval(register(agent), owner=agent, approver=supervisor, quality=quality)
    services.complaint_inform(complaint=complaint, actor=agent, text="已处理")
    services.complaint_close(complaint=complaint, actor=agent, customer_accepted=True)
    complaint.refresh_from_db()
    assert complaint.callback_due is True
    assert list(selectors.callbacks_due()) == [complaint]

    services.complaint_record_callback(complaint=complaint, actor=agent, reference="HF-1", satisfaction=9)

    complaint.refresh_from_db()
    assert complaint.callback_due is False
    assert (complaint.callback_reference, complaint.satisfaction) == ("HF-1", 9)
    assert list(selectors.callbacks_due()) == []


# --- C-12 internal complaints ------------------------------------------------------------------------


def test_c12_internal_complaints_go_to_hr_allow_one_appeal_and_the_gm_decides(
    register, agent, other_agent, supervisor, gm, levels
):
    complaint = register(
        supervisor, kind=Kind.INTERNAL, complainant_user=agent, responsible_user=other_agent, subject="排班不公"
    )
    assert [str(h) for h in complaint.handlers.all()] == ["人事行政部"]
    services.complaint_classify(complaint=complaint, actor=supervisor, validity=Validity.INVALID)
    services.complaint_inform(complaint=complaint, actor=supervisor, text="经调查排班符合规定")
    services.complaint_close(complaint=complaint, actor=supervisor, customer_accepted=False)

    with pytest.raises(PermissionDenied):
        services.complaint_appeal(complaint=complaint, actor=gm, reason="x")  # not a party, not a supervisor
    services.complaint_appeal(complaint=complaint, actor=agent, reason="调查未听取我的说明")
    services.complaint_decide(complaint=complaint, actor=gm, decision="维持原判定")

    complaint.refresh_from_db()
    assert (complaint.status, complaint.final_decision, complaint.decided_by) == (Status.CLOSED, "维持原判定", gm)
    with pytest.raises(DomainError):
        services.complaint_appeal(complaint=complaint, actor=other_agent, reason="再次申诉")
    with pytest.raises(DomainError):
        services.complaint_reopen(complaint=complaint, actor=supervisor, statement="x")


def test_c12_only_the_gm_office_decides_an_appeal(register, agent, supervisor):
    complaint = register(supervisor, kind=Kind.INTERNAL, complainant_user=agent)
    services.complaint_classify(complaint=complaint, actor=supervisor, validity=Validity.INVALID)
    services.complaint_inform(complaint=complaint, actor=supervisor, text="x")
    services.complaint_close(complaint=complaint, actor=supervisor, customer_accepted=False)
    services.complaint_appeal(complaint=complaint, actor=agent, reason="不服")

    with pytest.raises(PermissionDenied):
        services.complaint_decide(complaint=complaint, actor=supervisor, decision="驳回")

    complaint.refresh_from_db()
    assert complaint.status == Status.APPEALED
