"""Emergencies ("peacetime to wartime") and special scenarios, as data.

A ``Plan`` (epidemic prevention, flood, other) holds the shorter case periods, the door-to-door checklist and the
team shape; an ``Emergency`` switches an area into the plan and starts its door-to-door campaign: one ``GridTask`` per
finest grid, whose counters the ``VisitBatch`` es raise (counts of households, never a register of people), and one
``DailyReport`` per grid and day. A ``ScenarioTemplate`` (safe campus, large event …) becomes a live ``Scenario``
with its ``ScenarioTask`` s; cases reported inside its area and period are tagged (``ScenarioCase``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gridgov.cases.models import Case
from gridgov.geo.models import Area
from gridgov.geo.scoping import ScopedQuerySet
from gridgov.org.models import Staff, Unit


class PlanKind(models.TextChoices):
    EPIDEMIC = "epidemic", _("epidemic prevention")
    FLOOD = "flood", _("flood")
    OTHER = "other", _("other")


class Plan(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices)
    # {"normal": {"register": "10m", "dispatch": "10m", "handle": "1wd", "check": "1h"}, "urgent": {...}}
    deadlines = models.JSONField(_("periods of new cases"), default=dict, blank=True)
    # what a visit records beyond the counts: [{"code": "relief", "name": "生活救助", "category": "1302"}, ...]
    needs = models.JSONField(_("kinds of need on the checklist"), default=list, blank=True)
    # "1+3+N": {"leader": 1, "workers": 3, "volunteers": "N"} (the grid's staff plus the volunteers called in)
    team = models.JSONField(_("team per grid"), default=dict, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("emergency plan")
        verbose_name_plural = _("emergency plans")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def need(self, code: str) -> dict | None:
        return next((n for n in self.needs if n.get("code") == code), None)


class EmergencyQuerySet(ScopedQuerySet):
    scope_field = "area_code"
    scope_with_ancestors = True  # an emergency over my township is mine too when I work in one of its grids


class Emergency(models.Model):
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="emergencies")
    area_code = models.CharField(max_length=30, db_index=True)
    reason = models.CharField(_("reason"), max_length=500)
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    summary = models.TextField(_("summary"), max_length=4000, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    objects = EmergencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("emergency")
        verbose_name_plural = _("emergencies")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.plan.name} · {self.area.name}"

    @property
    def active(self) -> bool:
        return self.ended_at is None


class TaskQuerySet(ScopedQuerySet):
    scope_field = "area_code"


class GridTask(models.Model):
    """One grid's door-to-door task in an emergency: its target and its running counts."""

    emergency = models.ForeignKey(Emergency, on_delete=models.CASCADE, related_name="tasks")
    area = models.ForeignKey(Area, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="+")
    area_code = models.CharField(max_length=30)
    target = models.PositiveIntegerField(_("households to visit"), default=0)
    visited = models.PositiveIntegerField(_("households visited"), default=0)
    nobody_home = models.PositiveIntegerField(_("nobody home"), default=0)
    needs_found = models.PositiveIntegerField(_("needs found"), default=0)
    needs_met = models.PositiveIntegerField(_("needs met"), default=0)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("grid task")
        verbose_name_plural = _("grid tasks")
        ordering = ["area_code"]
        constraints = [models.UniqueConstraint(fields=["emergency", "area"], name="one_task_per_grid")]
        indexes = [models.Index(fields=["emergency", "area_code"])]

    def __str__(self) -> str:
        return self.area_code


