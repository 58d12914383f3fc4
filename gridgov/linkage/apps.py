from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "gridgov.linkage"
    verbose_name = _("Cameras and alarms")

    def ready(self) -> None:
        from gridgov.cases.panels import register_panel

        from .panels import alarm_panel

        register_panel("event", alarm_panel)  # shown only on cases opened by alarms
