"""One row per table that processes keep a copy of: its token changes, in the same transaction, with every change."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Revision(models.Model):
    """The current token of one table. A random token rather than a counter: a rolled-back change followed by
    another change must not repeat a value that a process has already seen."""

    name = models.CharField(_("table"), max_length=100, primary_key=True)  # e.g. "org_unit"
    token = models.CharField(_("token"), max_length=32)

    class Meta:
        verbose_name = _("table revision")
        verbose_name_plural = _("table revisions")

    def __str__(self) -> str:
        return f"{self.name} {self.token}"
