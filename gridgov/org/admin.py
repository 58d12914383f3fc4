from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gridgov.audit.admin import AuditedAdmin

from .models import ApiToken, Staff, Unit


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "department", "area", "stationed_in_centre"]
    list_filter = ["kind", "department", "stationed_in_centre"]
    search_fields = ["code", "name", "area__code"]
    raw_id_fields = ["area", "parent"]
    list_select_related = ["area"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Staff)
class StaffAdmin(AuditedAdmin):
    list_display = ["name", "role", "area", "unit", "work_phone", "active"]
    list_filter = ["role", "active", "area__level"]
    search_fields = ["name", "user__username", "area__code"]
    raw_id_fields = ["user", "area", "unit"]
    list_select_related = ["area", "unit", "user"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).visible_to(request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    """Tokens can be listed and revoked (deleted, audited), never read or edited: only their digest is stored."""

    list_display = ["user", "created_at", "last_used"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "digest", "created_at", "last_used"]
    audit_exclude = ("digest",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
