"""D-1 in a real browser: the supervisor's dashboard on the demo data draws its charts, a click on a figure opens
the list behind it with as many rows, and the board refreshes itself without reloading the page.

Screenshots: var/screenshots/dashboard/<width>-<step>.png (the README names the folder).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.test_desk_browser import ARGS, CHROMIUM, _sign_in
from tests.browser.test_screens import demo_site  # noqa: F401 — the demo data behind the live server

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "dashboard"


def test_d1_the_supervisor_s_charts_draw_and_a_figure_opens_its_list(live_server, demo_site, settings):  # noqa: F811
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium` (the CI script installs it)")
    from playwright.sync_api import expect, sync_playwright

    settings.DASHBOARD_REFRESH_SECONDS = 5  # so the refresh is seen within the test
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for width, height in ((1366, 900), (390, 844)):
                page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
                _sign_in(page, live_server.url, "supervisor1", "demo12345")
                expect(page.locator("#dashboard")).to_be_visible()
                # ECharts has drawn: every chart with data holds its SVG
                expect(page.locator(".chart[data-drawn] svg").first).to_be_visible(timeout=10_000)
                drawn = page.locator(".chart[data-drawn] svg").count()
                assert drawn == page.locator(".chart[data-chart]").count() and drawn >= 3
                page.screenshot(path=str(SHOTS / f"{width}-dashboard.png"), full_page=True)
                assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1

                # the table view of a chart holds the same numbers
                page.locator("#chart-station-backlog details summary").click()
                expect(page.locator("#chart-station-backlog table tbody tr").first).to_be_visible()

                # it refreshes alone: the "updated at" stamp changes without a reload
                stamp = page.locator("#dashboard").get_attribute("data-built-at")
                page.evaluate("window.__notReloaded = true")
                page.wait_for_function(
                    f"document.querySelector('#dashboard').dataset.builtAt !== {stamp!r}", timeout=15_000
                )
                assert page.evaluate("window.__notReloaded === true")
                expect(page.locator(".chart[data-drawn] svg").first).to_be_visible()

                # a figure opens its list, and the list counts as many rows
                figure = page.locator("a.figure[href^='/tickets/?open=1']").first
                value = int(figure.get_attribute("data-figure"))
                figure.click()
                page.wait_for_url(re.compile(r".*/tickets/\?open=1.*"))
                count = page.locator(".list-count").inner_text()
                assert int(re.sub(r"\D", "", count)) == value
                page.screenshot(path=str(SHOTS / f"{width}-list.png"), full_page=True)
                page.close()
        finally:
            browser.close()
