"""Cases: every matter that reaches the centre, one engine for every kind, and the data the engine runs on."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gridgov.geo.models import Area
from gridgov.geo.scoping import ScopedQuerySet, jurisdiction_of
from gridgov.org.models import Unit
from gridgov.partitions import CountyField


class Kind(models.TextChoices):
    EVENT = "event", _("event")
    DISPUTE = "dispute", _("dispute")
    PETITION = "petition", _("petition (letters and visits)")


class Channel(models.TextChoices):
    GRID_APP = "grid_app", _("grid worker app")
    PUBLIC_WEB = "public_web", _("public web")
    HOTLINE = "hotline", _("hotline")
    PETITION_WINDOW = "petition_window", _("petition window")
    ALARM = "alarm", _("video or sensor alarm")
    HIGHER_LEVEL = "higher_level", _("higher level")
    POLICE_110 = "police_110", _("110 transfer")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("normal")
    URGENT = "urgent", _("urgent")


class Status(models.TextChoices):
    REPORTED = "reported", _("reported")
    REGISTERED = "registered", _("registered, to dispatch")
    DISPATCHED = "dispatched", _("dispatched, to accept")
    IN_PROGRESS = "in_progress", _("being handled")
    FEEDBACK = "feedback", _("handled, to check")
    CHECK_FAILED = "check_failed", _("check failed")
    CHECKED = "checked", _("checked, to close")
    CLOSED = "closed", _("closed")
    SUSPENDED = "suspended", _("suspended")
    VOIDED = "voided", _("voided")
    MERGED = "merged", _("merged")


OPEN_STATUSES = [s for s in Status.values if s not in ("closed", "voided", "merged")]


class Category(models.Model):
    """One class of the catalogue. ``routing`` names, per level, the unit that handles it there:
    ``{"3": "station", "2": "centre", "1": "department:urban_management"}``; deadlines are ``"<n><unit>"`` with unit
    ``m`` (minutes), ``h`` (hours), ``wh`` (working hours) or ``wd`` (working days)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    parent = models.ForeignKey("self", verbose_name=_("class"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="subclasses")
    routing = models.JSONField(_("responsible unit per level"), default=dict, blank=True)
    deadlines = models.JSONField(_("deadlines per urgency"), default=dict, blank=True)
    self_handle_allowed = models.BooleanField(_("grid worker may solve on the spot"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


def _staff(user: Any) -> Any:
    staff = getattr(user, "staff", None) if getattr(user, "is_authenticated", False) else None
    return staff if staff is not None and staff.active else None


def seen_by_area(user: Any, area_code: str) -> bool:
    """Whether the user's jurisdiction alone shows a case located at ``area_code`` (no query). Not for the roles
    that see only their unit's cases (``rules.SEES_ONLY_ITS_UNITS_CASES``): for them the unit decides."""
    from .rules import SEES_ONLY_ITS_UNITS_CASES

    juris = jurisdiction_of(user)
    if juris.everything:
        return True
    staff = _staff(user)
    return staff is not None and staff.role not in SEES_ONLY_ITS_UNITS_CASES and juris.covers(area_code)


def sees_area_figures(user: Any) -> bool:
    """Whether the user may read an area's figures (dashboard, area KPIs): not the roles that see only their unit's
    cases, whose lists would then be shorter than the cards above them; their figures are their unit's."""
    from .rules import SEES_ONLY_ITS_UNITS_CASES

    if jurisdiction_of(user).everything:
        return True
    staff = _staff(user)
    return staff is not None and staff.role not in SEES_ONLY_ITS_UNITS_CASES


AREA_FIGURES_REFUSED = _("an area's figures are for the staff who answer for the area; a department or a volunteer "
                         "team sees its own unit's: ask for unit=<your unit's id>")


def case_q(user: Any, prefix: str = "") -> models.Q | None:
    """The cases ``user`` may see, as a filter on ``prefix`` + the case's fields (None: every case). The one rule
    for cases and everything that belongs to a case (a dispute's, a petition's details): located in the user's
    jurisdiction (not for the roles that see only their unit's cases), or handled, now or before, by their unit
    (dispatched, joined for a joint reception, escalated or referred to it)."""
    from .rules import SEES_ONLY_ITS_UNITS_CASES

    juris = jurisdiction_of(user)
    if juris.everything:  # administrators (role or superuser), whatever unit they belong to
        return None
    staff = _staff(user)
    by_area = staff is not None and staff.role not in SEES_ONLY_ITS_UNITS_CASES
    q = juris.q(f"{prefix}area_code") if by_area else models.Q(pk__in=[])
    if staff is not None and staff.unit_id:
        involved = Case.involved_units.through.objects.filter(unit_id=staff.unit_id).values("case_id")
        q |= models.Q(**{f"{prefix}pk__in": involved})
    if (counties := _counties(juris, staff)) is not None:
        q &= models.Q(**{f"{prefix}county__in": sorted(counties)})
    return q


def _counties(juris: Any, staff: Any) -> frozenset[str] | None:
    """The counties of the jurisdiction and of the person's unit: a county's people see that county's cases, so a
    read names its county's partition (PostgreSQL reads that one only). None: no such list (a city's or province's
    people, whose unit or jurisdiction lies above a county)."""
    from gridgov.org import directory
    from gridgov.partitions import county_of, is_county_code

    counties = juris.counties()
    if counties is None or staff is None:
        return None
    if staff.unit_id:
        unit = directory.unit(staff.unit_id)
        if unit is None or not is_county_code(county := county_of(unit.area.code)):
            return None
        counties |= {county}
    return counties


class CaseQuerySet(ScopedQuerySet):
    scope_field = "area_code"

    def visible_to(self, user: Any) -> CaseQuerySet:  # type: ignore[override]
        """The cases ``user`` may see (``case_q``): every list, page, export and API reads cases through this."""
        q = case_q(user)
        return self.all() if q is None else self.filter(q)


class CaseScopedQuerySet(models.QuerySet):
    """Rows that belong to one case (a dispute's or a petition's details): visible exactly when their case is."""

    case_field = "case"

    def visible_to(self, user: Any) -> CaseScopedQuerySet:
        q = case_q(user, f"{self.case_field}__")
        return self.all() if q is None else self.filter(q)


class Case(models.Model):
    """A matter in the closed loop. Partitioned by ``county`` on PostgreSQL (``gridgov.partitions``): the rows that
    point at a case (timeline, attachments, parties, a kind's details, alarms, the units involved) cannot have a
    foreign key enforced by the database; each is written in the same transaction as its case by an action, and
    deleted with it by the ORM's cascade."""

    number = models.CharField(_("number"), max_length=30)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.EVENT)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    description = models.TextField(_("description"), max_length=4000)
    reported_lon = models.FloatField(_("reported longitude"))
    reported_lat = models.FloatField(_("reported latitude"))
    reported_crs = models.CharField(_("reported coordinate system"), max_length=10, default="wgs84")
    lon = models.FloatField(_("longitude (WGS-84)"))
    lat = models.FloatField(_("latitude (WGS-84)"))
    area = models.ForeignKey(Area, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="cases")
    area_code = models.CharField(_("grid code"), max_length=30, db_index=True)
    county = CountyField(source="area_code")
    area_path = models.JSONField(_("located area path"), default=list, blank=True)  # [{code, name, level}], at report
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reporter"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="reported_cases")
    citizen_name = models.CharField(_("citizen's name"), max_length=50, blank=True)
    citizen_phone = models.CharField(_("citizen's phone"), max_length=30, blank=True)
    citizen_sms = models.BooleanField(_("SMS at registration and closure"), default=False)  # the citizen opted in
    owner_unit = models.ForeignKey(Unit, verbose_name=_("owner (first-question) centre"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="owned_cases")
    handling_unit = models.ForeignKey(Unit, verbose_name=_("handling unit"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="handled_cases")
    routed_unit = models.ForeignKey(Unit, verbose_name=_("unit proposed by routing"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    involved_units = models.ManyToManyField(Unit, verbose_name=_("units involved"), blank=True, related_name="+",
                                            db_constraint=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REPORTED,
                              db_index=True)
    suspended_from = models.CharField(max_length=20, blank=True)
    verified = models.BooleanField(_("verified on site"), default=False)
    self_handled = models.BooleanField(_("solved on the spot"), default=False)
    register_due = models.DateTimeField(_("register by"), null=True, blank=True)
    dispatch_due = models.DateTimeField(_("dispatch by"), null=True, blank=True)
    handle_due = models.DateTimeField(_("handle by"), null=True, blank=True, db_index=True)
    # when the scan tells the handling unit that ``handle_due`` approaches (GRIDGOV_DEADLINE_WARNING of the period
    # left); set with each new handling deadline, cleared by the one scan that writes the warning
    deadline_warn_at = models.DateTimeField(_("warn of the deadline at"), null=True, blank=True, db_index=True)
    check_due = models.DateTimeField(_("check by"), null=True, blank=True)
    overdue = models.BooleanField(_("overdue"), default=False, db_index=True)
    overdue_handled_due = models.DateTimeField(null=True, blank=True)  # the deadline the overdue mark refers to
    # set by the first ``overdue`` entry and never cleared (``overdue`` above is cleared by a new deadline): the
    # dashboard's "went overdue" list reads it through a partial index instead of searching the timeline
    went_overdue = models.BooleanField(_("went overdue"), default=False, editable=False)
    escalations = models.PositiveSmallIntegerField(_("escalations"), default=0)
    pending_extension = models.CharField(_("extension asked"), max_length=10, blank=True)
    merged_into = models.ForeignKey("self", verbose_name=_("merged into"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="merged_cases", db_constraint=False)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    tracking_code = models.CharField(_("tracking code"), max_length=16)
    # The sender's key: unique per reporting user; a citizen's (no user) is stored as ``anon:`` + a digest of the key
    # and the submission, so only the same submission sent again finds it (``actions.sender_key``).
    idempotency_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 (NULL: no key, no clash)
    created_at = models.DateTimeField(_("reported at"), db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-id"]
        # Every unique key includes the partition key (``gridgov.partitions``). A number starts with its county's
        # code, so unique per county is unique; a tracking code is random and looked up among every county's.
        constraints = [
            models.UniqueConstraint(fields=["number", "county"], name="case_number_key"),
            models.UniqueConstraint(fields=["tracking_code", "county"], name="case_tracking_code_key"),
            models.UniqueConstraint(fields=["reporter", "idempotency_key", "county"], name="case_key_per_reporter"),
            models.UniqueConstraint(fields=["idempotency_key", "county"], name="case_key_per_submission",
                                    condition=models.Q(reporter__isnull=True, idempotency_key__startswith="anon:")),
        ]
        indexes = [
            models.Index(fields=["category", "status", "created_at"]),
            # the dashboard's "escalated" list: open escalated cases are few however long the history
            models.Index(fields=["area_code"], name="case_open_escalated", opclasses=["varchar_pattern_ops"],
                         condition=models.Q(escalations__gt=0) & ~models.Q(status__in=["closed", "voided", "merged"])),
            # the dashboard's cohort lists (cases received in the period that went overdue / were escalated), newest
            # first: a backward scan of the flagged cases only, however long the history (docs/SCALING.md)
            models.Index(fields=["created_at", "id"], name="case_went_overdue", condition=models.Q(went_overdue=True)),
            models.Index(fields=["created_at", "id"], name="case_escalated", condition=models.Q(escalations__gt=0)),
            # the dashboard's "overdue now" card counts the open overdue cases of an area from this index alone
            # (index-only: a city at 10 M cases, 4.1 → 2.3 ms), and its list may read the newest from it
            models.Index(fields=["created_at", "id"], name="case_overdue_now", include=["status", "area_code"],
                         condition=models.Q(overdue=True)),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.category.name if self.category_id else ''}"


class TimelineEntry(models.Model):
    """One action on a case: who, when, from which status to which, a note, and the action's own fields."""

    case = models.ForeignKey(Case, verbose_name=_("case"), related_name="timeline", on_delete=models.CASCADE,
                             db_constraint=False)
    county = CountyField(source="case.county")
    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
                              on_delete=models.SET_NULL)
    actor_label = models.CharField(_("actor"), max_length=100, blank=True)  # "system", "citizen", a role
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=4000)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, related_name="attachments", on_delete=models.CASCADE, db_constraint=False)
    county = CountyField(source="case.county")
    entry = models.ForeignKey(TimelineEntry, null=True, blank=True, related_name="attachments",
                              on_delete=models.SET_NULL, db_constraint=False)
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/")
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.file.name


class CaseCounter(models.Model):
    """Sequence of case numbers per county and day."""

    prefix = models.CharField(max_length=20, unique=True)  # county code + YYYYMMDD
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("case number counter")
        verbose_name_plural = _("case number counters")

    def __str__(self) -> str:
        return f"{self.prefix}: {self.last}"


class KpiRollup(models.Model):
    """Daily counters per scope (``area:CODE``, ``unit:ID``, ``worker:ID``) kept by every action. The KPIs are
    sums over these rows; ``gridgov.cases.kpis`` defines which facts a case's timeline contributes."""

    scope = models.CharField(max_length=40)
    county = CountyField()  # the county of the case whose change the row counts (``kpis.apply_delta``)
    day = models.DateField()
    metric = models.CharField(max_length=30)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("KPI rollup")
        verbose_name_plural = _("KPI rollups")
        # On PostgreSQL migration 0002 makes this key's index also carry the value (INCLUDE), so a KPI sum is an
        # index-only scan however large the table grows.
        # The metric before the day: a figure reads a few facts of many scopes over a range of days, so each
        # (scope, fact) is one range of the index (migration 0016; ``kpis.facts_read``).
        constraints = [models.UniqueConstraint(fields=["scope", "metric", "day", "county"], name="kpi_rollup_key")]

    def __str__(self) -> str:
        return f"{self.scope} {self.day} {self.metric}={self.value}"


class KpiMonth(models.Model):
    """The same counters by month (``month``: its first day), kept beside the days by the same statement of
    ``kpis.apply_delta``: a period's whole months are read here, its edges from ``KpiRollup``."""

    scope = models.CharField(max_length=40)
    county = CountyField()  # as for the days: the county of the case whose change the row counts
    month = models.DateField()
    metric = models.CharField(max_length=30)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("KPI rollup by month")
        verbose_name_plural = _("KPI rollups by month")
        # On PostgreSQL migration 0013 makes the key's index carry the value too (INCLUDE), as for the days.
        constraints = [models.UniqueConstraint(fields=["scope", "metric", "month", "county"], name="kpi_month_key")]

    def __str__(self) -> str:
        return f"{self.scope} {self.month:%Y-%m} {self.metric}={self.value}"


class PartyKind(models.TextChoices):
    PERSON = "person", _("person")
    ORGANISATION = "organisation", _("organisation")


class Party(models.Model):
    """A person or organisation in a case (the parties of a dispute, the petitioners of a petition). ID numbers and
    phones are shown masked; ``cases.parties.reveal_party`` unmasks them for the roles that need them, audited."""

    case = models.ForeignKey(Case, verbose_name=_("case"), related_name="parties", on_delete=models.CASCADE,
                             db_constraint=False)
    county = CountyField(source="case.county")
    kind = models.CharField(_("kind"), max_length=20, choices=PartyKind.choices, default=PartyKind.PERSON)
    role = models.CharField(_("role in the case"), max_length=30, blank=True)  # applicant, respondent, petitioner
    name = models.CharField(_("name"), max_length=100)
    id_number = models.CharField(_("ID or credit code"), max_length=30, blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, db_index=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.role} {self.name[:1]}*"
