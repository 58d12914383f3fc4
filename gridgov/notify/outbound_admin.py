"""The back office of outbound notifications (imported by ``NotifyConfig.ready``): channels and preferences are
edited and audited; deliveries and their attempts are only read (filter "failed" to see what never arrived)."""

from __future__ import annotations

from django.contrib import admin
from django.forms import ModelForm, PasswordInput, URLField
from django.utils.translation import gettext_lazy as _

from gridgov.audit.admin import AuditedAdmin, ReadOnlyAdmin

from .models import Attempt, Channel, Delivery, Preference, QuietHours


class ChannelForm(ModelForm):
    """The secret is never shown again; left empty on a change, the stored one is kept."""

    url = URLField(label=_("URL"), max_length=500, required=False, assume_scheme="https",
                   help_text=Channel._meta.get_field("url").help_text)

    class Meta:
        model = Channel
        fields = ["name", "kind", "enabled", "unit", "url", "body_template", "auth_header", "secret", "kinds"]
        widgets = {"secret": PasswordInput(render_value=False)}

    def clean_secret(self) -> str:
        given = self.cleaned_data.get("secret", "")
        return given or (self.instance.secret if self.instance.pk else "")


@admin.register(Channel)
class ChannelAdmin(AuditedAdmin):
    form = ChannelForm
    list_display = ["name", "kind", "unit", "enabled"]
    list_filter = ["kind", "enabled"]
    search_fields = ["name"]
    audit_exclude = ("secret",)  # the gateway's key and the robot's signing secret never enter the log

    def _snapshot(self, obj: Channel) -> dict:  # type: ignore[type-arg]
        """A robot's webhook carries its key in the query string: the log keeps the address without it."""
        values = super()._snapshot(obj)
        if values.get("url"):
            values["url"] = values["url"].split("?", 1)[0] + ("?…" if "?" in values["url"] else "")
        return values


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
    list_display = ["created_at", "kind", "text", "channel", "user", "status", "attempts", "due_at", "last_error"]
    list_filter = ["status", "kind", "channel"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    date_hierarchy = "created_at"
    inlines = [AttemptInline]


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdmin):
    """Every delivery attempt with the other side's answer (also shown inline under its delivery)."""

    list_display = ["at", "delivery", "ok", "status_code"]
    list_filter = ["ok"]
    date_hierarchy = "at"
