from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "gridgov.org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from gridgov.geo.scoping import register_jurisdiction_provider

        from .scoping import jurisdiction_for_user

        register_jurisdiction_provider(jurisdiction_for_user)

        from django.db.models.signals import post_delete, post_save

        from . import directory
        from .models import Unit

        post_save.connect(directory.forget, sender=Unit, dispatch_uid="directory-forget")
        post_delete.connect(directory.forget, sender=Unit, dispatch_uid="directory-forget-del")

        from . import accounts

        accounts.connect()  # logins' and staff records' changes audited, tokens revoked with them
