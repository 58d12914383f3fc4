from django.contrib import admin

from gridgov.audit.admin import AuditedAdmin

from .models import Dispute, Screening


@admin.register(Dispute)
class DisputeAdmin(AuditedAdmin):
    list_display = ("case", "dispute_type", "found_by", "risk", "people_involved", "amount")
    list_filter = ("dispute_type", "found_by", "risk")
    raw_id_fields = ("case",)
    readonly_fields = ("case", "dispute_type", "found_by")  # on the report's timeline entry, which the KPIs read

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # disputes are recorded through the dispute desk, so that the case and its timeline exist


@admin.register(Screening)
class ScreeningAdmin(AuditedAdmin):
    list_display = ("area", "worker", "day", "found")
    list_filter = ("found", "day")
    raw_id_fields = ("area", "worker", "case")
