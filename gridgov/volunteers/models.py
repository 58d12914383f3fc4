"""Volunteer teams ("Yi police" under a police station), their members, activities, attendance (sign-in and sign-out
by GPS, hours in half-hour steps), calls for an activity, and the points ledger that volunteers' approved hours and
residents' civic acts earn and redemptions spend.

Personal data stays to what the work needs: a member's name and phone are shown masked everywhere (the phone only
to the team's leaders, never in lists or the API); no other facts about a person are kept.

The ledger is append-only for the application: an entry cannot be saved again or deleted, neither one by one nor
through a queryset, and the back office only reads it. Only rebuilding the demo empties it (``purge_for_rebuild``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gridgov.geo.models import Area
from gridgov.geo.scoping import ScopedQuerySet
from gridgov.org.models import Unit, mask_name, mask_number

HOURS = {"max_digits": 7, "decimal_places": 2}
POINTS = {"max_digits": 10, "decimal_places": 2}


class PointRules(models.Model):
    """The time bank's rules as data: one row (the back office edits it, audited); ``current()`` reads it."""

    points_per_hour = models.DecimalField(_("points per approved hour"), default=Decimal("1"), **POINTS)
    step_minutes = models.PositiveSmallIntegerField(_("hours counted in steps of (minutes)"), default=30)
    default_cap_hours = models.DecimalField(_("default cap of hours per activity"), default=Decimal("2"), **HOURS)
    redemption_threshold = models.DecimalField(_("balance needed before redeeming"), default=Decimal("100"), **POINTS)
    balance_cap = models.DecimalField(_("balance cap"), default=Decimal("500"), **POINTS)
    active_hours_per_month = models.DecimalField(_("active: approved hours a month on average"),
                                                 default=Decimal("8"), **HOURS)
    active_months = models.PositiveSmallIntegerField(_("active: months averaged over"), default=3)
    sign_in_metres = models.PositiveIntegerField(_("sign-in allowed up to this far outside the area (m)"),
                                                 default=300)

    class Meta:
        verbose_name = _("points rules")
        verbose_name_plural = _("points rules")

    def __str__(self) -> str:
        return str(_("points rules"))

    @classmethod
    def current(cls) -> PointRules:
        return cls.objects.order_by("pk").first() or cls.objects.create()


class TeamQuerySet(ScopedQuerySet):
    scope_field = "area__code"
    scope_with_ancestors = True  # the teams serving my area (a town's team, seen from one of its villages)


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100)
    unit = models.ForeignKey(Unit, verbose_name=_("leading unit"), related_name="volunteer_teams",
                             on_delete=models.PROTECT)
    area = models.ForeignKey(Area, verbose_name=_("area served"), related_name="volunteer_teams",
                             on_delete=models.PROTECT)
    active = models.BooleanField(_("active"), default=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["area__code", "name"]

    def __str__(self) -> str:
        return self.name


class MemberKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("volunteer")
    RESIDENT = "resident", _("resident (public points)")


class MemberQuerySet(ScopedQuerySet):
    scope_field = "area__code"

    def visible_to(self, user: Any) -> MemberQuerySet:
        """The members in one's jurisdiction; a department handler (who sees only their unit's cases) sees only the
        members of the teams their unit leads (a police station's "Yi police"), not the area's."""
        from gridgov.cases.rules import SEES_ONLY_ITS_UNITS_CASES

        qs = super().visible_to(user)
        staff = getattr(user, "staff", None) if getattr(user, "is_authenticated", False) else None
        if staff is not None and staff.role in SEES_ONLY_ITS_UNITS_CASES:
            qs = qs.filter(team__unit_id=staff.unit_id)
        return qs


class Member(models.Model):
    """A volunteer of a team, or a resident who holds public points (no team)."""

    kind = models.CharField(_("kind"), max_length=20, choices=MemberKind.choices, default=MemberKind.VOLUNTEER)
    team = models.ForeignKey(Team, verbose_name=_("team"), null=True, blank=True, related_name="members",
                             on_delete=models.PROTECT)
    area = models.ForeignKey(Area, verbose_name=_("area"), related_name="volunteers", on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    skills = models.CharField(_("skills"), max_length=200, blank=True, help_text=_("comma-separated"))
    availability = models.CharField(_("availability"), max_length=100, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("login (for the phone page)"), null=True,
                                blank=True, related_name="volunteer", on_delete=models.SET_NULL)
    active = models.BooleanField(_("active"), default=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["area__code", "pk"]

    def __str__(self) -> str:
        return f"{self.masked_name} {self.masked_phone}".strip()

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_phone(self) -> str:
        return mask_number(self.phone) if self.phone else ""

    def skill_list(self) -> list[str]:
        return [s.strip() for s in self.skills.replace("，", ",").split(",") if s.strip()]


class ActivityKind(models.TextChoices):
    PATROL = "patrol", _("patrol")
    MEDIATION = "mediation", _("mediation help")
    STEWARDING = "stewarding", _("event stewarding")
    SERVICE = "service", _("service")
    EMERGENCY = "emergency", _("emergency call-up")


class ActivityQuerySet(ScopedQuerySet):
    scope_field = "area__code"


class Activity(models.Model):
    team = models.ForeignKey(Team, verbose_name=_("team"), related_name="activities", on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=100)
    area = models.ForeignKey(Area, verbose_name=_("area"), related_name="volunteer_activities",
                             on_delete=models.PROTECT)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    cap_hours = models.DecimalField(_("cap of hours"), **HOURS)
    # A call-up for an emergency (the plan's "1+3+N" team: the grid's staff plus the volunteers called in). By name:
    # the volunteers app does not import the emergencies app; emergencies reads its call-ups through this link.
    emergency = models.ForeignKey("emergencies.Emergency", verbose_name=_("emergency"), null=True, blank=True,
                                  related_name="callups", on_delete=models.PROTECT)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_at", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="activity_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.title} {self.starts_at:%Y-%m-%d}"


class AttendanceStatus(models.TextChoices):
    SIGNED_IN = "signed_in", _("signed in")
    SIGNED_OUT = "signed_out", _("signed out, to approve")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class AttendanceQuerySet(ScopedQuerySet):
    scope_field = "activity__area__code"


class Attendance(models.Model):
    activity = models.ForeignKey(Activity, verbose_name=_("activity"), related_name="attendances",
                                 on_delete=models.PROTECT)
    member = models.ForeignKey(Member, verbose_name=_("member"), related_name="attendances", on_delete=models.PROTECT)
    status = models.CharField(_("status"), max_length=20, choices=AttendanceStatus.choices,
                              default=AttendanceStatus.SIGNED_IN, db_index=True)
    signed_in_at = models.DateTimeField(_("signed in"))
    in_area_code = models.CharField(_("signed in at (grid)"), max_length=30, blank=True)
    signed_out_at = models.DateTimeField(_("signed out"), null=True, blank=True)
    out_area_code = models.CharField(_("signed out at (grid)"), max_length=30, blank=True)
    hours = models.DecimalField(_("hours"), default=Decimal("0"), **HOURS)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   related_name="+", on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["-signed_in_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.activity} · {self.member}"


class CallAnswer(models.TextChoices):
    NONE = "", _("no answer yet")
    YES = "yes", _("coming")
    NO = "no", _("not available")


class CallQuerySet(ScopedQuerySet):
    scope_field = "activity__area__code"


class Call(models.Model):
    """One member called for one activity: who was called, who answered (and how), who came."""

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), related_name="calls", on_delete=models.PROTECT)
    member = models.ForeignKey(Member, verbose_name=_("member"), related_name="calls", on_delete=models.PROTECT)
    called_at = models.DateTimeField(_("called"))
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("called by"), null=True,
                                  related_name="+", on_delete=models.SET_NULL)
    answer = models.CharField(_("answer"), max_length=10, choices=CallAnswer.choices, blank=True, default="")
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    came = models.BooleanField(_("came"), default=False)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-called_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="call_once")]

    def __str__(self) -> str:
        return f"{self.activity} · {self.member}"


