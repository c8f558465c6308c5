"""GB 11643 ID-card numbers on input and masking in every list (X-3)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from customers.idcard import check_digit, validate_id_number
from customers.models import Customer
from customers.services import customer_create
from tests.compliance.factories import VALID_ID

pytestmark = pytest.mark.django_db


def test_the_standards_example_number_is_valid():
    assert VALID_ID == "11010519491231002X"
    assert validate_id_number("11010519491231002x") == "11010519491231002X"
    assert validate_id_number("１１０１０５１９４９１２３１００２Ｘ") == "11010519491231002X"  # full-width digits


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("110105194912310021", "id_number_check_digit"),
        ("11010519491231002", "id_number_shape"),
        ("1101051949123100XX", "id_number_shape"),
        ("110105194913310020", "id_number_date"),
        ("", "id_number_shape"),
    ],
)
def test_a_malformed_id_number_is_refused_with_the_reason(value, code):
    with pytest.raises(ValidationError) as caught:
        validate_id_number(value)

    assert caught.value.code == code


def test_check_digit_of_a_number_ending_in_a_digit():
    assert check_digit("11010119900101123") == "7"


def test_customer_create_refuses_a_bad_check_digit_and_saves_nothing(agent):
    with pytest.raises(ValidationError) as caught:
        customer_create(name="王建华", phones=["13812345678"], id_number="110105194912310021", actor=agent)

    assert "id_number" in caught.value.message_dict
    assert Customer.objects.count() == 0


def test_api_answers_400_on_the_id_number_field_and_saves_nothing(api_as, agent):
    response = api_as(agent).post(
        "/api/v1/customers/",
        {"name": "王建华", "phones": ["13812345678"], "id_number": "110105194912310021"},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["id_number"]
    assert Customer.objects.count() == 0


def test_api_stores_a_valid_id_number_normalised(api_as, agent):
    response = api_as(agent).post(
        "/api/v1/customers/",
        {"name": "王建华", "phones": ["13812345678"], "id_number": "11010519491231002x"},
        format="json",
    )

    assert response.status_code == 201
    assert Customer.objects.get().id_number == "11010519491231002X"
    assert response.json()["id_number"] == "110***********002X"
