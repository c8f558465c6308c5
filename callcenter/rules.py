"""Object rules of the call centre, registered in csc.permissions: agents see the calls they took (point 7)."""

from __future__ import annotations

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


def consultation_object(user, consultation) -> bool:
    return _sees_all(user) or consultation.agent_id == user.pk


def consultation_scope(user, queryset):
    return queryset if _sees_all(user) else queryset.filter(agent=user)
