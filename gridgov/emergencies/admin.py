from django.contrib import admin

from gridgov.audit.admin import AuditedAdmin, ReadOnlyAdmin

from .models import (
    DailyReport,
    Emergency,
    GridTask,
    NeedCase,
    Plan,
    Scenario,
    ScenarioCase,
    ScenarioTask,
    ScenarioTemplate,
    VisitBatch,
)


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


class _Recorded(ReadOnlyAdmin):
    """Written by the campaign's actions (tasks, visits, reports, needs, scenario tasks and tags): read only."""


@admin.register(GridTask)
class GridTaskAdmin(_Recorded):
    list_display = ("emergency", "area_code", "target", "visited", "needs_found", "needs_met")


@admin.register(VisitBatch)
class VisitBatchAdmin(_Recorded):
    list_display = ("task", "place", "visited", "nobody_home", "needs_found", "recorded_at")
    date_hierarchy = "recorded_at"


@admin.register(NeedCase)
class NeedCaseAdmin(_Recorded):
    list_display = ("task", "case")


@admin.register(DailyReport)
class DailyReportAdmin(_Recorded):
    list_display = ("task", "day", "by", "at")


@admin.register(ScenarioTask)
class ScenarioTaskAdmin(_Recorded):
    list_display = ("scenario", "title")


@admin.register(ScenarioCase)
class ScenarioCaseAdmin(_Recorded):
    list_display = ("scenario", "case")
