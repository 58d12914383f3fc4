from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorktimeConfig(AppConfig):
    name = "gridgov.worktime"
    verbose_name = _("Working calendar")

    def ready(self) -> None:
        from gridgov.seeding import reseed_when_empty

        from . import calendar  # its copy of the calendar bumps and follows the tables' revision tokens

        reseed_when_empty(self, "CalendarYear", "0001_initial", then=calendar.forget)
