from django.contrib import admin

from gridgov.audit.admin import AuditedAdmin

from .models import Emergency, Plan, Scenario, ScenarioTemplate


@admin.register(Plan)
class PlanAdmin(AuditedAdmin):
    list_display = ("code", "name", "kind", "active")


@admin.register(ScenarioTemplate)
class ScenarioTemplateAdmin(AuditedAdmin):
    list_display = ("code", "name", "hours")


@admin.register(Emergency)
class EmergencyAdmin(AuditedAdmin):
    """Read in the back office; switched on and off only through the actions (audited, notified)."""

    list_display = ("plan", "area_code", "started_at", "ended_at")
    readonly_fields = ("plan", "area", "area_code", "reason", "started_at", "ended_at", "summary", "started_by",
                       "ended_by")

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(Scenario)
class ScenarioAdmin(AuditedAdmin):
    list_display = ("name", "template", "area_code", "starts_at", "ends_at")
    raw_id_fields = ("units",)
