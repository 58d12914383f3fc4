from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmergenciesConfig(AppConfig):
    name = "gridgov.emergencies"
    verbose_name = _("Emergencies and special scenarios")

    def ready(self) -> None:
        from gridgov.cases import actions
        from gridgov.seeding import reseed_when_empty

        from . import hooks

        # New cases in an area under an emergency take its plan's shorter periods; cases reported inside a live
        # scenario's area and period are tagged with it.
        actions.DEADLINE_HOOKS.append(hooks.emergency_period)
        actions.REPORT_HOOKS.append(hooks.tag_scenarios)
        reseed_when_empty(self, "Plan", "0002_emergency_seed")
