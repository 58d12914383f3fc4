"""The back office of outbound notifications (imported by ``NotifyConfig.ready``): channels and preferences are
edited and audited; deliveries and their attempts are only read (filter "failed" to see what never arrived)."""

from __future__ import annotations

from django.contrib import admin
from django.forms import ModelForm, PasswordInput

from gridgov.audit.admin import AuditedAdmin, ReadOnlyAdmin

from .models import Attempt, Channel, Delivery, Preference, QuietHours


class ChannelForm(ModelForm):
    class Meta:
        model = Channel
        fields = "__all__"
        widgets = {"secret": PasswordInput(render_value=True)}


@admin.register(Channel)
class ChannelAdmin(AuditedAdmin):
    form = ChannelForm
    list_display = ["name", "kind", "unit", "enabled"]
    list_filter = ["kind", "enabled"]
    search_fields = ["name"]
    audit_exclude = ("secret",)  # the gateway's key and the robot's signing secret never enter the log


@admin.register(Preference)
class PreferenceAdmin(AuditedAdmin):
    list_display = ["user", "kind", "sms", "email"]
    list_filter = ["kind", "sms", "email"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]


@admin.register(QuietHours)
class QuietHoursAdmin(AuditedAdmin):
    list_display = ["user", "start", "end"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]


class AttemptInline(admin.TabularInline):
    model = Attempt
    extra = 0
    can_delete = False
    fields = readonly_fields = ["at", "ok", "status_code", "answer", "error"]

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "channel", "user", "status", "attempts", "due_at", "last_error"]
    list_filter = ["status", "kind", "channel"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    date_hierarchy = "created_at"
    inlines = [AttemptInline]
