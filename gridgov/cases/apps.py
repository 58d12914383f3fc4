from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "gridgov.cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .catalogue import load_shipped_if_empty  # its copy of the categories follows their revision token

        post_migrate.connect(lambda sender, **kw: load_shipped_if_empty() if sender is self else None,
                             weak=False, dispatch_uid="gridgov-catalogue")
