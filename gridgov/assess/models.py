"""Grid worker assessment: templates as data (versioned), monthly scores tracing to their facts, bonus and penalty
entries, training records, the township's confirmation of a month and the gold medal's nomination and approval."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from gridgov.geo.scoping import ScopedQuerySet, jurisdiction_of
from gridgov.org.models import Role, Staff


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    RETIRED = "retired", _("retired (replaced by a newer version)")


class Template(models.Model):
    """One version of an assessment template. ``items`` is a list of
    ``{"code", "name", "group", "max", "fact", "rule", …}`` (``rules.validate_items`` says what each may hold);
    ``eligibility`` the gold medal's rules (``{"min_score": 85, "min_patrol_coverage": 0.95,
    "no_confirmed_complaint": true}``). A published version is never changed: editing it makes the next version."""

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=100)
    status = models.CharField(_("status"), max_length=10, choices=TemplateStatus.choices,
                              default=TemplateStatus.DRAFT)
    area_code = models.CharField(_("applies to area (blank: everywhere)"), max_length=30, blank=True)
    items = models.JSONField(_("items"), default=list)
    bonus_cap = models.DecimalField(_("bonus cap"), max_digits=5, decimal_places=1, default=10)
    eligibility = models.JSONField(_("gold medal eligibility"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment template")
        verbose_name_plural = _("assessment templates")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="assess_template_version")]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def clean(self) -> None:
        from .scoring import template_problems

        if problems := template_problems(self.items, self.eligibility):
            raise ValidationError({"items": problems})

    @property
    def total(self) -> Any:
        return sum((int(i["max"]) for i in self.items), 0)


class ScoreQuerySet(ScopedQuerySet):
    scope_field = "area_code"

    def visible_to(self, user: Any) -> ScoreQuerySet:  # type: ignore[override]
        """A grid worker sees their own scores only; a department (it sees its unit's cases, not an area's) none;
        everyone else the workers of their jurisdiction."""
        from gridgov.cases.models import sees_area_figures

        staff = getattr(user, "staff", None) if getattr(user, "is_authenticated", False) else None
        if not sees_area_figures(user):
            return self.none()
        if staff is not None and staff.role == Role.GRID_WORKER and not jurisdiction_of(user).everything:
            return self.filter(worker__user=user) if staff.active else self.none()
        return super().visible_to(user)


class WorkerScopedQuerySet(ScoreQuerySet):
    scope_field = "worker__area__code"


class Score(models.Model):
    """One version of a worker's score for a month. ``items``: ``[{"code", "name", "group", "score", "max",
    "measure", "events": ["case:12", "entry:345", "patrol:7", …]}]``, the bonus and penalty last; ``total`` their
    sum. Version 1 is recomputed in place until the township confirms the month; after that a correction is a new
    version with its reason, and the older one stays as it was."""

    worker = models.ForeignKey(Staff, verbose_name=_("grid worker"), on_delete=models.PROTECT, related_name="scores")
    area_code = models.CharField(_("grid code"), max_length=30, db_index=True)
    month = models.DateField(_("month"))  # its first day
    version = models.PositiveIntegerField(_("version"), default=1)
    current = models.BooleanField(_("current"), default=True)
    template = models.ForeignKey(Template, verbose_name=_("template"), on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField(_("score"), max_digits=6, decimal_places=1)
    items = models.JSONField(_("items"), default=list)
    eligible = models.BooleanField(_("eligible for the gold medal"), default=False)
    ineligible_because = models.JSONField(_("not eligible because"), default=list, blank=True)
    reason = models.CharField(_("reason for the correction"), max_length=500, blank=True)
    computed_at = models.DateTimeField(_("computed"))
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("computed by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly score")
        verbose_name_plural = _("monthly scores")
        ordering = ["-month", "-total", "worker_id"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "month", "version"], name="assess_score_version"),
            models.UniqueConstraint(fields=["worker", "month"], condition=models.Q(current=True),
                                    name="assess_one_current_score"),
        ]
        indexes = [models.Index(fields=["month", "area_code"])]

    def __str__(self) -> str:
        return f"{self.worker.name} {self.month:%Y-%m} {self.total} v{self.version}"

    @property
    def ineligible_labels(self) -> list[str]:
        from .scoring import ELIGIBILITY_LABELS

        return [str(ELIGIBILITY_LABELS.get(code, code)) for code in self.ineligible_because]


class MonthStatus(models.TextChoices):
    OPEN = "open", _("open")
    CONFIRMED = "confirmed", _("confirmed by the township")


class MonthQuerySet(ScopedQuerySet):
    scope_field = "area_code"
    scope_with_ancestors = True  # a village sees whether its township confirmed the month


class AssessmentMonth(models.Model):
    """A township's month: confirmed, its workers' scores are frozen."""

    area_code = models.CharField(_("township"), max_length=30)
    month = models.DateField(_("month"))
    status = models.CharField(_("status"), max_length=10, choices=MonthStatus.choices, default=MonthStatus.OPEN)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = MonthQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment month")
        verbose_name_plural = _("assessment months")
        constraints = [models.UniqueConstraint(fields=["area_code", "month"], name="assess_one_month_per_township")]

    def __str__(self) -> str:
        return f"{self.area_code} {self.month:%Y-%m} {self.status}"


class MonthlyRun(models.Model):
    """The worker's monthly computation, once per month whichever process gets there first (the unique month)."""

    month = models.DateField(_("month"), unique=True)
    started_at = models.DateTimeField(_("started"))
    workers = models.PositiveIntegerField(_("workers scored"), default=0)

    class Meta:
        verbose_name = _("monthly run")
        verbose_name_plural = _("monthly runs")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.workers}"


