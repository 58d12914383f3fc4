from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "gridgov.petitions"
    verbose_name = _("Petitions (letters and visits)")

    def ready(self) -> None:
        from gridgov.cases.panels import register_panel

        from .views import petition_panel

        register_panel("petition", petition_panel)
