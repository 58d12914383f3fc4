"""Back office: the rules, teams, members (phone masked in lists), activities and the catalogue are edited with an
audit trail; attendances and calls are read only (their writes are the actions'); the ledger is never added to,
changed or deleted here, by anyone."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gridgov.audit.admin import AuditedAdmin, ReadOnlyAdmin

from .models import Activity, Attendance, Call, LedgerEntry, Member, PointRules, Service, Team


@admin.register(PointRules)
class PointRulesAdmin(AuditedAdmin):
    list_display = ("points_per_hour", "step_minutes", "default_cap_hours", "redemption_threshold", "balance_cap",
                    "active_hours_per_month", "active_months", "sign_in_metres")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not PointRules.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Team)
class TeamAdmin(AuditedAdmin):
    list_display = ("name", "unit", "area", "active")
    list_filter = ("active",)
    search_fields = ("name", "area__code")
    raw_id_fields = ("unit", "area")


@admin.register(Member)
class MemberAdmin(AuditedAdmin):
    list_display = ("masked", "kind", "team", "area", "active")
    list_filter = ("kind", "active")
    raw_id_fields = ("team", "area", "user")

    @admin.display(description=_("member"))
    def masked(self, obj: Member) -> str:
        return str(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a member leaves by becoming inactive: their ledger stays


@admin.register(Activity)
class ActivityAdmin(AuditedAdmin):
    list_display = ("title", "kind", "team", "area", "starts_at", "ends_at", "cap_hours")
    list_filter = ("kind",)
    raw_id_fields = ("team", "area")
    date_hierarchy = "starts_at"


@admin.register(Service)
class ServiceAdmin(AuditedAdmin):
    list_display = ("name", "points", "active")
    list_filter = ("active",)


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ("activity", "member", "status", "signed_in_at", "signed_out_at", "hours")
    list_filter = ("status",)


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = ("activity", "member", "called_at", "answer", "came")
    list_filter = ("answer", "came")


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "member", "kind", "points", "balance", "reason")
    list_filter = ("kind",)
    date_hierarchy = "at"
    readonly_fields = [f.name for f in LedgerEntry._meta.fields]
