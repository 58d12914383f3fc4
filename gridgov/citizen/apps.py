from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizenConfig(AppConfig):
    name = "gridgov.citizen"
    verbose_name = _("Citizens")
