"""In a real browser: an agent registers a complaint from the keyboard, then works it on the complaint page,
where actions post in place with htmx (no page load) and refusals show on the same page.

Playwright drives Debian's chromium (/usr/bin/chromium), like tests/browser; no browser is downloaded.
"""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


@pytest.fixture
def world(transactional_db, settings):
    from django.apps import apps

    from accounts.roles import Role, sync_roles
    from tests.complaints.factories import CategoryFactory
    from tests.factories import UserFactory

    settings.SESSION_COOKIE_SECURE = False  # the live server speaks plain http
    settings.CSRF_COOKIE_SECURE = False
    sync_roles(apps)  # a transactional test may run after another one flushed the roles
    CategoryFactory(code="billing_browser", name="收费问题B")
    return {"agent": UserFactory(username="complaint_agent", role=Role.AGENT, agent_number="1101")}


def test_an_agent_registers_and_works_a_complaint_in_the_browser(live_server, world, password, monkeypatch):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium`")
    from playwright.sync_api import expect, sync_playwright

    from complaints.models import Complaint

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(locale="zh-CN")
            page.goto(f"{base}/accounts/login/")
            page.fill("input[name=username]", "complaint_agent")
            page.fill("input[name=password]", password)
            page.keyboard.press("Enter")
            page.wait_for_url(f"{base}/")

            page.goto(f"{base}/complaints/new/?phone=13812345678")
            page.keyboard.type("王建华")  # the complainant field has the focus
            page.select_option("select[name=category]", label="收费问题B")
            page.fill("input[name=subject]", "热费多收<script>x</script>")
            page.fill("textarea[name=statement]", "本月热费多收了两百元。")
            page.keyboard.press("Control+Enter")
            page.wait_for_url(f"{base}/complaints/26*/")
            complaint = Complaint.objects.get()
            expect(page.locator("h1")).to_contain_text(complaint.number)
            expect(page.locator(".pagehead p").first).to_have_text("热费多收<script>x</script>")  # shown as text

            page.evaluate("window.__stayed = true")  # survives only if no page load happens
            page.locator('details:has(form[action$="/do/note/"]) > summary').click()
            page.fill('form[action$="/do/note/"] textarea[name=text]', "已联系维修站核实收费")
            page.locator('form[action$="/do/note/"] button[type=submit]').click()
            expect(page.locator("#timeline")).to_contain_text("已联系维修站核实收费")
            assert page.evaluate("window.__stayed === true")

            page.locator('details:has(form[action$="/do/reply/"]) > summary').click()
            page.fill('form[action$="/do/reply/"] textarea[name=text]', "已收到")
            page.locator('form[action$="/do/reply/"] button[type=submit]').click()
            expect(page.locator("[role=alert]")).to_contain_text("有效投诉的首次答复须约定下次答复时间")
            assert page.evaluate("window.__stayed === true")
            complaint.refresh_from_db()
            assert complaint.first_replied_at is None
        finally:
            browser.close()
