"""Police posts and liaisons are kept in the back office (audited); roads come from `gridgov import-roads` and 110
transfers from the desk or the API, so both are read only here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gridgov.audit.admin import AuditedAdmin, ReadOnlyAdmin

from .models import Liaison, PolicePost, Road, Transfer110


@admin.register(PolicePost)
class PolicePostAdmin(AuditedAdmin):
    list_display = ["unit", "kind", "station", "lon", "lat"]
    list_filter = ["kind"]
    raw_id_fields = ["unit", "station", "villages"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).filter(unit__in=PolicePost.objects.visible_to(request.user)
                                                     .values("unit"))


@admin.register(Liaison)
class LiaisonAdmin(AuditedAdmin):
    list_display = ["village", "staff", "post", "auxiliary"]
    list_filter = ["auxiliary"]
    raw_id_fields = ["village", "staff", "post"]


@admin.register(Road)
class RoadAdmin(ReadOnlyAdmin):
    list_display = ["pk", "road_class"]
    list_filter = ["road_class"]


@admin.register(Transfer110)
class Transfer110Admin(ReadOnlyAdmin):
    list_display = ["incident_number", "case", "station", "reported_back_at"]
    raw_id_fields = ["case"]
