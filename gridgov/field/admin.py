from django.contrib import admin

from gridgov.audit.admin import AuditedAdmin

from .models import Patrol


@admin.register(Patrol)
class PatrolAdmin(AuditedAdmin):
    list_display = ("worker", "area", "started_at", "ended_at", "points", "length_m", "inside_share")
    list_filter = ("started_at",)
    search_fields = ("worker__name", "area__code")
    raw_id_fields = ("worker", "area")
    readonly_fields = ("track",)