class VisitBatch(models.Model):
    """Visits to one building or street, as counts. No names, no addresses of people."""

    task = models.ForeignKey(GridTask, on_delete=models.CASCADE, related_name="batches")
    worker = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    place = models.CharField(_("building or street"), max_length=100)
    visited = models.PositiveIntegerField(_("households visited"))
    nobody_home = models.PositiveIntegerField(_("nobody home"), default=0)
    needs_found = models.PositiveIntegerField(_("needs found"), default=0)
    needs_met = models.PositiveIntegerField(_("needs met on the spot"), default=0)
    needs = models.JSONField(_("needs by kind"), default=dict, blank=True)  # {"relief": 2}
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("recorded"))
    idempotency_key = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("visit batch")
        verbose_name_plural = _("visit batches")
        ordering = ["-recorded_at"]
        constraints = [models.UniqueConstraint(fields=["worker", "idempotency_key"], name="visit_key_per_worker")]

    def __str__(self) -> str:
        return f"{self.place} {self.visited}"


class NeedCase(models.Model):
    """A need found on a visit, handed to the normal loop as a case; met when the case is closed."""

    task = models.ForeignKey(GridTask, on_delete=models.CASCADE, related_name="need_cases")
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    need = models.CharField(_("need"), max_length=40)

    def __str__(self) -> str:
        return f"{self.need} {self.case_id}"


class DailyReport(models.Model):
    """A grid's report for one day (Asia/Shanghai): a visit batch counts, so does "nothing to report"."""

    task = models.ForeignKey(GridTask, on_delete=models.CASCADE, related_name="reports")
    day = models.DateField(_("day"))
    nothing_to_report = models.BooleanField(_("nothing to report"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(Staff, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("daily report")
        verbose_name_plural = _("daily reports")
        constraints = [models.UniqueConstraint(fields=["task", "day"], name="one_report_per_grid_and_day")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.day}"


# -- special scenarios ---------------------------------------------------------------------------------------------

# The extra map layers a template may name: label, and where its data comes from: "registry" (cameras from the camera
# registry, police posts from the police app, drawn on the command map), "line" or "point" (drawn on the scenario's
# own map and kept in ``Scenario.features``), or None (no data source in gridgov yet).
LAYERS = {
    "cameras": (_("cameras"), "registry"), "police_rooms": (_("police stations and rooms"), "registry"),
    "routes": (_("routes"), "line"), "school_routes": (_("routes to school"), "line"),
    "first_aid_points": (_("first-aid points"), "point"), "gathering_points": (_("gathering points"), "point"),
    "water_gauges": (_("water gauges"), None), "pumps": (_("pumps"), None),
}
DRAWN = {code: kind for code, (_label, kind) in LAYERS.items() if kind in ("line", "point")}


class ScenarioTemplate(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    hours = models.PositiveIntegerField(_("usual length (hours)"), default=8)
    # [{"title": "校门口护学岗", "offset_minutes": -30, "department": "public_security"}, ...]
    tasks = models.JSONField(_("checklist of tasks"), default=list, blank=True)
    layers = models.JSONField(_("extra map layers"), default=list, blank=True)  # ["cameras", "police_rooms"]

    class Meta:
        verbose_name = _("scenario template")
        verbose_name_plural = _("scenario templates")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ScenarioQuerySet(ScopedQuerySet):
    scope_field = "area_code"


class Scenario(models.Model):
    template = models.ForeignKey(ScenarioTemplate, on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=100)
    area_code = models.CharField(_("area code"), max_length=30, db_index=True)  # the smallest area holding it all
    boundary = models.JSONField(_("boundary (GeoJSON, WGS-84)"))
    # routes and points drawn on its map: a GeoJSON FeatureCollection, each feature's properties {"layer", "label"}
    features = models.JSONField(_("routes and points (GeoJSON, WGS-84)"), default=dict, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    units = models.ManyToManyField(Unit, verbose_name=_("responsible units"), blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    objects = ScenarioQuerySet.as_manager()

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.name


class ScenarioTask(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    due_at = models.DateTimeField(_("due"))
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_at"]

    def __str__(self) -> str:
        return self.title


class ScenarioCase(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="tagged")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", db_constraint=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scenario", "case"], name="case_tagged_once")]

    def __str__(self) -> str:
        return f"{self.scenario_id} {self.case_id}"