class AdjustmentKind(models.TextChoices):
    BONUS = "bonus", _("bonus")
    PENALTY = "penalty", _("penalty")


class AdjustmentStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class Adjustment(models.Model):
    """A bonus (e.g. an innovation adopted at town / county / prefecture / province level: +2 / +4 / +8 / +10) or a
    penalty (``complaint``: a confirmed complaint, which bars the gold medal), entered with a reason and counted
    once someone else approved it."""

    worker = models.ForeignKey(Staff, verbose_name=_("grid worker"), on_delete=models.PROTECT,
                               related_name="adjustments")
    month = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=10, choices=AdjustmentKind.choices)
    points = models.DecimalField(_("points"), max_digits=4, decimal_places=1)
    complaint = models.BooleanField(_("a confirmed complaint"), default=False)
    reason = models.CharField(_("reason"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=AdjustmentStatus.choices,
                              default=AdjustmentStatus.PENDING)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT,
                                   related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved or rejected by"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("entered"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = WorkerScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bonus or penalty")
        verbose_name_plural = _("bonuses and penalties")
        ordering = ["-month", "-entered_at"]
        constraints = [models.CheckConstraint(condition=models.Q(points__gt=0), name="assess_points_positive")]

    def __str__(self) -> str:
        return f"{self.worker.name} {self.month:%Y-%m} {self.kind} {self.points}"


class Training(models.Model):
    """A training a worker attended: course, day, hours."""

    worker = models.ForeignKey(Staff, verbose_name=_("grid worker"), on_delete=models.PROTECT,
                               related_name="trainings")
    course = models.CharField(_("course"), max_length=200)
    day = models.DateField(_("day"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    objects = WorkerScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-day"]
        constraints = [models.CheckConstraint(condition=models.Q(hours__gt=0), name="assess_training_hours")]

    def __str__(self) -> str:
        return f"{self.worker.name} {self.day} {self.course}"


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("nominated, waiting for the district")
    APPROVED = "approved", _("approved: gold medal")
    REJECTED = "rejected", _("rejected")


class Nomination(models.Model):
    """The township nominates a worker from the top of its confirmed ranking; the district approves or rejects."""

    score = models.ForeignKey(Score, verbose_name=_("score"), on_delete=models.PROTECT, related_name="nominations")
    worker = models.ForeignKey(Staff, verbose_name=_("grid worker"), on_delete=models.PROTECT,
                               related_name="nominations")
    area_code = models.CharField(_("grid code"), max_length=30)
    month = models.DateField(_("month"))
    note = models.CharField(_("note"), max_length=1000)
    status = models.CharField(_("status"), max_length=10, choices=NominationStatus.choices,
                              default=NominationStatus.NOMINATED)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("nominated by"),
                                     on_delete=models.PROTECT, related_name="+")
    nominated_at = models.DateTimeField(_("nominated"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=1000, blank=True)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("gold medal nomination")
        verbose_name_plural = _("gold medal nominations")
        ordering = ["-month", "area_code"]
        constraints = [models.UniqueConstraint(fields=["worker", "month"], name="assess_one_nomination")]

    def __str__(self) -> str:
        return f"{self.worker.name} {self.month:%Y-%m} {self.status}"
