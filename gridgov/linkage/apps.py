from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "gridgov.linkage"
    verbose_name = _("Cameras and alarms")

    def ready(self) -> None:
        from gridgov.cases.panels import register_panel
        from gridgov.police.panels import register_station_panel

        from .panels import alarm_panel, station_panel

        register_panel("event", alarm_panel)  # shown only on cases opened by alarms
        register_station_panel("cameras", station_panel)  # the station's cameras and recent alarms
