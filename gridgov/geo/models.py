"""The grid: one tree of areas, province and city above the district, district down to the 5th-level grid, with
codes that extend their parent's.

Province, city and county carry their 6-digit GB/T 2260 codes (410000, 411600, 411603); what a province or city
covers is every code that starts with its significant digits (``scope_prefix``: 41, 4116), so the one scoping
idiom (a subtree is a prefix) holds across all levels. Below the county each level adds 3 digits.
"""

from __future__ import annotations

import uuid
from functools import cached_property

import shapely
from django.db import models
from django.utils.translation import gettext_lazy as _

from gridgov.rows import fetch_one

from .scoping import ScopedQuerySet

COUNTY_CODE_DIGITS = 6
LEVEL_CODE_DIGITS = 3
PROVINCE, CITY, COUNTY = -1, 0, 1  # the levels above the county count down from it: the county stays level 1


def code_length(level: int) -> int:
    """Province, city and county (level ≤ 1) have 6-digit GB/T 2260 codes; each level below adds 3 digits."""
    return COUNTY_CODE_DIGITS + LEVEL_CODE_DIGITS * (max(level, COUNTY) - 1)


def level_of_code(code: str) -> int | None:
    n = len(code)
    if not code.isdigit() or n < COUNTY_CODE_DIGITS or (n - COUNTY_CODE_DIGITS) % LEVEL_CODE_DIGITS:
        return None
    if n == COUNTY_CODE_DIGITS and code.endswith("0000"):
        return PROVINCE
    if n == COUNTY_CODE_DIGITS and code.endswith("00"):
        return CITY
    return 1 + (n - COUNTY_CODE_DIGITS) // LEVEL_CODE_DIGITS


def scope_prefix(code: str) -> str:
    """The digits every code inside the area starts with: 41 for the province 410000, 4116 for the city 411600,
    the code itself for a county and below."""
    level = level_of_code(code)
    if level == PROVINCE:
        return code[:2]
    if level == CITY:
        return code[:4]
    return code


def upper_code(code: str) -> str | None:
    """The code of the area above by GB/T 2260 (a county's city, a city's province; below the county, the parent);
    None for a province. The area may not exist: a single-county install has no city."""
    level = level_of_code(code)
    if level is None or level == PROVINCE:
        return None
    if level == CITY:
        return code[:2] + "0000"
    if level == COUNTY:
        return code[:4] + "00"
    return code[: code_length(level - 1)]


def codes_above(code: str) -> list[str]:
    """Every code above ``code`` up to the province, outermost first (whether or not those areas exist)."""
    out: list[str] = []
    up = upper_code(code)
    while up is not None and up not in out:
        out.insert(0, up)
        up = upper_code(up)
    return out


class Level(models.Model):
    """A level of the tree. Names are configurable; the default five are created by the first migration."""

    depth = models.SmallIntegerField(_("depth"), primary_key=True)  # -1 province, 0 city, 1 county … 5
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["depth"]

    def __str__(self) -> str:
        return f"{self.depth} {self.name}"


class AreaKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("comprehensive grid")
    DEDICATED = "dedicated", _("dedicated grid")


class AreaQuerySet(ScopedQuerySet):
    scope_field = "code"


class Area(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.SmallIntegerField(_("level"), db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, related_name="children", on_delete=models.PROTECT
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AreaKind.choices, default=AreaKind.COMPREHENSIVE)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    residents = models.PositiveIntegerField(_("residents"), null=True, blank=True)
    # Polygon or MultiPolygon, WGS-84 lon/lat, as WKB. Bounding box kept beside it for cheap filtering.
    geometry = models.BinaryField(_("boundary (WKB, WGS-84)"))
    min_lon = models.FloatField(default=0)
    min_lat = models.FloatField(default=0)
    max_lon = models.FloatField(default=0)
    max_lat = models.FloatField(default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @cached_property
    def shape(self) -> shapely.Geometry:
        return shapely.from_wkb(bytes(self.geometry))

    def set_shape(self, geom: shapely.Geometry) -> None:
        self.geometry = shapely.to_wkb(geom)
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = (float(v) for v in geom.bounds)
        self.__dict__.pop("shape", None)

    def ancestors(self) -> list[Area]:
        """Outermost first (the province, if stored), excluding self. Codes are prefixes, so one query finds them."""
        return list(Area.objects.filter(code__in=codes_above(self.code)).order_by("level"))


class GridRevision(models.Model):
    """Changes with every change to the grid, so that in-process locate indexes know when to rebuild.

    A random token rather than a counter: a rolled-back change followed by another change must not repeat a value.
    """

    number = models.PositiveBigIntegerField(default=0)
    token = models.CharField(max_length=32, default="")

    class Meta:
        verbose_name = _("grid revision")
        verbose_name_plural = _("grid revisions")

    def __str__(self) -> str:
        return f"{self.number} ({self.token})"

    @classmethod
    def current(cls) -> str:
        """Asked before every locate (another process may have changed the grid): one short statement."""
        row = fetch_one(f"SELECT token FROM {cls._meta.db_table} WHERE id = 1", [])
        return row[0] if row else ""

    @classmethod
    def bump(cls) -> str:
        token = uuid.uuid4().hex
        cls.objects.get_or_create(pk=1)
        cls.objects.filter(pk=1).update(number=models.F("number") + 1, token=token)
        return token
