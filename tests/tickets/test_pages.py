"""Pages: intake with routing proposal, station view (T-7, phone-sized), permissions, query guards, import (T-1)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.tickets.factories import TicketFactory
from tickets import services
from tickets.models import ServiceArea, Ticket

pytestmark = pytest.mark.django_db


def test_t2_intake_page_creates_and_dispatches_a_ticket(client, agent, demo_areas, ticket_input):
    client.force_login(agent)

    response = client.post(reverse("tickets:ticket_new"), {**ticket_input, "confirmed_content": "on"})

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("tickets:ticket_detail", args=[ticket.number])
    assert ticket.station == demo_areas["宏城"]


@pytest.fixture
def english(client, settings):
    """These pages are checked in the English UI (X-5: English complete); the others run in Chinese."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_x4_intake_page_shows_field_errors_and_saves_nothing(english, client, agent, demo_areas, ticket_input):
    client.force_login(agent)

    response = client.post(
        reverse("tickets:ticket_new"), {**ticket_input, "caller_phone": "1381234abcd", "address": "和平小区3号楼"}
    )

    assert response.status_code == 200
    assert "No station covers this address." in response.content.decode()
    assert "A phone number has digits only" in response.content.decode()
    assert Ticket.objects.count() == 0


def test_t3_routing_partial_shows_the_proposal_while_typing(client, agent, demo_areas):
    client.force_login(agent)

    exact = client.get(reverse("tickets:route"), {"address": "站前街小区１３栋"}, HTTP_HX_REQUEST="true")
    ambiguous = client.get(reverse("tickets:route"), {"address": "秀水花园"}, HTTP_HX_REQUEST="true")

    assert "裕龙" in exact.content.decode()
    assert "route-exact" in exact.content.decode()
    assert "route-ambiguous" in ambiguous.content.decode()
    assert "马坡" in ambiguous.content.decode() and "怡馨" in ambiguous.content.decode()


