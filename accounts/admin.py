from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Team, User
from csc.admin_base import HistoryAdmin


@admin.register(User)
class UserAdmin(HistoryAdmin, BaseUserAdmin):
    list_display = ["username", "agent_number", "display_name", "team", "station", "is_active"]
    list_filter = ["groups", "team", "station", "is_active"]
    search_fields = ["username", "agent_number", "display_name"]
    fieldsets = [
        *(BaseUserAdmin.fieldsets or ()),
        (_("Service centre"), {"fields": ["agent_number", "display_name", "team", "station", "password_changed_at"]}),
    ]


@admin.register(Team)
class TeamAdmin(HistoryAdmin):
    list_display = ["name", "lead", "is_active"]
