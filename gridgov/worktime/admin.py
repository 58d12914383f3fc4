from django.contrib import admin

from gridgov.audit.admin import AuditedAdmin

from .models import CalendarYear, SpecialDay


@admin.register(CalendarYear)
class CalendarYearAdmin(AuditedAdmin):
    list_display = ["year", "source"]


@admin.register(SpecialDay)
class SpecialDayAdmin(AuditedAdmin):
    list_display = ["date", "workday", "name"]
    list_filter = ["workday"]
    date_hierarchy = "date"
