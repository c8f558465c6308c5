"""Object rules of the call centre: agents see the calls they took; leads, supervisors and the GM office all.

Registered with csc.permissions from CallcenterConfig.ready().
"""

from __future__ import annotations

from csc.permissions import register_rules

ALL_CALLS = "callcenter.view_all_calls"


def _sees_all(user) -> bool:
    return user.is_active and user.has_perm(ALL_CALLS)


def call_object(user, call) -> bool:
    return _sees_all(user) or call.agent_id == user.pk


def call_scope(user, queryset):
    return queryset if _sees_all(user) else queryset.filter(agent=user)


def recording_object(user, recording) -> bool:
    return _sees_all(user) or recording.call.agent_id == user.pk


def recording_scope(user, queryset):
    return queryset if _sees_all(user) else queryset.filter(call__agent=user)


def register() -> None:
    register_rules("callcenter.call", object_rule=call_object, scope_rule=call_scope)
    register_rules("callcenter.recording", object_rule=recording_object, scope_rule=recording_scope)
    # a consultation belongs to its agent as a call does
    register_rules("callcenter.consultation", object_rule=call_object, scope_rule=call_scope)
