"""K-7 in a real browser: the outgoing agent starts the handover of the shift they are on; it lists the repair
ticket they took that the station sent back (waiting for dispatch); they mark it dealt with, check the equipment
and sign; the incoming agent signs; the lead signs the day's duty log.

Playwright drives Debian's chromium as in test_desk_browser.py; no browser is downloaded.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from tests.browser.test_desk_browser import ARGS, CHROMIUM, _sign_in


@pytest.fixture
def world(transactional_db, settings):
    """Roles, the three shifts (a flushed database lost the migration's rows), 宏城 covering 宏城花园, two agents of
    甲班 and their lead, the outgoing agent on the shift that runs now, and a ticket they took that 宏城 sent back."""
    from django.apps import apps
    from django.utils import timezone

    from accounts.roles import Role, sync_roles
    from duty import services as duty_services
    from duty.models import DutySettings, Shift
    from tests.factories import ServiceAreaFactory, StationFactory, TeamFactory, UserFactory
    from tickets import services as ticket_services

    settings.SESSION_COOKIE_SECURE = False  # the live server speaks plain http
    settings.CSRF_COOKIE_SECURE = False
    sync_roles(apps)  # a transactional test may run after another one flushed the roles
    shifts = []
    for order, (name, starts, ends) in enumerate(
        [("白班", time(8), time(16)), ("中班", time(16), time(0)), ("夜班", time(0), time(8))], start=1
    ):
        shift, _ = Shift.objects.update_or_create(
            name=name, defaults={"starts_at": starts, "ends_at": ends, "order": order, "is_active": True}
        )
        shifts.append(shift)
    if not DutySettings.objects.exists():
        DutySettings.objects.create()
    station = StationFactory(name="宏城", code="hongcheng-duty")
    ServiceAreaFactory(station=station, district="顺义区", street="胜利街道", community="宏城花园")
    team = TeamFactory(name="甲班")
    outgoing = UserFactory(username="duty_out", role=Role.AGENT, team=team, agent_number="1001", display_name="李晓梅")
    incoming = UserFactory(username="duty_in", role=Role.AGENT, team=team, agent_number="1002", display_name="王丽")
    lead = UserFactory(username="duty_lead", role=Role.TEAM_LEAD, team=team, agent_number="2001", display_name="赵敏")
    team.lead = lead
    team.save()
    station_user = UserFactory(username="duty_station", role=Role.STATION_STAFF, station=station, agent_number=None)

    now, today = timezone.now(), timezone.localdate()
    current = next(s for s in shifts if s.bounds(today)[0] <= now < s.bounds(today)[1])
    duty_services.rota_assign(day=today, shift=current, agent=outgoing, actor=lead)
    ticket = ticket_services.ticket_create(
        actor=outgoing,
        category="not_warm",
        address="顺义区宏城花园3号楼2单元501",
        caller_name="王建华",
        caller_phone="13812345678",
        fault_location="卧室暖气片",
        severity="normal",
        confirmed_content=True,
        confirmed_address=True,
        confirmed_name=True,
        confirmed_phone=True,
    )
    ticket = ticket_services.ticket_reject(ticket=ticket, actor=station_user, reason="不是本站片区")
    return {"ticket": ticket, "outgoing": outgoing, "incoming": incoming, "lead": lead, "shift": current}


def test_k7_a_shift_is_handed_over_signed_by_both_and_the_lead_signs_the_days_log(
    live_server, world, password, monkeypatch
):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium` (the CI script installs it)")
    from django.utils import timezone
    from playwright.sync_api import expect, sync_playwright

    from duty.choices import HandoverState
    from duty.models import DutyLog, Handover, HandoverItem

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs beside the ORM in this thread
    base = live_server.url
    ticket = world["ticket"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            # The outgoing agent starts the handover of the shift they are on, to their colleague.
            out = browser.new_context(locale="zh-CN").new_page()
            _sign_in(out, base, "duty_out", password)
            out.goto(f"{base}/duty/handovers/new/")
            expect(out.locator("select[name=shift]")).to_have_value(str(world["shift"].pk))  # the shift of now
            out.select_option("select[name=incoming]", str(world["incoming"].pk))
            out.locator("form button[type=submit].primary").click()
            out.wait_for_url(f"{base}/duty/handovers/*/")
            handover = Handover.objects.get(outgoing=world["outgoing"])
            expect(out.locator(".tag.secret")).to_be_visible()

            # It lists the returned ticket, linked to its page; the agent marks it dealt with.
            item = HandoverItem.objects.get(handover=handover, ticket=ticket)
            row = out.locator(f"#item-{item.pk}")
            expect(row.locator(f"a[href='/tickets/{ticket.number}/']")).to_be_visible()
            row.locator("input[type=checkbox]").check()
            row.locator("input[name$=note]").fill("已电话联系宏城站重新派单")
            with out.expect_navigation():
                row.locator("button[type=submit]").click()
            assert out.url == f"{base}/duty/handovers/{handover.pk}/#item-{item.pk}"
            item.refresh_from_db()
            assert (item.dealt_with, item.note) == (True, "已电话联系宏城站重新派单")

            # The equipment is checked, then the outgoing agent signs.
            equipment = out.locator("#equipment form")
            equipment.locator("input[name=equipment_checked]").check()
            equipment.locator("textarea[name=equipment_notes]").fill("耳麦、录音正常")
            with out.expect_navigation():
                equipment.locator("button[type=submit]").click()
            with out.expect_navigation():
                out.locator("#sign-button").click()
            expect(out.locator("#sign-form")).to_have_count(0)
            handover.refresh_from_db()
            assert handover.equipment_checked and handover.outgoing_signed_at is not None
            assert handover.state == HandoverState.OPEN

            # The incoming agent signs after them: the handover is complete.
            incoming = browser.new_context(locale="zh-CN").new_page()
            _sign_in(incoming, base, "duty_in", password)
            incoming.goto(f"{base}/duty/handovers/{handover.pk}/")
            expect(incoming.locator("main")).to_contain_text(ticket.number)
            with incoming.expect_navigation():
                incoming.locator("#sign-button").click()
            expect(incoming.locator("#sign-form")).to_have_count(0)
            handover.refresh_from_db()
            assert handover.state == HandoverState.DONE and handover.incoming_signed_at is not None
            assert handover.lead_signed_at is None  # nothing important was left open

            # The outgoing agent writes a line in the duty log; the lead signs the day's log.
            out.goto(f"{base}/duty/log/")
            out.locator("#log-write textarea[name=text]").fill("宏城站退回一张工单，已重新派单。")
            with out.expect_navigation():
                out.locator("#log-write button[type=submit]").click()
            lead = browser.new_context(locale="zh-CN").new_page()
            _sign_in(lead, base, "duty_lead", password)
            lead.goto(f"{base}/duty/log/")
            expect(lead.locator("#entries")).to_contain_text("宏城站退回一张工单")
            lead.locator("#log-sign textarea[name=summary]").fill("已阅，情况属实。")
            with lead.expect_navigation():
                lead.locator("#log-sign button[type=submit]").click()
            expect(lead.locator("#log-sign")).to_have_count(0)
            log = DutyLog.objects.get(day=timezone.localdate())
            assert (log.signed_by, log.summary) == (world["lead"], "已阅，情况属实。")
            assert log.signed_at is not None and log.entries.count() == 1
        finally:
            browser.close()
