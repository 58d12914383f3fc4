"""Every change to a case: ``report_case`` creates one, ``take_action`` applies a named action.

Each call checks permission and status against ``rules.RULES``, changes the case, writes one timeline entry and
updates the KPI rollups, all in one transaction; a refused action raises ``ActionError`` and changes nothing.
"""

from __future__ import annotations

import copy
import hashlib
import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gridgov import rows
from gridgov.geo.coords import metres_between, to_wgs84
from gridgov.geo.locator import get_locator
from gridgov.org.models import Role, Staff
from gridgov.worktime.calendar import deadline_for

from . import hooks, kpis, notices
from .catalogue import category, category_by_code  # noqa: F401  (the catalogue in this process, read by the faces)
from .models import (
    Attachment,
    Case,
    CaseCounter,
    Category,
    Channel,
    Kind,
    Status,
    TimelineEntry,
    seen_by_area,
)
from .placement import misplaced
from .routing import nearest_centre
from .rules import (
    ACTION_LABELS,
    CITIZEN,
    FIELD,
    INTAKE_LABELS,
    INTAKE_ROLES,
    PUBLIC_INTAKE,
    RULES,
    SYSTEM,
    Rule,
    rated_by_citizen,
)
from .store import case_by_id, case_by_idempotency_key, history, open_cases_near

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
DEFAULT_DEADLINES = {"normal": {"register": "30m", "dispatch": "30m", "handle": "5wd", "check": "2h"},
                     "urgent": {"register": "10m", "dispatch": "10m", "handle": "1wd", "check": "1h"}}


class ActionError(Exception):
    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ActionError):
    status_code = 404


class Forbidden(ActionError):
    status_code = 403


class Conflict(ActionError):
    status_code = 409


class Throttled(ActionError):
    status_code = 429


class LocationUnconfirmed(Conflict):
    """A staff report whose point lies outside the reporter's jurisdiction or far from their own area: nothing is
    stored until the reporter confirms the place (``confirm_location``) or sends it in its coordinate system."""

    def __init__(self, message: str, where: Any) -> None:
        super().__init__(message)
        self.code, self.where = where.code, where


@dataclass
class Context:
    case: Case
    actor: Any  # a user, SYSTEM, or None for a citizen using the tracking code
    staff: Staff | None
    now: datetime
    fields: dict[str, Any]
    note: str
    data: dict[str, Any] = field(default_factory=dict)  # recorded on the timeline entry
    to_status: str | None = None


# Other apps' say in every case (registered at start-up, e.g. by gridgov.emergencies): a shorter period for a step
# (``hook(case, step) -> spec or None``; the earlier deadline wins), and what to do with a new case inside the
# report's transaction (``hook(case)``).
DEADLINE_HOOKS: list[Callable[[Case, str], str | None]] = []
REPORT_HOOKS: list[Callable[[Case], None]] = []


def deadline(case: Case, step: str, start: datetime) -> datetime:
    spec = (case.category.deadlines.get(case.urgency) or {}).get(step) or DEFAULT_DEADLINES[case.urgency][step]
    due = deadline_for(start, spec)
    for hook in DEADLINE_HOOKS:
        if other := hook(case, step):
            due = min(due, deadline_for(start, other))
    return due


def staff_of(user: Any) -> Staff | None:
    if user in (None, SYSTEM) or not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.staff if user.staff.active else None
    except Staff.DoesNotExist:
        return None


# -- reading the rules ------------------------------------------------------------------------------------------

def refusal(rule: Rule, actor: Any, staff: Staff | None, case: Case) -> ActionError | None:
    """Why ``actor`` may not take ``rule`` on ``case`` now (None: allowed). Visibility is checked by the caller."""
    if rule.kinds is not None and case.kind not in rule.kinds:
        return Conflict(_("“%(action)s” does not apply to a %(kind)s") % {
            "action": ACTION_LABELS[rule.name], "kind": Kind(case.kind).label})
    if case.status not in rule.from_statuses:
        return Conflict(_("“%(action)s” is not possible while the case is %(status)s") % {
            "action": ACTION_LABELS[rule.name], "status": Status(case.status).label})
    if rule.name in ("approve_extension", "reject_extension") and not case.pending_extension:
        return Conflict(_("no extension has been asked for"))
    if rule.name == "rate" and case.rating is not None:
        return Conflict(_("the case has already been rated"))
    if actor == SYSTEM:
        return None
    if rule.roles == {SYSTEM}:
        return Forbidden(_("only the system may “%(action)s” a case") % {"action": ACTION_LABELS[rule.name]})
    is_reporter = actor is not None and case.reporter_id is not None and case.reporter_id == getattr(actor, "pk", 0)
    if actor is None:  # a citizen with the tracking code
        if CITIZEN not in rule.roles:
            return Forbidden(_("citizens may not “%(action)s” a case") % {"action": ACTION_LABELS[rule.name]})
        if rule.name == "rate" and not rated_by_citizen(case):
            return Forbidden(_("this case was not brought by a citizen: nobody rates it"))
        return None
    if not rule.staff_may:
        return Forbidden(_("staff never “%(action)s” a case: the citizen who brought it does, with its tracking code")
                         % {"action": ACTION_LABELS[rule.name]})
    if "reporter" in rule.roles and is_reporter:
        return None
    if staff is None:
        return Forbidden(_("only staff of the grid can act on cases"))
    if staff.role == Role.ADMINISTRATOR:
        return None
    if staff.role not in rule.roles:
        return Forbidden(_("a %(role)s may not “%(action)s” a case") % {
            "role": Role(staff.role).label, "action": ACTION_LABELS[rule.name]})
    if staff.role in rule.unit_bound and (staff.unit_id is None or staff.unit_id != case.handling_unit_id):
        return Forbidden(_("only the unit handling the case (%(unit)s) may “%(action)s” it") % {
            "unit": case.handling_unit, "action": ACTION_LABELS[rule.name]})
    return None


