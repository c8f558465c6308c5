"""One phone rule (customers.phones) for every path: the spellings people and telephony use, their canonical form,
and a number saved through each path found by the look-up through every other path, whichever way it is written.

Paths that save a number: a customer record, a repair ticket's caller, a complaint's complainant, a telephony call
event, an SMS. Look-ups: the screen-pop (desk and CTI), the ticket list's search, the complaint list's search and
the public status page, the customer list's search.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.test import override_settings
from django.utils import timezone

from callcenter.models import Call
from complaints.filters import ComplaintFilter
from complaints.selectors import complaints_for_list, public_status
from complaints.services import complaint_register
from compliance.filters import CustomerFilter
from compliance.selectors import customers_visible_to
from customers import phones
from customers.services import customer_create
from notifications.models import SmsMessage
from notifications.sms import sms_send
from tests.complaints.factories import CategoryFactory
from tests.factories import ServiceAreaFactory
from tickets.filters import TicketFilter
from tickets.selectors import tickets_for_list
from tickets.services import ticket_create

pytestmark = pytest.mark.django_db

TABLE = [
    # mobiles
    ("13812345678", "13812345678"),
    ("138 1234 5678", "13812345678"),
    ("138-1234-5678", "13812345678"),
    ("138.1234.5678", "13812345678"),
    ("+86 138 1234 5678", "13812345678"),
    ("+8613812345678", "13812345678"),
    ("+86-138-1234-5678", "13812345678"),
    ("0086 13812345678", "13812345678"),
    ("0086-138-1234-5678", "13812345678"),
    ("86 138 1234 5678", "13812345678"),
    ("8613812345678", "13812345678"),
    ("１３８１２３４５６７８", "13812345678"),
    ("１３８－１２３４－５６７８", "13812345678"),
    ("(+86) 138 1234 5678", "13812345678"),
    ("（+86）13812345678", "13812345678"),
    ("+86 (138) 1234-5678", "13812345678"),
    # a Beijing landline, with and without its area code
    ("01069440000", "01069440000"),
    ("010-69440000", "01069440000"),
    ("010 6944 0000", "01069440000"),
    ("(010) 6944 0000", "01069440000"),
    ("（010）69440000", "01069440000"),
    ("０１０－６９４４００００", "01069440000"),
    ("+86 10 6944 0000", "01069440000"),
    ("+86-10-69440000", "01069440000"),
    ("+86 (0)10 6944 0000", "01069440000"),
    ("0086 10 6944 0000", "01069440000"),
    ("0086-10-69440000", "01069440000"),
    ("861069440000", "01069440000"),
    ("69440000", "01069440000"),
    ("6944-0000", "01069440000"),
    ("010-69440000 转 8001", "01069440000"),
    ("010-69440000转8001", "01069440000"),
    ("010-69440000 分机 8001", "01069440000"),
    ("010-69440000 ext. 8001", "01069440000"),
    ("010 6944 0000 x8001", "01069440000"),
    ("010-69440000#8001", "01069440000"),
    # other cities' landlines (3- and 4-digit area codes)
    ("021-6288-1234", "02162881234"),
    ("+86 21 6288 1234", "02162881234"),
    ("0571-88888888", "057188888888"),
    ("(0571) 8888 8888", "057188888888"),
    ("+86 571 8888 8888", "057188888888"),
    ("0086 571 88888888", "057188888888"),
    # 400 / 800 numbers
    ("400-810-8888", "4008108888"),
    ("400 810 8888", "4008108888"),
    ("4008108888", "4008108888"),
    ("+86 400 810 8888", "4008108888"),
    ("800-810-8888", "8008108888"),
    ("800 810 8888", "8008108888"),
    # service numbers
    ("95598", "95598"),
    ("９５５９８", "95598"),
    ("12345", "12345"),
    # other countries
    ("+1 415 555 2671", "0014155552671"),
    ("001 415-555-2671", "0014155552671"),
    ("+852 2123 4567", "0085221234567"),
]

BY_NUMBER: dict[str, list[str]] = defaultdict(list)
for _spelling, _canonical in TABLE:
    BY_NUMBER[_canonical].append(_spelling)
CALLABLE = [number for number in BY_NUMBER if number not in {"95598", "12345"}]  # a person may give these


@pytest.mark.parametrize(("spelling", "canonical"), TABLE)
@override_settings(LOCAL_AREA_CODE="010")
def test_each_spelling_has_one_canonical_form(spelling, canonical):
    assert phones.normalise(spelling) == canonical


def test_the_table_covers_every_kind_of_number():
    kinds = {phones.parse(spelling).kind for spelling, _canonical in TABLE}

    assert len(TABLE) >= 40
    assert kinds == {"mobile", "landline", "toll_free", "service", "foreign"}


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "letters"),
        ("138-1234-5678 ext", "letters"),
        ("tel:13812345678", "letters"),
        ("12", "length"),
        ("1234", "length"),
        ("+86 138", "length"),
        ("1381234567890123456789", "length"),
    ],
)
def test_what_no_phone_could_dial_is_refused_with_its_reason(raw, code):
    with pytest.raises(phones.PhoneError) as refused:
        phones.normalise(raw)

    assert refused.value.code == code


def test_a_service_number_is_no_number_to_call_a_person_back_on():
    assert phones.normalise("95598") == "95598"  # the telephony may report it as a caller
    with pytest.raises(phones.ValidationError):
        phones.clean("95598")


def test_a_local_number_takes_the_centres_area_code_from_the_setting():
    with override_settings(LOCAL_AREA_CODE="0571"):
        assert phones.normalise("8888 8888") == "057188888888"
    with override_settings(LOCAL_AREA_CODE=""):
        assert phones.normalise("69440000") == "69440000"  # no area code known: kept as dialled


@pytest.fixture
def area(db):
    return ServiceAreaFactory(community="宏城花园")


@pytest.fixture
def complaint_category(db):
    return CategoryFactory(code="phone_table", name="号码测试")


def _call_event(client, external_id: str, caller: str) -> None:
    response = client.post(
        "/api/v1/calls/",
        {"external_id": external_id, "event": "queued", "caller_number": caller, "direction": "inbound"},
        format="json",
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("number", CALLABLE)
@override_settings(LOCAL_AREA_CODE="010")
def test_a_number_saved_through_each_path_is_found_through_every_other_path_in_any_spelling(
    number, area, complaint_category, agent, supervisor, integration, api_as, django_capture_on_commit_callbacks
):
    spellings = BY_NUMBER[number]
    write = {
        path: spellings[index % len(spellings)]
        for index, path in enumerate(["customer", "ticket", "complaint", "call", "sms"])
    }

    customer = customer_create(name="王建华", phones=[write["customer"]], actor=agent)
    ticket = ticket_create(
        category="not_warm",
        address=f"顺义区{area.community}3号楼2单元501",
        caller_name="王建华",
        caller_phone=write["ticket"],
        confirmed_content=True,
        confirmed_address=True,
        confirmed_name=True,
        confirmed_phone=True,
        actor=agent,
    )
    with django_capture_on_commit_callbacks(execute=True):
        complaint = complaint_register(
            actor=agent,
            category=complaint_category,
            complainant_name="王建华",
            complainant_phone=write["complaint"],
            subject="暖气不热",
            statement="三天了还不热。",
        )
        sms_send(to=write["sms"], body="测试", kind="complaint.registered")
    _call_event(api_as(integration), f"table-{number}", write["call"])

    assert customer.phones.get().number == ticket.caller_phone == complaint.complainant_phone == number
    assert Call.objects.get(external_id=f"table-{number}").caller_number == number
    assert SmsMessage.objects.filter(to=number).count() == 2  # the acknowledgement and the one above
    screen_pop = api_as(agent)
    for spelling in spellings:
        found = screen_pop.get("/api/v1/customers/lookup/", {"phone": spelling}).json()
        assert [m["customer_id"] for m in found["matches"]] == [customer.pk], spelling
        assert len(found["calls_from_number"]) == 1, spelling
        assert list(TicketFilter({"q": spelling}, queryset=tickets_for_list(user=agent)).qs) == [ticket], spelling
        assert list(ComplaintFilter({"q": spelling}, queryset=complaints_for_list(user=agent)).qs) == [complaint], (
            spelling
        )
        assert public_status(number=complaint.number, phone=spelling) == complaint, spelling
        assert list(CustomerFilter({"q": spelling}, queryset=customers_visible_to(user=supervisor)).qs) == [customer], (
            spelling
        )


@pytest.mark.parametrize("number", ["95598", "12345"])
def test_a_service_number_reported_by_the_telephony_is_found_in_any_spelling(number, agent, integration, api_as):
    for index, spelling in enumerate(BY_NUMBER[number]):
        _call_event(api_as(integration), f"service-{number}-{index}", spelling)

    for spelling in BY_NUMBER[number]:
        found = api_as(agent).get("/api/v1/customers/lookup/", {"phone": spelling}).json()
        assert found["matches"] == []
        assert len(found["calls_from_number"]) == len(BY_NUMBER[number]), spelling
    assert set(Call.objects.values_list("caller_number", flat=True)) == {number}
    assert Call.objects.filter(created_at__lte=timezone.now()).count() == len(BY_NUMBER[number])
