from django.apps import AppConfig


class PoliceConfig(AppConfig):
    name = "gridgov.police"
    label = "police"
    verbose_name = "police-grid linkage"

    def ready(self) -> None:
        from . import hooks  # noqa: F401  (the case actions' hooks: liaisons informed, 110 transfers reported back)
