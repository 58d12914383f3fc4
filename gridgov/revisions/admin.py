from django.contrib import admin

from gridgov.audit.admin import ReadOnlyAdmin

from .models import Revision


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    """Shown, never edited: a token changes with its table, in the change's own transaction."""

    list_display = ["name", "token"]
