"""K-1, K-2 in a real browser: a call event arrives, the desk pops the caller within 2 s, the agent opens a
repair ticket from the keyboard, it is routed to the right station and shows on that station's page.

Playwright drives Debian's chromium (/usr/bin/chromium, installed by `apt-get install chromium`); no browser
is downloaded. It runs in the normal suite (make test, .ci/run).
"""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
POP_SECONDS = 2.0


@pytest.fixture
def world(transactional_db, settings):
    """Roles, a station covering 宏城花园, a customer who calls, the agent, the station's staff, the telephony."""
    from django.apps import apps
    from rest_framework.authtoken.models import Token

    from accounts.roles import Role, sync_roles
    from tests.factories import (
        CustomerAddressFactory,
        CustomerFactory,
        CustomerPhoneFactory,
        ServiceAreaFactory,
        StationFactory,
        UserFactory,
    )

    settings.SESSION_COOKIE_SECURE = False  # the live server speaks plain http
    settings.CSRF_COOKIE_SECURE = False
    sync_roles(apps)  # a transactional test may run after another one flushed the roles
    station = StationFactory(name="宏城", code="hongcheng-browser")
    other = StationFactory(name="裕龙", code="yulong-browser")
    ServiceAreaFactory(station=station, district="顺义区", street="胜利街道", community="宏城花园")
    ServiceAreaFactory(station=other, district="顺义区", street="光明街道", community="裕龙花园一区")
    customer = CustomerFactory(name="王秀英")
    CustomerPhoneFactory(customer=customer, number="13812345678")
    CustomerAddressFactory(customer=customer, address="顺义区宏城花园3号楼2单元501")
    agent = UserFactory(username="desk_agent", role=Role.AGENT, agent_number="1001")
    station_user = UserFactory(username="desk_station", role=Role.STATION_STAFF, station=station, agent_number=None)
    cti = UserFactory(username="desk_cti", role=Role.INTEGRATION_CLIENT, agent_number=None)
    token = Token.objects.create(user=cti)
    return {"station": station, "agent": agent, "station_user": station_user, "token": token.key}


def _post_event(base: str, token: str, body: dict) -> dict:
    request = urllib.request.Request(  # noqa: S310  the local live server
        f"{base}/api/v1/calls/",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  the local live server
        return json.loads(response.read())


def _sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")


def test_k2_a_call_pops_on_the_desk_and_becomes_a_routed_ticket_the_station_sees(
    live_server, world, password, monkeypatch
):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium` (the CI script installs it)")
    from playwright.sync_api import expect, sync_playwright

    from tickets.models import Ticket

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs beside the ORM in this thread
    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(locale="zh-CN")
            _sign_in(page, base, "desk_agent", password)
            page.goto(f"{base}/callcenter/desk/")
            expect(page.locator("#current-call")).to_contain_text("1001")  # the opening line names the 工号

            sent = time.monotonic()
            _post_event(
                base,
                world["token"],
                {
                    "external_id": "browser-1",
                    "event": "ringing",
                    "caller_number": "+86 138-1234-5678",
                    "agent_number": "1001",
                },
            )
            expect(page.locator("#pop-number")).to_have_text("138****5678", timeout=int(POP_SECONDS * 1000))
            popped_after = time.monotonic() - sent
            expect(page.locator("#caller")).to_contain_text("王**")
            assert popped_after <= POP_SECONDS, popped_after
            print(f"screen-pop after {popped_after:.2f} s")
            expect(page.locator("#route-proposal")).to_contain_text("宏城")

            # The whole repair intake from the keyboard: Alt+1 opens the repair tab, the record fills name,
            # phone and address, Space ticks the four read-backs, Ctrl+Enter submits.
            page.keyboard.press("Alt+1")
            page.select_option("#ticket-category", "not_warm")
            for name in ("confirmed_content", "confirmed_address", "confirmed_name", "confirmed_phone"):
                page.focus(f"#tab-ticket input[name={name}]")
                page.keyboard.press("Space")
            page.keyboard.press("Control+Enter")
            expect(page.locator("#ticket-created")).to_contain_text("宏城", timeout=5000)

            ticket = Ticket.objects.get()
            assert ticket.station == world["station"]
            assert (ticket.caller_name, ticket.address) == ("王秀英", "顺义区宏城花园3号楼2单元501")

            station_page = browser.new_context(locale="zh-CN").new_page()
            _sign_in(station_page, base, "desk_station", password)
            station_page.goto(f"{base}/tickets/station/")
            expect(station_page.locator("main")).to_contain_text(ticket.number)
        finally:
            browser.close()
