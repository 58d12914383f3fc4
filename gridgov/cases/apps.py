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
        post_migrate.connect(partition_after_migrate, weak=False, dispatch_uid="gridgov-partitions")


def partition_after_migrate(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    """PostgreSQL: the growing tables partitioned by county (once), a partition for each county of the grid."""
    from gridgov import partitions

    if sender.name == "gridgov.cases":
        partitions.partition_all(using)
