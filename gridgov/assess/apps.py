from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessConfig(AppConfig):
    name = "gridgov.assess"
    verbose_name = _("grid worker assessment")

    def ready(self) -> None:
        from gridgov.cases import scan
        from gridgov.seeding import reseed_when_empty

        from . import monthly

        scan.add_hook(monthly.run_if_due)  # the worker's scan computes last month's scores once, after it ends
        reseed_when_empty(self, "Template", "0002_assess_shipped_templates")
