from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Revision


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """Shown, never edited: a token changes with its table, in the change's own transaction."""

    list_display = ["name", "token"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
