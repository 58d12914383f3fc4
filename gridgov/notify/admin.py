"""Notifications in the back office: read only (they are written by the actions they tell about)."""

from __future__ import annotations

from django.contrib import admin

from gridgov.audit.admin import ReadOnlyAdmin

from .models import Notification, Receipt


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "subject", "user", "unit"]
    list_filter = ["kind"]
    date_hierarchy = "at"
    list_select_related = ["user", "unit"]


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyAdmin):
    list_display = ["read_at", "notification", "user"]
    date_hierarchy = "read_at"
