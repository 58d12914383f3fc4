from django.contrib import admin, messages
from django.http import HttpRequest

from gridgov.audit.admin import AuditedAdmin

from .actions import AssessError, save_template
from .models import Adjustment, AssessmentMonth, MonthlyRun, Nomination, Score, Template, Training


@admin.register(Template)
class TemplateAdmin(AuditedAdmin):
    """Editing a published template saves the next version (``actions.save_template``); scores keep theirs."""

    list_display = ("code", "version", "name", "status", "area_code", "bonus_cap")
    list_filter = ("status",)
    readonly_fields = ("version", "created_at")

    def save_model(self, request: HttpRequest, obj: Template, form: object, change: bool) -> None:
        try:
            save_template(request.user, obj)
        except AssessError as exc:
            messages.error(request, exc.message)


@admin.register(Score)
class ScoreAdmin(AuditedAdmin):
    list_display = ("worker", "month", "version", "current", "total", "template", "eligible")
    list_filter = ("month", "current")
    search_fields = ("worker__name", "area_code")
    raw_id_fields = ("worker",)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # computed, confirmed and corrected through the assessment pages only

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(AssessmentMonth)
class AssessmentMonthAdmin(ScoreAdmin):
    list_display = ("area_code", "month", "status", "confirmed_by", "confirmed_at")
    list_filter = ("status",)
    search_fields = ("area_code",)
    raw_id_fields = ()


@admin.register(Nomination)
class NominationAdmin(ScoreAdmin):
    list_display = ("worker", "month", "area_code", "status", "nominated_by", "decided_by")
    list_filter = ("status", "month")


@admin.register(Adjustment)
class AdjustmentAdmin(ScoreAdmin):
    list_display = ("worker", "month", "kind", "points", "status", "reason")
    list_filter = ("kind", "status")


@admin.register(Training)
class TrainingAdmin(ScoreAdmin):
    list_display = ("worker", "course", "day", "hours")
    list_filter = ("day",)


@admin.register(MonthlyRun)
class MonthlyRunAdmin(ScoreAdmin):
    list_display = ("month", "started_at", "workers")
    list_filter = ()
    search_fields = ()
    raw_id_fields = ()
