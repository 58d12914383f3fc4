from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gridgov.audit.admin import AuditedAdmin

from .models import Counter


@admin.register(Counter)
class CounterAdmin(AuditedAdmin):
    """Counters are written by the throttles only; deleting one (audited) lifts the limit on that key now, e.g. for a
    village committee whose many reports share one address."""

    list_display = ("key", "window_start", "count")
    search_fields = ("key",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
