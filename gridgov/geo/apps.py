from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "gridgov.geo"
    verbose_name = _("Geography")

    def ready(self) -> None:
        from gridgov.seeding import reseed_when_empty

        reseed_when_empty(self, "Level", "0002_default_levels", "create")