class Service(models.Model):
    """A redeemable service in the centre's catalogue."""

    name = models.CharField(_("name"), max_length=100)
    points = models.DecimalField(_("points"), **POINTS)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("redeemable service")
        verbose_name_plural = _("redeemable services")
        ordering = ["points", "name"]
        constraints = [models.CheckConstraint(condition=models.Q(points__gt=0), name="service_costs_points")]

    def __str__(self) -> str:
        return f"{self.name} ({self.points})"


class LedgerIsAppendOnly(Exception):
    """Raised on any attempt to change or delete a written ledger entry."""


class EntryKind(models.TextChoices):
    HOURS = "hours", _("approved hours")
    CIVIC = "civic", _("civic act")
    REDEMPTION = "redemption", _("redemption")


class LedgerQuerySet(ScopedQuerySet):
    scope_field = "member__area__code"

    def update(self, **kwargs: Any) -> int:
        if set(kwargs) == {"actor"} and kwargs["actor"] is None:  # a deleted login (on_delete=SET_NULL)
            return super().update(**kwargs)
        raise LedgerIsAppendOnly("ledger entries cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise LedgerIsAppendOnly("ledger entries cannot be deleted")

    def purge_for_rebuild(self) -> int:
        """Empties the ledger and everything of the volunteers: only for rebuilding the demo (``gridgov demo``)."""
        n = self.model.objects.all()._raw_delete(self.db)
        for model in (Call, Attendance, Activity, Member, Team, Service):
            model.objects.all()._raw_delete(self.db)
        return n


class LedgerEntry(models.Model):
    """Points earned (positive) or spent (negative); ``balance`` is the member's balance after this entry."""

    member = models.ForeignKey(Member, verbose_name=_("member"), related_name="ledger", on_delete=models.PROTECT)
    at = models.DateTimeField(_("time"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    points = models.DecimalField(_("points"), **POINTS)
    balance = models.DecimalField(_("balance after"), **POINTS)
    reason = models.CharField(_("reason"), max_length=300)
    attendance = models.OneToOneField(Attendance, verbose_name=_("attendance"), null=True, blank=True,
                                      related_name="ledger_entry", on_delete=models.PROTECT)
    case_id = models.BigIntegerField(_("case"), null=True, blank=True)
    service = models.ForeignKey(Service, verbose_name=_("service"), null=True, blank=True, related_name="+",
                                on_delete=models.PROTECT)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                              related_name="+", on_delete=models.SET_NULL)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = _("points ledger entry")
        verbose_name_plural = _("points ledger")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["member", "at"])]
        constraints = [models.UniqueConstraint(fields=["member", "case_id"], name="civic_points_once_per_case",
                                               condition=models.Q(case_id__isnull=False))]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.member} {self.points:+}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise LedgerIsAppendOnly("ledger entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise LedgerIsAppendOnly("ledger entries cannot be deleted")
