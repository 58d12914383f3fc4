"""Admin for the audit log, and the base class every gridgov admin uses so that each change is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .actions import diff, record_event, snapshot
from .models import AuditEvent


class StrictAdmin(admin.ModelAdmin):
    """The base of every gridgov admin: a list filters only by what it offers (``list_filter``, ``date_hierarchy``).
    Django otherwise lets a query string filter on any field of the model, so ``?phone__startswith=1391`` on the
    parties recovered a masked number digit by digit; such a request is now refused (400)."""

    def lookup_allowed(self, lookup: str, value: Any, request: HttpRequest | None = None) -> bool:
        offered = {f for f in self.list_filter if isinstance(f, str)}
        offered |= {f[0] for f in self.list_filter if isinstance(f, tuple)}
        if self.date_hierarchy:
            offered.add(self.date_hierarchy)
        first = lookup.split("__")[0]
        return first in offered and super().lookup_allowed(lookup, value, request)


class AuditedAdmin(StrictAdmin):
    """Records every add, change and delete made in the back office with the values before and after
    (``audit_exclude``: fields kept out of the log, e.g. a token's digest)."""

    audit_exclude: tuple[str, ...] = ()

    def _snapshot(self, obj: Any) -> dict[str, Any]:
        return {k: v for k, v in snapshot(obj).items() if k not in self.audit_exclude}

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = self._snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else {}
        super().save_model(request, obj, form, change)
        after = self._snapshot(obj)
        record_event(request.user, "admin.change" if change else "admin.add", obj, diff(before, after))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record_event(request.user, "admin.delete", obj, {"deleted": self._snapshot(obj)})
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            record_event(request.user, "admin.delete", obj, {"deleted": self._snapshot(obj)})
        super().delete_queryset(request, queryset)


class ReadOnlyAdmin(StrictAdmin):
    """For records written only by the application (the audit log, timelines, rollups): viewable, never edited."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit log: read by the audit administrator; nobody, superusers included, adds, changes or deletes."""

    list_display = ["at", "actor_name", "ip_address", "verb", "object_type", "object_repr"]
    list_filter = ["verb", "object_type"]
    search_fields = ["object_repr", "object_id", "actor_name", "ip_address"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    date_hierarchy = "at"


# django-axes's access logs are part of the record too: viewable, never edited or deleted. Its attempts (what
# locks an account) may be deleted by the security administrator to unlock one, and that is audited.
def _axes_admins() -> None:
    from axes import admin as axes_admin
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    class AccessLogAdmin(ReadOnlyAdmin, axes_admin.AccessLogAdmin):
        pass

    class AccessFailureLogAdmin(ReadOnlyAdmin, axes_admin.AccessFailureLogAdmin):
        pass

    class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
        def delete_model(self, request: HttpRequest, obj: Any) -> None:
            record_event(request.user, "login.unlock", obj, {"username": obj.username, "ip": obj.ip_address})
            super().delete_model(request, obj)

        def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
            for obj in queryset:
                record_event(request.user, "login.unlock", obj, {"username": obj.username, "ip": obj.ip_address})
            super().delete_queryset(request, queryset)

    for model, model_admin in ((AccessLog, AccessLogAdmin), (AccessFailureLog, AccessFailureLogAdmin),
                               (AccessAttempt, AccessAttemptAdmin)):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        admin.site.register(model, model_admin)


_axes_admins()
