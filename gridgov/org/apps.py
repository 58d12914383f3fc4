from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "gridgov.org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from gridgov.geo.scoping import register_jurisdiction_provider

        from .scoping import jurisdiction_for_user

        register_jurisdiction_provider(jurisdiction_for_user)

        from . import (
            accounts,
            directory,  # noqa: F401  (its copy of the units bumps and follows the table's revision token)
        )

        accounts.connect()  # logins' and staff records' changes audited, tokens revoked with them
