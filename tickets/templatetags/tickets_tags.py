from django import template

from tickets import workflow

register = template.Library()


@register.filter
def is_late(ticket, moment) -> bool:
    return bool(ticket.late_limits(moment))


@register.filter
def actions_for(ticket, user):
    return workflow.MACHINE.available(ticket, user)
