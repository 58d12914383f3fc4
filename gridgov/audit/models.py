"""Who did what, when and from where: one row per change made through an action or the admin, per login, logout,
lockout, password or role change, token issued or revoked, and per view of a person's unmasked details.

The log is append-only for the application: an existing row cannot be saved again or deleted, neither one by one
nor through a queryset (the back office offers no add, change or delete either). Only rebuilding the demo from
scratch empties it, through ``AuditEvent.objects.purge_for_rebuild()``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gridgov.partitions import CountyField


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete a written audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        if kwargs == {"actor": None}:  # a deleted login (on_delete=SET_NULL); actor_name still says who it was
            return super().update(**kwargs)
        raise AuditLogIsAppendOnly("audit events cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("audit events cannot be deleted")

    def purge_for_rebuild(self) -> int:
        """Empties the log: only for rebuilding the demo district from scratch (``gridgov demo``)."""
        return self.model.objects.all()._raw_delete(self.db)


class AuditEvent(models.Model):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # The user name as it was (kept when the login is deleted), or the name tried in a failed login.
    actor_name = models.CharField(_("user name"), max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    verb = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # the county of the object changed when it has one (a case, an alarm); '' for install-wide events (logins)
    county = CountyField()

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or self.actor} {self.verb} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogIsAppendOnly("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("audit events cannot be deleted")