@pytest.mark.parametrize(
    "name", ["ticket_list", "ticket_new", "route", "station_view", "exception_list", "outage_list"]
)
def test_pages_refuse_anonymous(client, name):
    response = client.get(reverse(f"tickets:{name}"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("actor", "name", "status"),
    [
        ("compliance_officer", "ticket_list", 403),
        ("station_user", "ticket_new", 403),
        ("agent", "station_view", 403),
        ("gm", "ticket_new", 403),
        ("agent", "time_limits", 403),
        ("agent", "area_import", 403),
        ("station_user", "station_view", 200),
        ("supervisor", "time_limits", 200),
        ("supervisor", "area_import", 200),
        ("agent", "ticket_list", 200),
    ],
)
def test_page_permission_matrix(client, request, actor, name, status):
    client.force_login(request.getfixturevalue(actor))

    assert client.get(reverse(f"tickets:{name}")).status_code == status


def test_t7_station_user_sees_only_its_own_tickets_and_another_is_404(
    client, hongcheng_user, agent, demo_areas, ticket_input
):
    mine = services.ticket_create(actor=agent, **ticket_input)
    theirs = services.ticket_create(actor=agent, **{**ticket_input, "address": "裕龙花园一区3号楼"})
    client.force_login(hongcheng_user)

    page = client.get(reverse("tickets:station_view")).content.decode()
    assert mine.number in page and theirs.number not in page
    assert client.get(reverse("tickets:ticket_detail", args=[theirs.number])).status_code == 404
    assert client.post(reverse("tickets:ticket_step", args=[theirs.number, "accept"])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "dispatched"
    listing = client.get(reverse("tickets:ticket_list")).content.decode()
    assert theirs.number not in listing


def test_t7_station_view_accept_then_contact_arrive_complete(client, hongcheng_user, agent, demo_areas, ticket_input):
    ticket = services.ticket_create(actor=agent, **ticket_input)
    client.force_login(hongcheng_user)
    view = reverse("tickets:station_view")

    page = client.get(view).content.decode()
    assert 'name="viewport"' in page and "step-accept" in page and "step-reject" in page
    for step, data in [
        ("accept", {"technician": "孙师傅"}),
        ("contact", {"note": "已联系"}),
        ("arrive", {}),
        ("complete", {"result": "放风", "fee_charged": "false"}),
    ]:
        response = client.post(reverse("tickets:ticket_step", args=[ticket.number, step]), {**data, "next": view})
        assert response.status_code == 302 and response["Location"] == view
    ticket.refresh_from_db()
    assert ticket.status == "completed"
    assert ticket.fee_charged is False


def test_x4_page_step_errors_come_back_as_a_message_not_a_500(client, hongcheng_user, agent, demo_areas, ticket_input):
    ticket = services.ticket_create(actor=agent, **ticket_input)
    client.force_login(hongcheng_user)

    response = client.post(
        reverse("tickets:ticket_step", args=[ticket.number, "complete"]),
        {"result": "x", "fee_charged": "true"},
        follow=True,
    )

    assert response.status_code == 200
    assert ticket.number in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == "dispatched"


def test_ticket_list_and_station_view_cost_constant_queries(
    client, supervisor, hongcheng_user, demo_areas, django_assert_max_num_queries
):
    TicketFactory.create_batch(3, station=demo_areas["宏城"])
    client.force_login(supervisor)
    with django_assert_max_num_queries(12):
        client.get(reverse("tickets:ticket_list"))
    TicketFactory.create_batch(25, station=demo_areas["宏城"])
    with django_assert_max_num_queries(12):
        client.get(reverse("tickets:ticket_list"))
    client.force_login(hongcheng_user)
    with django_assert_max_num_queries(12):
        client.get(reverse("tickets:station_view"))


def _sheet(rows: list[str], name="areas.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join(rows)).encode("utf-8"), content_type="text/csv")


GOOD_AND_BAD = [
    "维修站,区,街道,小区,楼号",
    "宏城,顺义区,胜利街道,新宏小区,1-10",
    "不存在站,顺义区,,某小区,",
    "yulong,顺义区,光明街道,新宏小区,5-20",  # overlaps 宏城's 1-10
    "裕龙,顺义区,光明街道,新龙小区,9-3",
]


def test_t1_import_with_a_bad_row_imports_nothing_and_reports_each_row(english, client, supervisor, demo_areas):
    client.force_login(supervisor)
    before = ServiceArea.objects.count()

    response = client.post(reverse("tickets:area_import"), {"file": _sheet(GOOD_AND_BAD)})

    page = response.content.decode()
    assert "Unknown station" in page and "Overlaps" in page and "below the first" in page
    assert ServiceArea.objects.count() == before


def test_t1_import_the_good_rows_when_chosen(client, supervisor, demo_areas):
    client.force_login(supervisor)

    client.post(reverse("tickets:area_import"), {"file": _sheet(GOOD_AND_BAD), "good_rows_only": "on"})

    assert list(ServiceArea.objects.filter(community="新宏小区").values_list("station__name", "building_from")) == [
        ("宏城", 1)
    ]
    assert services.route_preview(address="新宏小区3号楼").station.name == "宏城"


def test_t1_import_reads_xlsx(client, supervisor, demo_areas):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["station", "district", "street", "community", "buildings"])
    sheet.append(["jinbao", "顺义区", "空港街道", "金宝新苑", "1～8"])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(supervisor)

    client.post(reverse("tickets:area_import"), {"file": SimpleUploadedFile("a.xlsx", buffer.getvalue())})

    assert ServiceArea.objects.get(community="金宝新苑").building_to == 8


def test_x4_import_of_a_broken_file_says_so(english, client, supervisor, db):
    client.force_login(supervisor)

    response = client.post(reverse("tickets:area_import"), {"file": SimpleUploadedFile("a.xlsx", b"not a zip")})

    assert "not a readable .xlsx" in response.content.decode()


def test_t1_supervisor_adds_and_deactivates_an_area_in_the_app(english, client, supervisor, agent, demo_areas):
    station = demo_areas["宏城"]
    url = reverse("tickets:station_detail", args=[station.pk])
    client.force_login(agent)
    assert client.post(url, {"district": "顺义区", "community": "x小区"}).status_code == 403
    client.force_login(supervisor)

    client.post(url, {"district": "顺义区", "community": "胜利新村", "is_active": "on"})
    area = ServiceArea.objects.get(community="胜利新村")
    client.post(url, {"area": area.pk, "district": "顺义区", "community": "胜利新村"})

    area.refresh_from_db()
    assert area.is_active is False
    assert services.route_preview(address="胜利新村1号楼").outcome == "none"
    overlap = client.post(
        url.replace(str(station.pk), str(demo_areas["裕龙"].pk)),
        {"district": "顺义区", "community": "宏城花园", "is_active": "on"},
    )
    assert "Overlaps" in overlap.content.decode()


@pytest.mark.parametrize("bad", ["2026-02-30", "x", "2026-13-01"])
def test_bad_input_a_date_filter_that_is_no_date_is_ignored_and_said_so(english, agent, demo_areas, bad):
    TicketFactory(station=demo_areas["宏城"])
    english.force_login(agent)

    response = english.get(reverse("tickets:ticket_list"), {"date_to": bad})

    assert response.status_code == 200
    assert f"To “{bad}”: Not a date (YYYY-MM-DD). That filter is ignored." in response.content.decode()


def test_t7_the_station_s_home_counts_new_tickets_work_in_progress_and_late_ones(
    client, agent, hongcheng_user, yulong_user, ticket_input
):
    from datetime import timedelta

    from django.utils import timezone

    first = services.ticket_create(actor=agent, **ticket_input)
    second = services.ticket_create(actor=agent, **ticket_input)
    services.ticket_create(actor=agent, **{**ticket_input, "address": "裕龙花园一区3号楼"})  # another station's
    Ticket.objects.filter(pk=first.pk).update(accept_due_at=timezone.now() - timedelta(minutes=5))
    Ticket.objects.filter(pk=second.pk).update(status="accepted", contact_due_at=timezone.now() + timedelta(hours=1))
    client.force_login(hongcheng_user)

    figures = {str(f.label): f.value for f in client.get("/").context["panels"]["figures"]}

    assert figures == {"待接单": 1, "处理中": 1, "已超时": 1}
