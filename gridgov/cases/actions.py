"""Every change to a case: ``report_case`` creates one, ``take_action`` applies a named action.

Each call checks permission and status against ``rules.RULES``, changes the case, writes one timeline entry and
updates the KPI rollups, all in one transaction; a refused action raises ``ActionError`` and changes nothing.
"""

from __future__ import annotations

import copy
import math
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridgov import rows
from gridgov.geo.coords import metres_between, to_wgs84
from gridgov.geo.locator import get_locator
from gridgov.geo.scoping import jurisdiction_of
from gridgov.org.models import Role, Staff
from gridgov.worktime.calendar import deadline_for

from . import kpis
from .models import (
    Attachment,
    Case,
    CaseCounter,
    Category,
    Channel,
    Kind,
    Status,
    TimelineEntry,
)
from .placement import misplaced
from .routing import nearest_centre
from .rules import ACTION_LABELS, FIELD, RULES, SYSTEM, Rule
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


_categories: dict[int, Category] = {}


def _reload_categories() -> None:
    _categories.clear()
    _categories.update({c.pk: c for c in Category.objects.all()})


def category(pk: int) -> Category:
    """Categories by id, cached in the process (reloaded when one is missing; ``Category`` saves clear it)."""
    if pk not in _categories:
        _reload_categories()
    return _categories[pk]


def category_by_code(code: str) -> Category | None:
    found = next((c for c in _categories.values() if c.code == code), None)
    if found is None:
        _reload_categories()
        found = next((c for c in _categories.values() if c.code == code), None)
    return found


def deadline(case: Case, step: str, start: datetime) -> datetime:
    spec = (case.category.deadlines.get(case.urgency) or {}).get(step) or DEFAULT_DEADLINES[case.urgency][step]
    return deadline_for(start, spec)


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
        refused = Forbidden(_("citizens may not “%(action)s” a case") % {"action": ACTION_LABELS[rule.name]})
        return None if "reporter" in rule.roles else refused
    if "reporter" in rule.roles and is_reporter:
        return None
    if staff is None:
        return Forbidden(_("only staff of the grid can act on cases"))
    if staff.role == Role.ADMINISTRATOR:
        return None
    if staff.role not in rule.roles:
        return Forbidden(_("a %(role)s may not “%(action)s” a case") % {
            "role": Role(staff.role).label, "action": ACTION_LABELS[rule.name]})
    if rule.by_handling_unit and staff.unit_id != case.handling_unit_id:
        return Forbidden(_("only the unit handling the case (%(unit)s) may “%(action)s” it") % {
            "unit": case.handling_unit, "action": ACTION_LABELS[rule.name]})
    return None


def allowed_actions(user: Any, case: Case) -> list[str]:
    staff = staff_of(user)
    return [name for name, rule in RULES.items()  # the status test first: it alone rules out most actions, cheaply
            if case.status in rule.from_statuses and refusal(rule, user, staff, case) is None]


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


def find_duplicates(category: Category, lon: float, lat: float, now: datetime,
                    exclude: int | None = None) -> list[Case]:
    """Open cases of the same category within GRIDGOV_DUPLICATE_METRES and GRIDGOV_DUPLICATE_HOURS."""
    metres = settings.GRIDGOV_DUPLICATE_METRES
    dlat = metres / 111_320.0
    dlon = dlat / max(0.1, abs(math.cos(math.radians(lat))))
    near = open_cases_near(category.pk, (lon - dlon, lon + dlon), (lat - dlat, lat + dlat),
                           now - timedelta(hours=settings.GRIDGOV_DUPLICATE_HOURS), exclude)
    return [c for c in near if metres_between(lon, lat, c.lon, c.lat) <= metres]


def report_case(reporter: Any, *, category: Category, description: str, lon: float, lat: float, crs: str = "wgs84",
                channel: str = Channel.GRID_APP, urgency: str = "normal", idempotency_key: str | None = None,
                citizen_name: str = "", citizen_phone: str = "", self_handle: bool = False,
                now: datetime | None = None, kind: str = Kind.EVENT, data: dict[str, Any] | None = None,
                confirm_location: bool = True) -> Reported:
    """A new case from a report. The same ``idempotency_key`` again returns the first case, never a second one.
    ``confirm_location=False``: a staff report far from the reporter's area is refused with ``LocationUnconfirmed``
    (the phone asks first, see ``placement``)."""
    now = now or timezone.now()
    if idempotency_key and (existing := case_by_idempotency_key(idempotency_key)):
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
        if staff is None or staff.role != Role.GRID_WORKER:
            raise Forbidden(_("only a grid worker can record a case solved on the spot"))
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
            data = {"kind": kind, **(data or {})}  # the kind on the timeline: KPIs are read from the timeline alone
            if case.register_due:
                data["register_due"] = case.register_due.isoformat()
            entry = write_entry(case, reporter, "self_handle" if self_handle else "report", "",
                           case.status, description[:200], data, now)
            kpis.apply_delta(kpis.NOTHING, kpis.state(case, [kpis.event_of(entry)]))
    except IntegrityError:
        if idempotency_key and (existing := case_by_idempotency_key(idempotency_key)):
            return Reported(existing, False, [])
        raise
    return Reported(case, True, [] if self_handle else find_duplicates(category, x, y, now, exclude=case.pk))


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
        if case is None or (actor not in (None, SYSTEM) and not visible(actor, case)):
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
        entry.files = []
        if attachments:
            linked = Attachment.objects.filter(case=case, entry__isnull=True, pk__in=attachments).update(entry=entry)
            if linked != len(set(attachments)):
                raise ActionError(_("attachments must be files uploaded to this case and not yet used"))
            entry.files = list(Attachment.objects.filter(entry=entry).order_by("id"))
        kpis.apply_delta(before, kpis.state(case, [*events, kpis.event_of(entry)]))
    case.history = [*entries, entry]  # what the caller shows next, without reading it again
    return case


def _snapshot(case: Case) -> dict[str, Any]:
    """The case's column values, to save only what an action changed (JSON values copied: handlers may edit them)."""
    return {f.attname: copy.deepcopy(v) if isinstance(v := getattr(case, f.attname), list | dict) else v
            for f in Case._meta.concrete_fields if not f.primary_key and f.name != "updated_at"}


def visible(actor: Any, case: Case) -> bool:
    """The same rule as ``Case.objects.visible_to``, answered without a query when the jurisdiction decides; and the
    reporter always sees their own report (even one that landed outside their jurisdiction)."""
    if jurisdiction_of(actor).covers(case.area_code):
        return True
    if case.reporter_id is not None and case.reporter_id == getattr(actor, "pk", None):
        return True
    return Case.objects.visible_to(actor).filter(pk=case.pk).exists()


def write_entry(case: Case, actor: Any, action: str, from_status: str, to_status: str, note: str,
                data: dict[str, Any], now: datetime) -> TimelineEntry:
    if actor == SYSTEM:
        user, label = None, "system"
    elif actor is None or not getattr(actor, "is_authenticated", False):
        user, label = None, "citizen"
    else:
        staff = staff_of(actor)
        user, label = actor, (f"{staff.name} ({Role(staff.role).label})" if staff else actor.get_username())
    entry = TimelineEntry(case=case, at=now, actor=user, actor_label=label[:100], action=action,
                          from_status=from_status, to_status=to_status, note=note, data=data)
    rows.insert(entry)
    return entry


from .handlers import APPLY  # noqa: E402  (the handlers use the helpers above; take_action uses them)
