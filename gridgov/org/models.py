"""The organisation that works in the grid: units (centres, stations, departments) and staff with roles."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from gridgov.geo.models import Area
from gridgov.geo.scoping import ScopedQuerySet
from gridgov.partitions import county_of


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
    # The three administrators are separate people ("三员分立"): the system administrator keeps the grid, the
    # organisation and the catalogue; the security administrator keeps accounts, roles, passwords and tokens; the
    # audit administrator only reads the audit log. What each may do in the back office: org/duties.py.
    ADMINISTRATOR = "administrator", _("system administrator")
    SECURITY_ADMIN = "security_admin", _("security administrator")
    AUDIT_ADMIN = "audit_admin", _("audit administrator")


ADMIN_ROLES = frozenset({Role.ADMINISTRATOR, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})


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

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.check_county()
        self.check_parent()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.check_county()
        self.check_parent()

    def check_parent(self) -> None:
        """The units above a unit never lead back to it (the back office once saved a unit as its own parent)."""
        seen, above = {self.pk}, self.parent
        while above is not None:
            if above.pk in seen:
                raise ValidationError({"parent": _("a unit cannot be above itself, directly or through others")})
            seen.add(above.pk)
            above = above.parent

    def check_county(self) -> None:
        """A unit never moves to another county: the cases it held, and their figures, stay in the county they
        were reported in (``kpis.scope_county`` reads a county unit's figures from its county's partition alone).
        A reorganisation across counties makes a new unit."""
        if self.pk is None or self.area_id is None:
            return
        before = Unit.objects.filter(pk=self.pk).values_list("area__code", flat=True).first()
        if before is not None and county_of(before) != county_of(self.area.code):
            raise ValidationError({"area": _("a unit stays in its county (%(county)s): for %(area)s, make a new unit "
                                             "there") % {"county": county_of(before), "area": self.area.code}})


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


def mask_number(value: str) -> str:
    """*******5678: at most the last four characters show, and at least four are always hidden, whatever the
    length (a 7-digit number shows its last three, a 4-digit one nothing). Phones and ID numbers alike."""
    value = value.strip()
    shown = min(4, max(0, len(value) - 4))
    return "*" * (len(value) - shown) + value[len(value) - shown:]


mask_phone = mask_number


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token itself is shown once.

    A token is refused after ``expires_at`` (its absolute lifetime, GRIDGOV_TOKEN_MAX_DAYS) and once unused for
    GRIDGOV_TOKEN_IDLE_MINUTES (``last_used``, written at most every few minutes: see org/auth.py). Revoking a token
    deletes it (the audit log keeps its issue and revocation): on logout, by its holder, by a security administrator,
    and for all of a user's tokens when the password changes or the login or staff record is deactivated."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="api_tokens", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.name or self.pk} {self.created_at:%Y-%m-%d}"


def mask_name(name: str) -> str:
    """张** : the surname only."""
    return name[:1] + "*" * (len(name) - 1) if name else ""
