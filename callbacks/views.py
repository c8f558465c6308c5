"""Callback pages: the queue and one callback (the survey). Thin: writes through the services, reads through the
selectors."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from callbacks import satisfaction, selectors, services
from callbacks.models import Callback
from csc import exports as sheets
from csc import periods
from csc.permissions import access_or_404, may
from csc.text import report_date

VIEW = selectors.VIEW


@login_required
def queue(request):
    rows = list(selectors.queue(user=request.user)[:50])
    return render(request, "callbacks/queue.html", {"rows": rows})


@login_required
def detail(request, pk: int):
    callback = access_or_404(request.user, VIEW, Callback.objects.select_related("ticket", "complaint"), pk=pk)
    return render(request, "callbacks/detail.html", {"callback": callback, "script": services.script(callback)})


# --- satisfaction (K-5, ISO 10004) ------------------------------------------------------------------------------


class SatisfactionFilter(forms.Form):
    """A month, or a range of days; neither: last month and this month to date."""

    month = forms.CharField(label=_("Month"), required=False)
    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("To"), required=False)

    def clean_month(self):
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        try:
            year, month = periods.parse_month(value)
        except ValueError:
            raise forms.ValidationError(_("Enter a month as YYYY-MM.")) from None
        return date(year, month, 1)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if (start is None) != (end is None):
            raise forms.ValidationError(_("Enter both days of the range, or neither."))
        if start and end:
            if start > end:
                self.add_error("end", _("The range ends before it starts."))
            elif (end - start).days > 366:
                self.add_error("end", _("Choose a range of at most a year."))
        return data

    def periods(self, today: date) -> list[tuple[date, date]]:
        if self.is_valid():
            if self.cleaned_data.get("start"):
                return [(self.cleaned_data["start"], self.cleaned_data["end"])]
            if self.cleaned_data.get("month"):
                return [periods.month_of(self.cleaned_data["month"])]
        first = today.replace(day=1)
        return [periods.month_of(first - timedelta(days=1)), (first, today)]


def _satisfaction_sections(ranges: list[tuple[date, date]]) -> list[dict]:
    found = []
    for start, end in ranges:
        figures = satisfaction.satisfaction(start=start, end=end)
        found.append({"start": start, "end": end, "figures": figures, "blocks": satisfaction.blocks(figures)})
    return found


def _satisfaction_xlsx(sections: list[dict], *, exported_by: str) -> bytes:
    book = sheets.new_workbook()
    sheet = book.active
    sheet.title = str(_("Satisfaction"))[:31]
    rows = [row for section in sections for block in section["blocks"] for row in [block["header"], *block["rows"]]]
    sheets.sheet_setup(sheet, widths=sheets.column_widths(rows), header_rows=1, exported_by=exported_by)
    sheets.append(sheet, [str(_("Callback satisfaction"))], bold=True)
    sheets.append(sheet, [str(satisfaction.DEFINITION)])
    for section in sections:
        sheets.append(sheet, [])
        sheets.append(sheet, [f"{report_date(section['start'])} – {report_date(section['end'])}"], bold=True)
        for block in section["blocks"]:
            sheets.append(sheet, [])
            sheets.append(sheet, [block["heading"]], bold=True)
            sheets.append(sheet, block["header"], bold=True)
            for row in block["rows"]:
                sheets.append(sheet, row)
    return sheets.workbook_bytes(book)


@login_required
def satisfaction_report(request):
    if not may(request.user, "callbacks.view_satisfaction"):
        raise PermissionDenied
    today = timezone.localdate()
    form = SatisfactionFilter(request.GET or None)
    sections = _satisfaction_sections(form.periods(today))
    if request.GET.get("format") == "xlsx":
        first, last = sections[0]["start"], sections[-1]["end"]
        return sheets.attachment(
            _satisfaction_xlsx(sections, exported_by=str(request.user)),
            filename=f"callback-satisfaction-{first.isoformat()}-{last.isoformat()}.xlsx",
            content_type=sheets.XLSX_TYPE,
        )
    query = request.GET.copy()
    query["format"] = "xlsx"
    context = {
        "form": form,
        "sections": sections,
        "definition": satisfaction.DEFINITION,
        "xlsx_query": query.urlencode(),
    }
    return render(request, "callbacks/satisfaction.html", context)
