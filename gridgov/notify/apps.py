from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "gridgov.notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from . import outbound_admin  # noqa: F401  (the outbound channels' back office)
