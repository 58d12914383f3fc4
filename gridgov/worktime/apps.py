from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorktimeConfig(AppConfig):
    name = "gridgov.worktime"
    verbose_name = _("Working calendar")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from gridgov.seeding import reseed_when_empty

        from . import calendar
        from .models import CalendarYear, SpecialDay

        for model in (SpecialDay, CalendarYear):
            post_save.connect(calendar.forget, sender=model, dispatch_uid=f"forget-{model.__name__}")
            post_delete.connect(calendar.forget, sender=model, dispatch_uid=f"forget-del-{model.__name__}")
        reseed_when_empty(self, "CalendarYear", "0001_initial", then=calendar.forget)