def intake_refusal(user: Any, intake: str, channel: str = "") -> Forbidden | None:
    """Why ``user`` may not use ``intake`` (a kind of case, or ``self_handle``) now (None: allowed); the roles are
    declared in ``rules.INTAKE_ROLES``."""
    if user == SYSTEM and intake == "event" and channel == Channel.ALARM:  # a signed alarm (gridgov.linkage)
        return None
    if not getattr(user, "is_authenticated", False):
        if channel in PUBLIC_INTAKE.get(intake, ()):
            return None
        return Forbidden(_("citizens report problems through the public report page"))
    if getattr(user, "is_superuser", False):
        return None
    staff = staff_of(user)
    if staff is None:
        return Forbidden(_("only staff of the grid can bring cases in"))
    if staff.role == Role.ADMINISTRATOR or staff.role in INTAKE_ROLES[intake]:
        return None
    if intake == "self_handle":
        return Forbidden(_("only a grid worker can record a case solved on the spot"))
    return Forbidden(_("a %(role)s may not %(what)s") % {"role": Role(staff.role).label, "what": INTAKE_LABELS[intake]})


def check_intake(user: Any, intake: str, channel: str = "") -> None:
    if (refused := intake_refusal(user, intake, channel)) is not None:
        raise refused


def allowed_actions(user: Any, case: Case) -> list[str]:
    staff = staff_of(user)
    in_scope = user in (None, SYSTEM) or visible(user, case, own=False)  # None: the holder of the tracking code
    return [name for name, rule in RULES.items()  # the status test first: it alone rules out most actions, cheaply
            if case.status in rule.from_statuses and (in_scope or "reporter" in rule.roles)
            and refusal(rule, user, staff, case) is None]


# -- report -----------------------------------------------------------------------------------------------------

@dataclass
class Reported:
    case: Case
    created: bool
    duplicates: list[Case]


def _number(county: str, now: datetime) -> str:
    """County code + local date + a sequence per day, taken atomically in one statement (PostgreSQL, SQLite)."""
    prefix = f"{county}{timezone.localtime(now):%Y%m%d}"
    table = CaseCounter._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"INSERT INTO {table} (prefix, last) VALUES (%s, 1) ON CONFLICT (prefix) "
                    f"DO UPDATE SET last = {table}.last + 1 RETURNING last", [prefix])
        (last,) = cur.fetchone()
    return f"{prefix}{last:05d}"


def find_duplicates(category: Category, lon: float, lat: float, now: datetime, exclude: int | None = None, *,
                    reader: Any) -> list[Case]:
    """Open cases of the same category within GRIDGOV_DUPLICATE_METRES and GRIDGOV_DUPLICATE_HOURS that ``reader``
    may see (a report near a border never shows the next township's cases; a citizen is shown none)."""
    metres = settings.GRIDGOV_DUPLICATE_METRES
    dlat = metres / 111_320.0
    dlon = dlat / max(0.1, abs(math.cos(math.radians(lat))))
    if staff_of(reader) is None and not getattr(reader, "is_superuser", False):
        return []
    near = open_cases_near(category.pk, (lon - dlon, lon + dlon), (lat - dlat, lat + dlat),
                           now - timedelta(hours=settings.GRIDGOV_DUPLICATE_HOURS), exclude)
    return visible_among(reader, [c for c in near if metres_between(lon, lat, c.lon, c.lat) <= metres])


