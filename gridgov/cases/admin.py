from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gridgov.audit.admin import AuditedAdmin

from .models import Attachment, Case, CaseCounter, Category, KpiRollup, Reminder, TimelineEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ["code", "name", "name_en", "self_handle_allowed", "active"]
    list_filter = ["active", "self_handle_allowed", "parent"]
    search_fields = ["code", "name", "name_en"]


class TimelineInline(admin.TabularInline):
    model = TimelineEntry
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor_label", "action", "from_status", "to_status", "note", "data"]
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-only: a case changes only through its actions (API and workbench), never by editing fields."""

    list_display = ["number", "category", "status", "urgency", "area_code", "handling_unit", "handle_due", "overdue"]
    list_filter = ["status", "urgency", "overdue", "channel", "kind"]
    search_fields = ["number", "tracking_code", "area_code", "description"]
    inlines = [TimelineInline]
    list_select_related = ["category", "handling_unit"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).visible_to(request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Case._meta.fields] + ["involved_units"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["at", "case", "unit", "reason", "read"]
    list_filter = ["reason", "read"]


@admin.register(KpiRollup)
class KpiRollupAdmin(ReadOnlyAdmin):
    list_display = ["scope", "day", "metric", "value"]
    list_filter = ["metric"]
    search_fields = ["scope"]


@admin.register(TimelineEntry)
class TimelineEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "case", "action", "from_status", "to_status", "actor_label"]
    list_filter = ["action"]
    search_fields = ["case__number", "note"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).filter(case__in=Case.objects.visible_to(request.user))


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["case", "content_type", "uploaded_at"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).filter(case__in=Case.objects.visible_to(request.user))


@admin.register(CaseCounter)
class CaseCounterAdmin(ReadOnlyAdmin):
    list_display = ["prefix", "last"]
