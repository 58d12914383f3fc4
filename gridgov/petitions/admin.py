from django.contrib import admin

from gridgov.audit.admin import AuditedAdmin

from .models import Petition, TourVisit


@admin.register(Petition)
class PetitionAdmin(AuditedAdmin):
    list_display = ("case", "channel", "people", "repeat_of", "tour_visit")
    list_filter = ("channel",)
    raw_id_fields = ("case", "repeat_of", "tour_visit")
    filter_horizontal = ("departments",)
    readonly_fields = ("case", "channel", "people", "repeat_of")  # on the registration's timeline entry (KPIs)

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # petitions are registered at the petition desk, so that the case and its timeline exist


@admin.register(TourVisit)
class TourVisitAdmin(AuditedAdmin):
    list_display = ("day", "area", "place", "leader")
    raw_id_fields = ("leader", "area")
