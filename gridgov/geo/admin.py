from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gridgov.audit.admin import AuditedAdmin, StrictAdmin

from .actions import grid_changed
from .models import Area, GridRevision, Level


@admin.register(Level)
class LevelAdmin(AuditedAdmin):
    list_display = ["depth", "name", "name_en"]


@admin.register(Area)
class AreaAdmin(AuditedAdmin):
    list_display = ["code", "name", "level", "kind", "households", "residents"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name"]
    readonly_fields = ["code", "level", "parent", "bounds", "updated_at"]
    fields = ["code", "name", "level", "parent", "kind", "households", "residents", "bounds", "updated_at"]
    list_select_related = ["parent"]

    @admin.display(description=_("bounding box (WGS-84)"))
    def bounds(self, obj: Area) -> str:
        return f"{obj.min_lon:.6f}, {obj.min_lat:.6f} — {obj.max_lon:.6f}, {obj.max_lat:.6f}"

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).visible_to(request.user).defer("geometry")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # areas come in through `gridgov import-areas`, which checks the topology

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        grid_changed()


@admin.register(GridRevision)
class GridRevisionAdmin(StrictAdmin):
    list_display = ["number", "token"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the grid's revision is bumped by grid changes only (each process compares it with its index)
