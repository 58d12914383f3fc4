"""Patrols: a grid worker walks the grid and records the GPS track; the dashboard counts patrols per grid."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gridgov.geo.models import Area
from gridgov.geo.scoping import ScopedQuerySet
from gridgov.org.models import Staff


class PatrolQuerySet(ScopedQuerySet):
    scope_field = "area__code"


class Patrol(models.Model):
    worker = models.ForeignKey(Staff, verbose_name=_("grid worker"), related_name="patrols", on_delete=models.PROTECT)
    area = models.ForeignKey(Area, verbose_name=_("grid"), related_name="patrols", on_delete=models.PROTECT)
    started_at = models.DateTimeField(_("started"), db_index=True)
    ended_at = models.DateTimeField(_("ended"))
    track = models.JSONField(_("track [[lon, lat, unix seconds], …] WGS-84"), default=list)
    points = models.PositiveIntegerField(_("points"), default=0)
    length_m = models.FloatField(_("length (m)"), default=0)
    inside_share = models.FloatField(_("share of points inside the grid"), default=0)
    note = models.CharField(_("note"), max_length=500, blank=True)
    idempotency_key = models.CharField(max_length=64)  # unique per grid worker: another worker's key is theirs

    objects = PatrolQuerySet.as_manager()

    class Meta:
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        ordering = ["-started_at"]
        constraints = [models.UniqueConstraint(fields=["worker", "idempotency_key"], name="patrol_key_per_worker")]

    def __str__(self) -> str:
        return f"{self.worker.name} {self.started_at:%Y-%m-%d %H:%M}"
