from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gridgov.audit.admin import AuditedAdmin, ReadOnlyAdmin

from .models import Alarm, AlarmSource, AlarmStream, Camera
from .sources import rotate


@admin.register(Camera)
class CameraAdmin(AuditedAdmin):
    """Cameras come in with ``gridgov import-cameras`` (checked, located); here their name, kind, status and owner
    change. The ID and the place are changed by importing the row again."""

    list_display = ["device_id", "name", "kind", "status", "area_code", "owner_unit"]
    list_filter = ["kind", "status", "type_code"]
    search_fields = ["device_id", "name", "area_code"]
    readonly_fields = ["device_id", "centre_code", "industry", "type_code", "network", "serial", "lon", "lat",
                       "reported_lon", "reported_lat", "reported_crs", "area_code"]
    autocomplete_fields = ["owner_unit"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(AlarmSource)
class AlarmSourceAdmin(AuditedAdmin):
    """A source's secret is never shown again after it is issued: ``rotate`` issues a new one (shown once) and keeps
    the old one valid for the overlap. New sources are added with ``gridgov alarm-sources add NAME``."""

    list_display = ["name", "active", "created_at", "rotated_at", "previous_until"]
    fields = ["name", "active", "created_at", "rotated_at", "previous_until"]
    readonly_fields = ["name", "created_at", "rotated_at", "previous_until"]
    actions = ["rotate_secret"]
    audit_exclude = ("secret", "previous_secret")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=gettext_lazy("Rotate the secret (the old one stays valid for the overlap)"))
    def rotate_secret(self, request: HttpRequest, queryset: Any) -> None:
        for source in queryset:
            secret = rotate(source, request.user)
            messages.warning(request, _("New secret of %(name)s, shown once: %(secret)s") % {
                "name": source.name, "secret": secret})


@admin.register(Alarm)
class AlarmAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "source", "camera", "event_type", "case"]
    list_filter = ["event_type", "source"]
    search_fields = ["webhook_id", "camera__device_id"]
    list_select_related = ["source", "camera", "case"]

    def get_queryset(self, request: HttpRequest) -> Any:
        from gridgov.cases.models import case_q

        q = case_q(request.user, "case__")
        qs = super().get_queryset(request)
        return qs if q is None else qs.filter(q)


@admin.register(AlarmStream)
class AlarmStreamAdmin(ReadOnlyAdmin):
    """One row per camera and event type: the open case its repeats join (written by the alarm intake only)."""

    list_display = ["camera", "event_type", "case", "last_at"]
    list_filter = ["event_type"]