def report_case(reporter: Any, *, category: Category, description: str, lon: float, lat: float, crs: str = "wgs84",
                channel: str = Channel.GRID_APP, urgency: str = "normal", idempotency_key: str | None = None,
                citizen_name: str = "", citizen_phone: str = "", self_handle: bool = False,
                now: datetime | None = None, kind: str = Kind.EVENT, data: dict[str, Any] | None = None,
                confirm_location: bool = True) -> Reported:
    """A new case from a report. The same ``idempotency_key`` again from the same sender returns the first case, never
    a second one (another sender's key, even an equal one, is another report).
    ``confirm_location=False``: a staff report far from the reporter's area is refused with ``LocationUnconfirmed``
    (the phone asks first, see ``placement``)."""
    now = now or timezone.now()
    check_intake(reporter, "self_handle" if self_handle else kind, channel)
    sender = reporter.pk if getattr(reporter, "is_authenticated", False) else None
    if idempotency_key and sender is None:
        idempotency_key = sender_key(idempotency_key, category.pk, description, lon, lat, crs, citizen_name,
                                     citizen_phone)
    if idempotency_key and (existing := case_by_idempotency_key(idempotency_key, sender)):
        return Reported(existing, False, [])
    if not description.strip():
        raise ActionError(_("describe the problem: the description is empty"))
    x, y = to_wgs84(lon, lat, crs)
    locator = get_locator()
    found = locator.index.locate(x, y) if locator.index else -1
    if found < 0:
        raise ActionError(_("the location is outside the jurisdiction: check the point and its coordinate system"))
    path = [vars(step) for step in locator.path(found)]
    area_id, area_code = locator.snap.ids[found], path[-1]["code"]
    staff = staff_of(reporter)
    if not confirm_location and staff is not None and (where := misplaced(reporter, staff, x, y, path)):
        raise LocationUnconfirmed(_misplaced_message(where), where)
    if self_handle:
        if not category.self_handle_allowed:
            raise ActionError(_("%(category)s cannot be solved on the spot; report it for dispatch") % {
                "category": category.name})
    try:
        with transaction.atomic():
            case = Case(
                number=_number(area_code[:6], now), kind=kind, channel=channel, category=category, urgency=urgency,
                description=description, reported_lon=lon, reported_lat=lat, reported_crs=crs, lon=x, lat=y,
                area_id=area_id, area_code=area_code, area_path=path,
                reporter=reporter if getattr(reporter, "is_authenticated", False) else None,
                citizen_name=citizen_name, citizen_phone=citizen_phone, owner_unit=nearest_centre(path),
                tracking_code="".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10)),
                idempotency_key=idempotency_key or None, created_at=now, self_handled=self_handle,
                status=Status.CLOSED if self_handle else Status.REPORTED,
                verified=staff is not None and staff.role in FIELD,  # seen on site by the grid worker reporting it
            )
            case.register_due = None if self_handle else deadline(case, "register", now)
            if self_handle:
                case.closed_at = now
            rows.insert(case)
            for hook in REPORT_HOOKS:
                hook(case)
            data = {"kind": kind, **(data or {})}  # the kind on the timeline: KPIs are read from the timeline alone
            if case.register_due:
                data["register_due"] = case.register_due.isoformat()
            entry = write_entry(case, reporter, "self_handle" if self_handle else "report", "",
                           case.status, description[:200], data, now)
            kpis.apply_delta(kpis.NOTHING, kpis.state(case, [kpis.event_of(entry)]), case.county)
            notices.on_report(case, now)
    except IntegrityError:
        if idempotency_key and (existing := case_by_idempotency_key(idempotency_key, sender)):
            return Reported(existing, False, [])
        raise
    return Reported(case, True, [] if self_handle else find_duplicates(category, x, y, now, exclude=case.pk,
                                                                       reader=reporter))


