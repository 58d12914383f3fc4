from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gridgov.audit.admin import AuditedAdmin, ReadOnlyAdmin, StrictAdmin

from .models import Attachment, Case, CaseCounter, Category, KpiMonth, KpiRollup, Party, TimelineEntry
from .parties import mask_name, mask_phone, masked
from .serialize import tracking_code_for


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ["code", "name", "name_en", "self_handle_allowed", "active"]
    list_filter = ["active", "self_handle_allowed", "parent"]
    search_fields = ["code", "name", "name_en"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        """A code that cases carry is fixed: the KPIs and exports group the timeline by it (retire it instead)."""
        used = obj is not None and obj.pk and Case.objects.filter(category=obj).exists()
        return ["code", "parent"] if used else []


class TimelineInline(admin.TabularInline):
    model = TimelineEntry
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor_label", "action", "from_status", "to_status", "note", "data"]
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(StrictAdmin):
    """Read-only: a case changes only through its actions (API and workbench), never by editing fields."""

    list_display = ["number", "category", "status", "urgency", "area_code", "handling_unit", "handle_due", "overdue"]
    list_filter = ["status", "urgency", "overdue", "channel", "kind"]
    search_fields = ["number", "area_code", "description"]
    inlines = [TimelineInline]
    list_select_related = ["category", "handling_unit"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).visible_to(request.user)

    # shown masked below, like everywhere outside an audited reveal; the tracking code is the citizen's key
    exclude = ["citizen_name", "citizen_phone", "tracking_code", "idempotency_key"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Case._meta.fields if f.name not in self.exclude] + ["involved_units", "citizen",
                                                                                    "tracking"]

    @admin.display(description=_("tracking code"))
    def tracking(self, c: Case) -> str:
        return tracking_code_for(c, None)

    @admin.display(description=_("Citizen"))
    def citizen(self, c: Case) -> str:
        return f"{mask_name(c.citizen_name)} {mask_phone(c.citizen_phone) if c.citizen_phone else ''}".strip()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # saving the form would bump updated_at with no timeline entry and no audit

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(KpiRollup)
class KpiRollupAdmin(ReadOnlyAdmin):
    list_display = ["scope", "day", "metric", "value"]
    list_filter = ["metric"]
    search_fields = ["scope"]


@admin.register(KpiMonth)
class KpiMonthAdmin(ReadOnlyAdmin):
    list_display = ["scope", "month", "metric", "value"]
    list_filter = ["metric"]
    search_fields = ["scope"]



@admin.register(TimelineEntry)
class TimelineEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "case", "action", "from_status", "to_status", "actor_label"]
    list_filter = ["action"]
    search_fields = ["case__number", "note"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).filter(case__in=Case.objects.visible_to(request.user))


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["case", "content_type", "uploaded_at"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).filter(case__in=Case.objects.visible_to(request.user))


@admin.register(CaseCounter)
class CaseCounterAdmin(ReadOnlyAdmin):
    list_display = ["prefix", "last"]


@admin.register(Party)
class PartyAdmin(ReadOnlyAdmin):
    """Parties are shown masked here too; their details are unmasked only on the case page, audited."""

    list_display = ("case", "role", "kind", "masked_name", "masked_id", "masked_phone")
    fields = ("case", "role", "kind", "masked_name", "masked_id", "masked_phone")
    readonly_fields = fields
    raw_id_fields = ("case",)

    @admin.display(description=_("name"))
    def masked_name(self, p: Party) -> str:
        return masked(p)["name"]

    @admin.display(description=_("ID or credit code"))
    def masked_id(self, p: Party) -> str:
        return masked(p)["id_number"]

    @admin.display(description=_("phone"))
    def masked_phone(self, p: Party) -> str:
        return masked(p)["phone"]
