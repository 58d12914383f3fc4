from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "gridgov.geo"
    verbose_name = _("Geography")

    def ready(self) -> None:
        from importlib import import_module

        from gridgov.seeding import reseed_when_empty

        upper = import_module("gridgov.geo.migrations.0003_city_levels")
        reseed_when_empty(self, "Level", "0002_default_levels", "create", then=lambda: upper.create(apps, None))
