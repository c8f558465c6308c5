"""K-2 scripts: greeting with the agent number, holiday windows a supervisor sets, 您早 before 10:00, closing."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from callcenter.defaults import HOLIDAY_DEFAULTS
from callcenter.models import HolidayGreeting, Script
from callcenter.selectors import closing_script, opening_script

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(hour, minute=0, day=date(2026, 11, 24)):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def test_k2_the_normal_opening_names_the_agent_number(agent):
    script = opening_script(agent=agent, now=at(10, 0))

    assert script["kind"] == "opening"
    assert script["text"] == f"您好，供暖报修{agent.agent_number}号为您服务，请问您有什么问题？"


def test_k2_before_ten_oclock_the_opening_says_good_morning(agent):
    assert opening_script(agent=agent, now=at(9, 59))["text"].startswith("您早，")
    assert opening_script(agent=agent, now=at(0, 30))["kind"] == "opening_morning"


@pytest.mark.parametrize("holiday", list(HOLIDAY_DEFAULTS))
def test_k2_each_holiday_greeting_is_used_inside_its_window_only(agent, holiday):
    HolidayGreeting.objects.create(
        holiday=holiday, starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 3), text=HOLIDAY_DEFAULTS[holiday]
    )

    inside = opening_script(agent=agent, now=at(9, 0, date(2027, 1, 3)))
    after = opening_script(agent=agent, now=at(11, 0, date(2027, 1, 4)))

    assert inside["kind"] == holiday
    assert inside["text"] == HOLIDAY_DEFAULTS[holiday].replace("【工号】", agent.agent_number)
    assert after["kind"] == "opening"


def test_k2_an_edited_script_line_is_used(agent, supervisor, client):
    client.force_login(supervisor)

    response = client.post(reverse("callcenter:scripts"), {"kind": "closing", "text": "感谢您的来电，再见！"})

    assert response.status_code == 302
    assert closing_script(agent=agent) == "感谢您的来电，再见！"


def test_bad_input_an_opening_line_without_the_agent_number_is_refused(supervisor, client):
    client.force_login(supervisor)

    response = client.post(reverse("callcenter:scripts"), {"kind": "opening", "text": "您好"})

    assert response.status_code == 422
    assert not Script.objects.filter(kind="opening", text="您好").exists()


def test_k2_a_supervisor_sets_a_holiday_window(client, supervisor, agent):
    client.force_login(supervisor)
    data = {
        "holiday": "spring_festival",
        "starts_on": "2027-02-05",
        "ends_on": "2027-02-12",
        "text": HOLIDAY_DEFAULTS["spring_festival"],
        "is_active": "on",
    }

    assert client.post(reverse("callcenter:holiday_create"), data).status_code == 302

    assert opening_script(agent=agent, now=at(15, 0, date(2027, 2, 8)))["text"].startswith("新年好！")


@pytest.mark.parametrize(
    "change",
    [
        {"starts_on": "2027-02-10", "ends_on": "2027-02-01"},
        {"starts_on": "2027-02-01", "ends_on": "2027-02-06"},  # overlaps the Spring Festival window below
        {"text": "新年好！"},
        {"holiday": "christmas"},
    ],
)
def test_bad_input_holiday_windows_are_checked_and_nothing_is_saved(client, supervisor, change):
    HolidayGreeting.objects.create(
        holiday="spring_festival", starts_on=date(2027, 2, 5), ends_on=date(2027, 2, 12), text="新年好！{agent_number}"
    )
    client.force_login(supervisor)
    data = {
        "holiday": "new_year",
        "starts_on": "2027-01-01",
        "ends_on": "2027-01-03",
        "text": "新年好！【工号】",
        "is_active": "on",
        **change,
    }

    response = client.post(reverse("callcenter:holiday_create"), data)

    assert response.status_code == 422
    assert HolidayGreeting.objects.count() == 1


def test_scripts_are_set_by_supervisors_only(client, agent, team_lead):
    for user in (agent, team_lead):
        client.force_login(user)
        assert client.get(reverse("callcenter:scripts")).status_code == 403
        assert client.post(reverse("callcenter:holiday_create"), {"holiday": "new_year"}).status_code == 403
    assert HolidayGreeting.objects.count() == 0


def test_k2_the_desk_shows_the_opening_with_the_agent_number(client, agent):
    client.force_login(agent)

    html = client.get(reverse("callcenter:desk")).content.decode()

    assert f"供暖报修{agent.agent_number}号为您服务" in html
