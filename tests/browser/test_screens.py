"""Every role's main pages in a real browser at 1366 px and 390 px, on the demo data (issue 12, point 4).

Each page is photographed into var/screenshots/<width>/<role>-<page>.png (the README names the folder: look at them
after a change to a page) and checked for what a person would see wrong: the page scrolls sideways; a label in a
filter bar or a choice list breaks over two lines; the top bar takes more than one line at 1366 px or holds more than
six entries; the page being read is not marked in the menu.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.test_desk_browser import ARGS, CHROMIUM

WIDTHS = ((1366, 900), (390, 844))
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
ROLES = ["agent1", "lead1", "supervisor1", "gm1", "compliance1", "station1", "integration1"]

# Labels (their own words, not the control inside) that take more than one line; a page's text otherwise wraps freely.
SPLIT_LABELS_JS = """
() => {
  const out = [];
  for (const label of document.querySelectorAll('.filters label, .choices label, label.check, label.inline, .mainnav a, .mainnav summary')) {
    if (!label.offsetParent) continue;
    const tops = new Set();
    for (const node of label.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.top));
    }
    if (tops.size > 1) out.push(label.textContent.trim().slice(0, 30));
  }
  return out;
}
"""
LAYOUT_JS = """
() => ({
  overflow: document.documentElement.scrollWidth - window.innerWidth,
  navHeight: document.querySelector('.mainnav') ? document.querySelector('.mainnav').getBoundingClientRect().height : 0,
  navEntries: document.querySelectorAll('.mainnav > a, .mainnav > details').length,
  current: [...document.querySelectorAll('.mainnav [aria-current], .mainnav details.current > summary')].map(e => e.textContent.trim()),
})
"""


@pytest.fixture
def demo_site(transactional_db, settings):
    from django.apps import apps

    from accounts.roles import sync_roles
    from csc.demo import load_demo_data
    from tests.factories import data_migration_rows

    settings.SESSION_COOKIE_SECURE = False  # the live server speaks plain http
    settings.CSRF_COOKIE_SECURE = False
    sync_roles(apps)
    data_migration_rows()
    load_demo_data(password="demo12345")


def _pages(username: str) -> list[tuple[str, str]]:
    """(name, url): the home page, every entry of the role's menus, and one record of each list it works on."""
    from accounts.models import User
    from callbacks.choices import OPEN_STATUSES
    from callbacks.selectors import callbacks_visible_to
    from callbacks.workflow import may_work_on
    from complaints.models import Complaint
    from csc.navigation import items_for
    from csc.permissions import may
    from tickets.models import Ticket

    user = User.objects.get(username=username)
    pages = [("home", "/")] + [(item["url_name"].replace(":", "-"), item["url"]) for item in items_for(user)]
    if may(user, "complaints.view_complaint"):
        complaint = Complaint.objects.order_by("number").first()
        pages.append(("complaint", f"/complaints/{complaint.number}/"))
    if may(user, "tickets.view_ticket"):
        ticket = Ticket.objects.filter(station=user.station) if user.station_id else Ticket.objects.all()
        pages.append(("ticket", f"/tickets/{ticket.order_by('number').first().number}/"))
    if may(user, "tickets.add_ticket") and may(user, "callcenter.use_desk"):
        pages.append(("ticket-new", "/tickets/new/"))
    if may(user, "callbacks.record_callback"):  # the callback the user would make next: the survey page
        open_callbacks = callbacks_visible_to(user=user).filter(status__in=OPEN_STATUSES).order_by("queue_at", "id")
        for kind in ("repair", "complaint"):
            callback = next((c for c in open_callbacks.filter(kind=kind)[:50] if may_work_on(user, c)), None)
            if callback is not None:
                pages.append((f"callback-{kind}", f"/callbacks/{callback.pk}/"))
    return [(name, url) for name, url in pages if name != "api-docs"]


def test_every_role_s_main_pages_read_well_at_desk_and_phone_width(live_server, demo_site, monkeypatch):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium` (the CI script installs it)")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs beside the ORM in this thread
    problems: list[str] = []
    shots = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            for username in ROLES:
                pages = _pages(username)
                for width, height in WIDTHS:
                    (SHOTS / str(width)).mkdir(parents=True, exist_ok=True)
                    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
                    page = context.new_page()
                    page.goto(f"{live_server.url}/accounts/login/")
                    page.fill("input[name=username]", username)
                    page.fill("input[name=password]", "demo12345")
                    page.keyboard.press("Enter")
                    page.wait_for_url(f"{live_server.url}/")
                    for name, url in pages:
                        response = page.goto(live_server.url + url)
                        page.wait_for_load_state("networkidle")
                        where = f"{username} {width}px {url}"
                        if response is None or response.status != 200:
                            problems.append(f"{where}: HTTP {response.status if response else '—'}")
                            continue
                        page.screenshot(path=str(SHOTS / str(width) / f"{username}-{name}.png"), full_page=True)
                        shots += 1
                        layout = page.evaluate(LAYOUT_JS)
                        if layout["overflow"] > 1:
                            problems.append(f"{where}: scrolls sideways by {layout['overflow']} px")
                        for label in page.evaluate(SPLIT_LABELS_JS):
                            problems.append(f"{where}: the label {label!r} breaks over lines")
                        if width > 1000 and layout["navHeight"] > 44:
                            problems.append(
                                f"{where}: the top bar's menu takes {layout['navHeight']:.0f} px (two lines)"
                            )
                        if layout["navEntries"] > 6:
                            problems.append(f"{where}: {layout['navEntries']} entries in the top bar")
                        if (
                            url != "/"
                            and name
                            not in ("complaint", "ticket", "ticket-new", "callback-repair", "callback-complaint")
                            and not layout["current"]
                        ):
                            problems.append(f"{where}: the menu does not mark the page being read")
                    context.close()
        finally:
            browser.close()

    assert shots >= len(ROLES) * 2 * 3, shots
    assert not problems, "\n".join(problems)
