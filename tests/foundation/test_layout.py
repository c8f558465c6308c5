"""What every page shares: the menus, the API-docs link, the scheduler's pulse, the icons, and how times, dates,
lists and labels are written (issue 12, points 4 and 6)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from csc import text
from csc.models import Heartbeat
from csc.navigation import menus_for

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _menus(client, url="/"):
    return client.get(url).context["nav_menus"]


def test_the_supervisor_s_menu_is_four_menus_not_a_row_of_twenty(client, supervisor):
    client.force_login(supervisor)

    menus = _menus(client)

    assert [m["code"] for m in menus] == ["desk", "work", "reports", "settings"]
    assert sum(len(m["items"]) for m in menus) >= 12
    html = client.get("/").content.decode()
    assert html.count('<details class="menu') == 4


def test_the_page_being_read_marks_its_entry_and_its_menu_even_on_a_record_s_page(client, supervisor):
    client.force_login(supervisor)

    menus = _menus(client, reverse("complaints:list") + "?status=open")
    work = next(m for m in menus if m["code"] == "work")

    assert work["current"] is True
    assert [i["url_name"] for i in work["items"] if i["current"]] == ["complaints:list"]
    items = [{"url": "/complaints/", "menu": "work"}, {"url": "/complaints/mine/", "menu": "work"}]
    marked = menus_for(items, "/complaints/mine/")[0]["items"]
    assert [i["current"] for i in marked] == [False, True]  # the longest matching address wins
    assert [i["current"] for i in menus_for(items, "/complaints/26120001/")[0]["items"]] == [True, False]


def test_the_api_docs_link_is_for_integration_clients_and_administrators_only(
    client, agent, supervisor, station_user, integration, admin_user
):
    for user, shown in (
        (agent, False),
        (supervisor, False),
        (station_user, False),
        (integration, True),
        (admin_user, True),
    ):
        client.force_login(user)
        names = [i["url_name"] for i in client.get("/").context["nav_items"]]
        assert ("api-docs" in names) is shown, user.username


def test_home_pages_warn_only_those_who_run_the_system_and_only_when_the_scheduler_stopped(client, agent, supervisor):
    Heartbeat.objects.create(name="beat", last_run_at=timezone.now(), runs=10)
    client.force_login(supervisor)
    assert 'id="beat"' not in client.get("/").content.decode()

    Heartbeat.objects.filter(name="beat").update(last_run_at=timezone.now() - timedelta(minutes=10))
    assert 'id="beat"' in client.get("/").content.decode()
    client.force_login(agent)
    assert 'id="beat"' not in client.get("/").content.decode()


def test_the_system_page_shows_the_pulse_and_names_failed_tasks_in_words(client, supervisor):
    from django_celery_results.models import TaskResult

    Heartbeat.objects.create(name="beat", last_run_at=timezone.now() - timedelta(minutes=30), runs=3)
    TaskResult.objects.create(task_id="t1", task_name="reports.build_scheduled", status="FAILURE", result='"boom"')
    client.force_login(supervisor)

    html = client.get(reverse("notifications:failures")).content.decode()

    assert 'id="beat"' in html and "warn-card" in html
    assert "定时报表" in html and "reports.build_scheduled" not in html


def test_icons_are_inline_svg_and_decorative_unless_labelled():
    html = Template('{% icon "bell" %}|{% icon "recording" "录音" %}').render(Context())

    hidden, labelled = html.split("|")
    assert hidden.startswith("<svg") and 'aria-hidden="true"' in hidden and "🔔" not in hidden
    assert 'role="img"' in labelled and 'aria-label="录音"' in labelled and "<title>录音</title>" in labelled


def test_one_format_per_context():
    now = timezone.localtime()
    moment = datetime(now.year, 12, 1, 18, 20, tzinfo=SHANGHAI)
    last_year = moment.replace(year=now.year - 1)

    with translation.override("zh-hans"):
        assert text.list_time(moment) == "12-01 18:20"
        assert text.list_time(last_year) == f"{now.year - 1}-12-01 18:20"
        assert text.detail_time(moment) == f"{now.year}-12-01 18:20"
        assert text.report_date(date(2026, 12, 1)) == "2026年12月1日"
        assert text.report_month(date(2026, 12, 1)) == "2026年12月"
        assert text.customer_time(moment) == "12月1日 18:20"
        assert text.words(["姓名", "电话", "地址"]) == "姓名、电话、地址"
        assert text.colon() == "："
    with translation.override("en"):
        assert text.report_date(date(2026, 12, 1)) == "1 December 2026"
        assert text.words(["name", "phones"]) == "name, phones"
        assert text.colon() == ": "
    assert text.list_time(None) == "" and text.detail_time(None) == ""
    utc = datetime(2026, 12, 1, 10, 20, tzinfo=ZoneInfo("UTC"))
    assert text.detail_time(utc) == "2026-12-01 18:20"  # always Asia/Shanghai


def test_templates_reach_the_formats_as_built_in_filters():
    moment = datetime(2026, 12, 1, 18, 20, tzinfo=SHANGHAI)
    with translation.override("zh-hans"):
        html = Template("{{ m|detail_time }} {{ m|report_date }} {% colon %}{{ w|words }}").render(
            Context({"m": moment, "w": ["甲", "乙"]})
        )
    assert html == "2026-12-01 18:20 2026年12月1日 ：甲、乙"
