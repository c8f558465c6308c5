"""The filters of `csc.text` for every template (a built-in: no `{% load %}` needed)."""

from __future__ import annotations

from django import template

from csc import text

register = template.Library()

register.filter("list_time", text.list_time)
register.filter("detail_time", text.detail_time)
register.filter("report_date", text.report_date)
register.filter("report_month", text.report_month)
register.filter("customer_time", text.customer_time)
register.filter("words", text.words)
register.filter("duration", text.duration)
register.filter("percent", text.percent)
register.filter("seconds", text.seconds)
register.filter("full_width", text.full_width)
register.simple_tag(text.colon, name="colon")
