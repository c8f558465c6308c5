"""K-5 in a real browser: the station completes a repair on its page, the callback waits in the agent's queue, the
agent answers it from the keyboard ("not solved", a low score), and the repair goes back to the station as a return
visit linked to the original while the supervisor is told.

Playwright drives Debian's chromium as in test_desk_browser.py; no browser is downloaded.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.test_desk_browser import ARGS, CHROMIUM, _sign_in


@pytest.fixture
def world(transactional_db, settings):
    """Roles, 宏城 covering 宏城花园, an agent of 甲班 who took a repair the station has reached, its supervisor."""
    from django.apps import apps

    from accounts.roles import Role, sync_roles
    from tests.factories import ServiceAreaFactory, StationFactory, TeamFactory, UserFactory
    from tickets import services as ticket_services

    settings.SESSION_COOKIE_SECURE = False  # the live server speaks plain http
    settings.CSRF_COOKIE_SECURE = False
    sync_roles(apps)  # a transactional test may run after another one flushed the roles
    station = StationFactory(name="宏城", code="hongcheng-callback")
    ServiceAreaFactory(station=station, district="顺义区", street="胜利街道", community="宏城花园")
    team = TeamFactory(name="甲班")
    agent = UserFactory(username="cb_agent", role=Role.AGENT, team=team, agent_number="1001")
    station_user = UserFactory(username="cb_station", role=Role.STATION_STAFF, station=station, agent_number=None)
    supervisor = UserFactory(username="cb_supervisor", role=Role.SUPERVISOR)
    ticket = ticket_services.ticket_create(
        actor=agent,
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
    ticket = ticket_services.ticket_accept(ticket=ticket, actor=station_user, technician="李师傅")
    ticket = ticket_services.ticket_contact(ticket=ticket, actor=station_user)
    ticket = ticket_services.ticket_arrive(ticket=ticket, actor=station_user)
    return {"ticket": ticket, "agent": agent, "station_user": station_user, "supervisor": supervisor}


def test_k5_a_completed_repair_is_called_back_and_not_solved_goes_back_to_the_station(
    live_server, world, password, monkeypatch
):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium` (the CI script installs it)")
    from playwright.sync_api import expect, sync_playwright

    from callbacks.models import Callback
    from tickets.models import Ticket

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs beside the ORM in this thread
    base = live_server.url
    ticket = world["ticket"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            # The station completes the repair on its own page.
            station = browser.new_context(locale="zh-CN").new_page()
            _sign_in(station, base, "cb_station", password)
            station.goto(f"{base}/tickets/station/")
            form = station.locator(f"form[action='/tickets/{ticket.number}/complete/']")
            form.locator("input[name=result]").fill("更换阀门")
            form.locator("select[name=fee_charged]").select_option("false")
            form.locator("button[type=submit]").click()
            station.wait_for_load_state("networkidle")
            assert Ticket.objects.get(pk=ticket.pk).status == "completed"
            callback = Callback.objects.get(ticket=ticket)

            # The callback waits in the agent's queue: the home panel counts it, the queue links it.
            agent = browser.new_context(locale="zh-CN").new_page()
            _sign_in(agent, base, "cb_agent", password)
            expect(agent.locator("#callback-panel a[href='/callbacks/?ready=1'] span")).to_have_text("1")
            agent.goto(f"{base}/callbacks/")
            agent.locator(f"a[href='/callbacks/{callback.pk}/']").first.click()
            agent.wait_for_url(f"{base}/callbacks/{callback.pk}/")
            expect(agent.locator("#resident-phone")).to_contain_text("13812345678")  # unmasked: the agent dials it
            expect(agent.locator("#script-opening")).to_contain_text("您现在方便吗")

            # Line f shows only for a satisfied resident who has not paid.
            fee = agent.locator("#fee-reminder")
            expect(fee).to_be_hidden()
            expect(agent.locator("input[name=solved][value=yes]")).to_be_focused()  # the first question, at once
            agent.keyboard.press("2")  # a. 否
            expect(agent.locator("input[name=attitude][value=satisfied]")).to_be_focused()
            agent.keyboard.press("1")  # b. 满意
            agent.check("#id_heating_fee_unpaid")
            expect(fee).to_be_visible()
            agent.check("input[name=attitude][value=unsatisfied]")  # the agent corrects the answer
            expect(fee).to_be_hidden()
            agent.focus("input[name=fee_charged][value=yes]")
            agent.keyboard.press("2")  # c. 否
            expect(agent.locator("#id_score")).to_be_focused()
            agent.keyboard.type("3")  # d.
            agent.keyboard.press("Tab")
            agent.keyboard.type("暖气还是不热")  # e.
            agent.keyboard.press("Control+Enter")
            agent.wait_for_url(f"{base}/callbacks/")

            callback.refresh_from_db()
            assert (callback.status, callback.solved, callback.attitude, callback.fee_charged, callback.score) == (
                "done",
                False,
                "unsatisfied",
                False,
                3,
            )
            revisit = Ticket.objects.get(revisit_of=ticket)
            assert callback.follow_up_ticket == revisit
            expect(agent.locator(".messages")).to_contain_text(revisit.number)

            # The return visit is back at the station, linked to the original.
            station.goto(f"{base}/tickets/station/")
            expect(station.locator("main")).to_contain_text(revisit.number)
            station.locator(f"a[href='/tickets/{revisit.number}/']").first.click()
            expect(station.locator("main")).to_contain_text(ticket.number)

            # The supervisor has it among the notifications.
            supervisor = browser.new_context(locale="zh-CN").new_page()
            _sign_in(supervisor, base, "cb_supervisor", password)
            expect(supervisor.locator(".bell .bell-count")).to_have_text("1")
            supervisor.goto(f"{base}/notifications/")
            expect(supervisor.locator("main")).to_contain_text(callback.number)
            expect(supervisor.locator("main")).to_contain_text(revisit.number)
        finally:
            browser.close()
