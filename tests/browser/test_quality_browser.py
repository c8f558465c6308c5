"""K-4 and K-8 in a real browser: the team lead opens the day's checks, plays an agent's recording and scores it by
deduction with an error found; the agent signs the check (签字确认) with a remark; the month's appraisal shows the
check, its score and the fine.

Playwright drives Debian's chromium as in test_desk_browser.py; no browser is downloaded.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.browser.test_desk_browser import ARGS, CHROMIUM, _sign_in


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    """Roles and the quality defaults, 甲班 with its lead and an agent, and the agent's call of an hour ago with its
    recording."""
    from django.apps import apps
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from accounts.models import Team
    from accounts.roles import Role, sync_roles
    from callcenter.models import Call, CallDirection, Recording
    from quality.demo import _tone_wav
    from tests.factories import TeamFactory, UserFactory, data_migration_rows

    settings.SESSION_COOKIE_SECURE = False  # the live server speaks plain http
    settings.CSRF_COOKIE_SECURE = False
    settings.MEDIA_ROOT = str(tmp_path)
    sync_roles(apps)  # a transactional test may run after another one flushed the roles
    data_migration_rows()  # the score sheets and error types of the quality migration
    team = TeamFactory(name="甲班")
    lead = UserFactory(username="qa_lead", role=Role.TEAM_LEAD, team=team, agent_number="2001")
    Team.objects.filter(pk=team.pk).update(lead=lead)
    agent = UserFactory(username="qa_agent", role=Role.AGENT, team=team, agent_number="1001", display_name="李晓梅")
    answered = timezone.now() - timedelta(minutes=30)
    call = Call.objects.create(
        direction=CallDirection.INBOUND,
        caller_number="13812345678",
        agent=agent,
        status="ended",
        ringing_at=answered - timedelta(seconds=6),
        answered_at=answered,
        ended_at=answered + timedelta(minutes=3),
        ring_seconds=6,
        call_type="repair",
        created_at=answered - timedelta(seconds=6),
    )
    audio = _tone_wav(seconds=2)
    Recording.objects.create(
        call=call,
        file=ContentFile(audio, name="call.wav"),
        content_type="audio/wav",
        size_bytes=len(audio),
        duration_seconds=180,
        uploaded_by=lead,
    )
    return {"lead": lead, "agent": agent, "call": call}


def test_k4_k8_a_lead_scores_a_recording_the_agent_signs_it_and_the_appraisal_counts_it(
    live_server, world, password, monkeypatch
):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium` (the CI script installs it)")
    from playwright.sync_api import expect, sync_playwright

    from quality.models import ErrorType, Mark, ScoreSheet, SpotCheck

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs beside the ORM in this thread
    base = live_server.url
    call = world["call"]
    intake = ScoreSheet.objects.get(kind="intake").current_version()
    closing = intake.items.get(label="结束语")
    phrasing = ErrorType.objects.get(code="nonstandard_phrasing")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            # The lead's day: the agent is not checked yet; today's recorded call is offered.
            lead = browser.new_context(locale="zh-CN").new_page()
            _sign_in(lead, base, "qa_lead", password)
            lead.goto(f"{base}/quality/")
            lead.locator(f"a[href='/quality/calls/{call.pk}/score/']").first.click()
            lead.wait_for_url(f"{base}/quality/calls/{call.pk}/score/**")

            # The recording plays on the same page.
            audio = lead.locator("audio")
            expect(audio).to_have_count(1)
            assert lead.evaluate(
                "async () => { const a = document.querySelector('audio'); await a.play(); return !a.paused; }"
            )

            # Deductions: 2 points of the closing line; the agent's phrasing was not standard (a counted error).
            lead.fill(f"input[name=item_{closing.pk}]", "2")
            lead.check(f"input[name=counted][value='{phrasing.pk}']")
            lead.fill("textarea[name=problems]", "结束语不完整，开头未报工号。")
            lead.locator("#score-form button[type=submit]").click()
            lead.wait_for_url(f"{base}/quality/checks/*/")
            check = SpotCheck.objects.get(call=call)
            assert (check.deducted, check.score, check.total_points, check.checker_id) == (2, 33, 35, world["lead"].pk)
            expect(lead.locator("body")).to_contain_text("33")
            assert Mark.objects.get(spot_check=check).amount == phrasing.amount

            # The agent sees the check waiting on the home page and signs it with a remark.
            agent = browser.new_context(locale="zh-CN").new_page()
            _sign_in(agent, base, "qa_agent", password)
            agent.goto(f"{base}/quality/checks/{check.pk}/")
            expect(agent.locator("#acknowledgement")).to_contain_text("签字")
            assert agent.locator("input[name^=item_]").count() == 0  # the score is not the agent's to change
            agent.fill("#acknowledgement textarea[name=remark]", "已学习标准用语。")
            agent.locator("#acknowledgement button[type=submit]").click()
            agent.wait_for_load_state("networkidle")
            check.refresh_from_db()
            assert check.acknowledged_at is not None and check.agent_remark == "已学习标准用语。"
            expect(agent.locator("#acknowledgement")).to_contain_text("已学习标准用语")

            # The month's appraisal: one check at 33/35, the fine of the error, nothing left to sign.
            agent.goto(f"{base}/quality/appraisal/")
            row = agent.locator("tbody tr").filter(has_text="1001")
            expect(row).to_contain_text("94.3%")
            expect(row).to_contain_text(f"{phrasing.amount:.2f}")
        finally:
            browser.close()
