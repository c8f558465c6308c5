"""`{% complaint_panel %}`: the complaint figures and shortcuts each role's home page shows (one query)."""

from __future__ import annotations

from django import template

from complaints.selectors import complaint_counts
from csc.permissions import may

register = template.Library()


@register.inclusion_tag("complaints/_home_panel.html", takes_context=True)
def complaint_panel(context):
    user = context["request"].user
    if not may(user, "complaints.view_complaint"):
        return {"show": False}
    return {
        "show": True,
        "counts": complaint_counts(user=user),
        "may_register": may(user, "complaints.add_complaint"),
        "may_work": may(user, "complaints.change_complaint"),
        "may_statistics": may(user, "complaints.view_complaint_statistics"),
    }
