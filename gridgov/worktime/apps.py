from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorktimeConfig(AppConfig):
    name = "gridgov.worktime"
    verbose_name = _("Working calendar")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from . import calendar
        from .models import CalendarYear, SpecialDay

        for model in (SpecialDay, CalendarYear):
            post_save.connect(calendar.forget, sender=model, dispatch_uid=f"forget-{model.__name__}")
            post_delete.connect(calendar.forget, sender=model, dispatch_uid=f"forget-del-{model.__name__}")
        post_migrate.connect(seed_if_empty, sender=self, dispatch_uid="gridgov-calendar-seed")


def seed_if_empty(sender: AppConfig, **kwargs: object) -> None:
    """The shipped calendar again when the table is empty (after a flush; the first migration seeds it too)."""
    import importlib

    from django.apps import apps

    from . import calendar
    from .models import CalendarYear

    if not CalendarYear.objects.exists():
        importlib.import_module("gridgov.worktime.migrations.0001_initial").seed(apps, None)
        calendar.forget()