def sender_key(key: str, *submission: Any) -> str:
    """A citizen's key as stored: there is no user to tie it to, so it is tied to the submission itself. Only the same
    report sent again (a double tap, a retry) finds the first case; anyone else's report with the same key, or the
    same key guessed, makes a report of its own and learns nothing of the first (its tracking code above all)."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in (key, *submission)).encode()).hexdigest()
    return f"anon:{digest[:59]}"


def _misplaced_message(where: Any) -> str:
    words = {"area": where.area_name, "code": where.area_code, "metres": where.metres, "own": where.own_area}
    if where.code == "outside_jurisdiction":
        said = _("This point lies in %(area)s (%(code)s), outside your jurisdiction, %(metres)d m from "
                 "%(own)s.") % words
    else:
        said = _("This point lies %(metres)d m outside %(own)s, in %(area)s (%(code)s).") % words
    return said + " " + _("If it came from a map app it may be in GCJ-02 or BD-09: send it in that coordinate "
                          "system, or confirm the place.")


# -- actions ----------------------------------------------------------------------------------------------------

def take_action(actor: Any, case_id: int, action: str, *, note: str = "", fields: dict[str, Any] | None = None,
                now: datetime | None = None, attachments: list[int] | None = None) -> Case:
    """Apply ``action`` to the case as ``actor`` (a user, ``SYSTEM``, or None for a citizen with the tracking code)."""
    rule = RULES.get(action)
    if rule is None:
        raise ActionError(_("unknown action %(action)r; actions are: %(actions)s") % {
            "action": action, "actions": ", ".join(RULES)})
    now = now or timezone.now()
    staff = staff_of(actor)
    with transaction.atomic():
        case = case_by_id(case_id, lock=True)
        if case is not None:
            case.category = category(case.category_id)
        if case is None or (actor not in (None, SYSTEM) and not may_act_on(actor, case, rule)):
            raise NotFound(_("no such case in your jurisdiction"))
        if (err := refusal(rule, actor, staff, case)) is not None:
            raise err
        entries = history(case.pk)
        events = [kpis.event_of(e) for e in entries]
        before, saved = kpis.state(case, events), _snapshot(case)
        ctx = Context(case, actor, staff, now, dict(fields or {}), note)
        from_status = case.status
        APPLY[action](ctx)
        to_status = rule.to if rule.to not in (None, "*") else (ctx.to_status or case.status)
        case.status = to_status
        rows.update(case, ["updated_at", *(name for name, was in saved.items() if getattr(case, name) != was)])
        entry = write_entry(case, actor, action, from_status, to_status, note, ctx.data, now)
        hooks.after_action(action, ctx)
        entry.files = []
        if attachments:
            linked = Attachment.objects.filter(case=case, entry__isnull=True, pk__in=attachments).update(entry=entry)
            if linked != len(set(attachments)):
                raise ActionError(_("attachments must be files uploaded to this case and not yet used"))
            entry.files = list(Attachment.objects.filter(entry=entry).order_by("id"))
        kpis.apply_delta(before, kpis.state(case, [*events, kpis.event_of(entry)]), case.county)
    case.history = [*entries, entry]  # what the caller shows next, without reading it again
    return case


def _snapshot(case: Case) -> dict[str, Any]:
    """The case's column values, to save only what an action changed (JSON values copied: handlers may edit them)."""
    return {f.attname: copy.deepcopy(v) if isinstance(v := getattr(case, f.attname), list | dict) else v
            for f in Case._meta.concrete_fields if not f.primary_key and f.name != "updated_at"}


def own_report(actor: Any, case: Case) -> bool:
    return case.reporter_id is not None and case.reporter_id == getattr(actor, "pk", None)


def may_act_on(actor: Any, case: Case, rule: Rule) -> bool:
    """Acting needs the case in the actor's scope; a report of one's own outside it (a confirmed point in another
    township) is only read, commented, reopened or rated as its reporter, never handled from outside."""
    return visible(actor, case, own=False) or ("reporter" in rule.roles and own_report(actor, case))


def visible(actor: Any, case: Case, *, own: bool = True) -> bool:
    """The same rule as ``Case.objects.visible_to``, answered without a query when the jurisdiction decides; and the
    reporter always sees their own report (even one that landed outside their jurisdiction) unless ``own`` is
    False."""
    if seen_by_area(actor, case.area_code):
        return True
    if own and own_report(actor, case):
        return True
    return Case.objects.visible_to(actor).filter(pk=case.pk).exists()


def visible_among(reader: Any, cases: list[Case]) -> list[Case]:
    """The cases of ``cases`` that ``reader`` may see, in order: the rule of ``Case.objects.visible_to``, with at
    most one query (for the cases the jurisdiction alone does not decide)."""
    sure = {c.pk for c in cases if seen_by_area(reader, c.area_code)}
    unsure = [c.pk for c in cases if c.pk not in sure]
    seen = set(Case.objects.visible_to(reader).filter(pk__in=unsure).values_list("pk", flat=True)) if unsure else set()
    return [c for c in cases if c.pk in sure or c.pk in seen]


def write_entry(case: Case, actor: Any, action: str, from_status: str, to_status: str, note: str,
                data: dict[str, Any], now: datetime) -> TimelineEntry:
    if actor == SYSTEM:
        user, label = None, "system"
    elif actor is None or not getattr(actor, "is_authenticated", False):
        user, label = None, "citizen"
    else:
        staff = staff_of(actor)
        with translation.override(settings.LANGUAGE_CODE):  # a record, in the official language (not the page's)
            user, label = actor, (f"{staff.name} ({Role(staff.role).label})" if staff else actor.get_username())
    entry = TimelineEntry(case=case, at=now, actor=user, actor_label=label[:100], action=action,
                          from_status=from_status, to_status=to_status, note=note, data=data)
    rows.insert(entry)
    return entry


from .handlers import APPLY  # noqa: E402  (the handlers use the helpers above; take_action uses them)
