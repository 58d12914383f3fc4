from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RevisionsConfig(AppConfig):
    name = "gridgov.revisions"
    verbose_name = _("Revisions")

    def ready(self) -> None:
        from django.core.signals import request_started

        from .cache import check_at_next_use

        request_started.connect(check_at_next_use, dispatch_uid="gridgov-revisions-request")
