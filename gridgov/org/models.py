"""The organisation that works in the grid: units (centres, stations, departments) and staff with roles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gridgov.geo.models import Area
from gridgov.geo.scoping import ScopedQuerySet


class UnitKind(models.TextChoices):
    CENTRE = "centre", _("governance centre")
    STATION = "station", _("village station")
    DEPARTMENT = "department", _("department")


class Department(models.TextChoices):
    PUBLIC_SECURITY = "public_security", _("public security")
    JUSTICE = "justice", _("justice")
    LETTERS_VISITS = "letters_visits", _("letters and visits")
    CIVIL_AFFAIRS = "civil_affairs", _("civil affairs")
    HUMAN_RESOURCES = "human_resources", _("human resources and social security")
    URBAN_MANAGEMENT = "urban_management", _("urban management")
    WATER = "water", _("water conservancy")
    HOUSING = "housing", _("housing and urban-rural development")
    HEALTH = "health", _("health")
    MARKET = "market", _("market supervision")
    EMERGENCY = "emergency", _("emergency management")
    COURT = "court", _("court litigation service")
    LEGAL_AID = "legal_aid", _("legal aid")
    MEDIATION = "mediation", _("people's mediation")


class Role(models.TextChoices):
    GRID_WORKER = "grid_worker", _("grid worker")
    GRID_LEADER = "grid_leader", _("grid leader")
    POLICE_LIAISON = "police_liaison", _("police liaison")
    INTAKE_OPERATOR = "intake_operator", _("intake operator")
    DISPATCHER = "dispatcher", _("dispatcher")
    DEPARTMENT_HANDLER = "department_handler", _("department handler")
    LEADER = "leader", _("leader (read-only)")
    ADMINISTRATOR = "administrator", _("administrator")


class UnitQuerySet(ScopedQuerySet):
    scope_field = "area__code"
    scope_with_ancestors = True  # the units that serve my area are visible to me, not only those inside it


class Unit(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    department = models.CharField(_("department"), max_length=30, choices=Department.choices, blank=True)
    area = models.ForeignKey(Area, verbose_name=_("area served"), related_name="units", on_delete=models.PROTECT)
    parent = models.ForeignKey("self", verbose_name=_("parent unit"), null=True, blank=True,
                               related_name="subunits", on_delete=models.PROTECT)
    stationed_in_centre = models.BooleanField(_("stationed in the centre"), default=False)
    phone = models.CharField(_("work phone"), max_length=30, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["area__code", "kind", "code"]

    def __str__(self) -> str:
        return self.name


class StaffQuerySet(ScopedQuerySet):
    scope_field = "area__code"
    scope_with_ancestors = True  # the people who serve my area (my grid leader, the township dispatcher)


class Staff(models.Model):
    """A person working in the grid, with one role and one jurisdiction (an area and everything below it)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("login"), related_name="staff",
                                on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=50)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, db_index=True)
    area = models.ForeignKey(Area, verbose_name=_("jurisdiction"), related_name="staff", on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), null=True, blank=True, related_name="staff",
                             on_delete=models.PROTECT)
    work_phone = models.CharField(_("work phone"), max_length=30, blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = StaffQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["area__code", "role", "name"]
        indexes = [models.Index(fields=["role", "area"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


def mask_phone(phone: str) -> str:
    """138****5678: enough to recognise a number, not enough to call it."""
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token itself is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="api_tokens", on_delete=models.CASCADE)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"


def mask_name(name: str) -> str:
    """张** : the surname only."""
    return name[:1] + "*" * (len(name) - 1) if name else ""
