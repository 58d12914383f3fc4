from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    name = "gridgov.disputes"
    verbose_name = _("Disputes")

    def ready(self) -> None:
        from gridgov.cases.panels import register_panel

        from .views import dispute_panel

        register_panel("dispute", dispute_panel)
