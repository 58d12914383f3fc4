"""What a dispute records beside its case, and the grid workers' regular dispute screening."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gridgov.cases.models import Case, CaseScopedQuerySet
from gridgov.geo.models import Area
from gridgov.geo.scoping import ScopedQuerySet
from gridgov.org.models import Staff


class DisputeType(models.TextChoices):
    NEIGHBOURHOOD = "neighbourhood", _("neighbourhood")
    FAMILY = "family", _("family and marriage")
    LAND = "land", _("land and forest")
    HOUSING = "housing", _("housing and property management")
    LABOUR = "labour", _("labour and wages")
    MEDICAL = "medical", _("medical")
    TRAFFIC = "traffic", _("traffic")
    CONSUMER = "consumer", _("consumer")
    OTHER = "other", _("other")


# The category of the catalogue each type is filed under (routing and deadlines come from it).
CATEGORY_OF = {"neighbourhood": "1001", "family": "1002", "land": "1003", "labour": "1004", "medical": "1005",
               "traffic": "1006", "consumer": "1007", "housing": "1008", "other": "1099"}


class FoundBy(models.TextChoices):
    SCREENING = "screening", _("grid worker screening")
    WALK_IN = "walk_in", _("walk-in")
    PETITION = "petition", _("petition")
    POLICE = "police", _("police")
    COURT = "court", _("court referral")


class Risk(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


class DisputeQuerySet(CaseScopedQuerySet):
    """Visible exactly when its case is (``Case.objects.visible_to``)."""


class Dispute(models.Model):
    case = models.OneToOneField(Case, verbose_name=_("case"), primary_key=True, related_name="dispute",
                                on_delete=models.CASCADE, db_constraint=False)  # partitioned: gridgov.partitions
    dispute_type = models.CharField(_("type"), max_length=20, choices=DisputeType.choices)
    found_by = models.CharField(_("found by"), max_length=20, choices=FoundBy.choices)
    amount = models.DecimalField(_("amount involved (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    people_involved = models.PositiveIntegerField(_("people involved"), default=2)
    risk = models.CharField(_("risk level"), max_length=10, choices=Risk.choices, default=Risk.LOW)

    objects = DisputeQuerySet.as_manager()

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_dispute_type_display()}"


class ScreeningQuerySet(ScopedQuerySet):
    scope_field = "area__code"


class Screening(models.Model):
    """A grid worker's regular dispute screening of their grid: something found, or nothing."""

    area = models.ForeignKey(Area, verbose_name=_("grid"), related_name="screenings", on_delete=models.PROTECT)
    worker = models.ForeignKey(Staff, verbose_name=_("grid worker"), related_name="screenings",
                               on_delete=models.PROTECT)
    day = models.DateField(_("day"), db_index=True)
    found = models.BooleanField(_("dispute found"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    case = models.ForeignKey(Case, verbose_name=_("dispute recorded"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+", db_constraint=False)

    objects = ScreeningQuerySet.as_manager()

    class Meta:
        verbose_name = _("dispute screening")
        verbose_name_plural = _("dispute screenings")
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["area", "worker", "day"], name="one_screening_a_day")]

    def __str__(self) -> str:
        return f"{self.area.code} {self.day} {'found' if self.found else 'none'}"
