"""Every change to a case: ``report_case`` creates one, ``take_action`` applies a named action.

Each call checks permission and status against ``rules.RULES``, changes the case, writes one timeline entry and
updates the KPI rollups, all in one transaction; a refused action raises ``ActionError`` and changes nothing.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridgov.geo.coords import metres_between, to_wgs84
from gridgov.geo.locator import get_locator
from gridgov.geo.scoping import jurisdiction_of
from gridgov.org import directory
from gridgov.org.models import Role, Staff, Unit
from gridgov.worktime.calendar import deadline_for

from . import kpis
from .models import (
    OPEN_STATUSES,
    Attachment,
    Case,
    CaseCounter,
    Category,
    Channel,
    Kind,
    Reminder,
    Status,
    TimelineEntry,
)
from .routing import escalation_target, nearest_centre, route
from .rules import (
    ACTION_LABELS,
    FEEDBACK_FIELDS,
    FIELD,
    MAX_EXTENSION,
    OUTCOMES,
    REFERRAL_STAGES,
    REOPEN_DAYS,
    RULES,
    Rule,
)

SYSTEM = "system"
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
            "role": staff.get_role_display(), "action": ACTION_LABELS[rule.name]})
    if rule.by_handling_unit and staff.unit_id != case.handling_unit_id:
        return Forbidden(_("only the unit handling the case (%(unit)s) may “%(action)s” it") % {
            "unit": case.handling_unit, "action": ACTION_LABELS[rule.name]})
    return None


def allowed_actions(user: Any, case: Case) -> list[str]:
    staff = staff_of(user)
    return [name for name, rule in RULES.items() if refusal(rule, user, staff, case) is None]


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
    qs = Case.objects.filter(
        category=category, status__in=OPEN_STATUSES, lon__range=(lon - dlon, lon + dlon),
        lat__range=(lat - dlat, lat + dlat),
        created_at__gte=now - timedelta(hours=settings.GRIDGOV_DUPLICATE_HOURS),
    ).exclude(status=Status.MERGED).exclude(pk=exclude).order_by("created_at")[:20]
    return [c for c in qs if metres_between(lon, lat, c.lon, c.lat) <= metres]


def report_case(reporter: Any, *, category: Category, description: str, lon: float, lat: float, crs: str = "wgs84",
                channel: str = Channel.GRID_APP, urgency: str = "normal", idempotency_key: str | None = None,
                citizen_name: str = "", citizen_phone: str = "", self_handle: bool = False,
                now: datetime | None = None, kind: str = Kind.EVENT, data: dict[str, Any] | None = None) -> Reported:
    """A new case from a report. The same ``idempotency_key`` again returns the first case, never a second one."""
    now = now or timezone.now()
    if idempotency_key and (existing := Case.objects.filter(idempotency_key=idempotency_key).first()):
        return Reported(existing, False, [])
    x, y = to_wgs84(lon, lat, crs)
    locator = get_locator()
    found = locator.index.locate(x, y) if locator.index else -1
    if found < 0:
        raise ActionError(_("the location is outside the jurisdiction: check the point and its coordinate system"))
    path = [vars(step) for step in locator.path(found)]
    area_id, area_code = locator.snap.ids[found], path[-1]["code"]
    staff = staff_of(reporter)
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
            case.save()
            data = {"kind": kind, **(data or {})}  # the kind on the timeline: KPIs are read from the timeline alone
            if case.register_due:
                data["register_due"] = case.register_due.isoformat()
            entry = write_entry(case, reporter, "self_handle" if self_handle else "report", "",
                           case.status, description[:200], data, now)
            kpis.apply_delta(kpis.NOTHING, kpis.state(case, [kpis.event_of(entry)]))
    except IntegrityError:
        if idempotency_key and (existing := Case.objects.filter(idempotency_key=idempotency_key).first()):
            return Reported(existing, False, [])
        raise
    return Reported(case, True, [] if self_handle else find_duplicates(category, x, y, now, exclude=case.pk))


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
        case = Case.objects.select_for_update().filter(pk=case_id).first()
        if case is not None:
            case.category = category(case.category_id)
        if case is None or (actor not in (None, SYSTEM) and not visible(actor, case)):
            raise NotFound(_("no such case in your jurisdiction"))
        if (err := refusal(rule, actor, staff, case)) is not None:
            raise err
        events = kpis.case_events(case)
        before = kpis.state(case, events)
        ctx = Context(case, actor, staff, now, dict(fields or {}), note)
        from_status = case.status
        APPLY[action](ctx)
        to_status = rule.to if rule.to not in (None, "*") else (ctx.to_status or case.status)
        case.status = to_status
        case.save()
        entry = write_entry(case, actor, action, from_status, to_status, note, ctx.data, now)
        if attachments:
            linked = Attachment.objects.filter(case=case, entry__isnull=True, pk__in=attachments).update(entry=entry)
            if linked != len(set(attachments)):
                raise ActionError(_("attachments must be files uploaded to this case and not yet used"))
        kpis.apply_delta(before, kpis.state(case, [*events, kpis.event_of(entry)]))
    return case


def visible(actor: Any, case: Case) -> bool:
    """The same rule as ``Case.objects.visible_to``, answered without a query when the jurisdiction decides."""
    if jurisdiction_of(actor).covers(case.area_code):
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
        user, label = actor, (f"{staff.name} ({staff.get_role_display()})" if staff else actor.get_username())
    return TimelineEntry.objects.create(case=case, at=now, actor=user, actor_label=label[:100], action=action,
                                        from_status=from_status, to_status=to_status, note=note, data=data)


def _need(ctx: Context, name: str, kind: type) -> Any:
    value = ctx.fields.get(name)
    if value is None or not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ActionError(_("this action needs '%(name)s' (%(kind)s)") % {"name": name, "kind": kind.__name__})
    return value


def _set_handle_due(ctx: Context, due: datetime) -> None:
    ctx.case.handle_due = due
    ctx.case.overdue = False
    ctx.data["handle_due"] = due.isoformat()


def register_case(ctx: Context) -> None:
    c = ctx.case
    c.routed_unit = route(c.category, c.area_path)
    own = directory.unit(ctx.staff.unit_id) if ctx.staff else None
    if own is not None and own.kind == "centre":
        c.owner_unit = own
    c.dispatch_due = deadline(c, "dispatch", ctx.now)
    ctx.data.update({"routed_unit": c.routed_unit_id, "dispatch_due": c.dispatch_due.isoformat()})


def verify_case(ctx: Context) -> None:
    ctx.case.verified = True


def void_case(ctx: Context) -> None:
    if not ctx.note:
        raise ActionError(_("say why the case is voided (note)"))


def merge_case(ctx: Context) -> None:
    into_id = _need(ctx, "into", int)
    target = Case.objects.filter(pk=into_id, status__in=OPEN_STATUSES).exclude(status=Status.MERGED).first()
    if target is None or target.pk == ctx.case.pk:
        raise ActionError(_("merge needs 'into': another open case"))
    ctx.case.merged_into = target
    ctx.data["into"] = target.number


def _unit_field(ctx: Context, default: Unit | None) -> Unit:
    unit_id = ctx.fields.get("unit")
    unit = directory.unit(unit_id) if unit_id else default
    if unit is None:
        raise ActionError(_("no unit: routing found none, name one with 'unit'"))
    return unit


def dispatch_case(ctx: Context) -> None:
    c = ctx.case
    unit = _unit_field(ctx, directory.unit(c.routed_unit_id) or route(c.category, c.area_path))
    c.handling_unit = unit
    c.involved_units.add(unit)
    also = [u for u in (directory.unit(pk) for pk in ctx.fields.get("also") or []) if u is not None]
    if also:  # a joint reception: the other counters see the case and work on it beside the lead unit
        c.involved_units.add(*also)
        ctx.data["also"] = [u.pk for u in also]
    _set_handle_due(ctx, deadline(c, "handle", ctx.now))
    ctx.data.update({"unit": unit.pk, "unit_name": unit.name, "overridden": unit.pk != c.routed_unit_id})


def accept_case(ctx: Context) -> None:
    pass


def return_case(ctx: Context) -> None:
    if not ctx.note:
        raise ActionError(_("say why the case is not yours (note)"))
    ctx.data["unit"] = ctx.case.handling_unit_id
    ctx.case.handling_unit = None
    ctx.case.handle_due = None
    ctx.case.dispatch_due = deadline(ctx.case, "dispatch", ctx.now)


def request_extension(ctx: Context) -> None:
    from gridgov.worktime.calendar import BadSpec, parse_spec

    spec = _need(ctx, "extension", str)
    try:
        parse_spec(spec)
    except BadSpec as exc:
        raise ActionError(str(exc)) from exc
    if (limit := MAX_EXTENSION.get(ctx.case.kind)) and deadline_for(ctx.now, spec) > deadline_for(ctx.now, limit):
        raise ActionError(_("an extension of a %(kind)s is at most %(limit)s") % {
            "kind": Kind(ctx.case.kind).label, "limit": limit})
    ctx.case.pending_extension = spec
    ctx.data["extension"] = spec


def approve_extension(ctx: Context) -> None:
    c = ctx.case
    _set_handle_due(ctx, deadline_for(max(c.handle_due or ctx.now, ctx.now), c.pending_extension))
    ctx.data["extension"] = c.pending_extension
    c.pending_extension = ""


def reject_extension(ctx: Context) -> None:
    ctx.data["extension"] = ctx.case.pending_extension
    ctx.case.pending_extension = ""


def submit_feedback(ctx: Context) -> None:
    if not ctx.note:
        raise ActionError(_("describe what was done (note)"))
    if FEEDBACK_FIELDS.get(ctx.case.kind) == "outcome":
        outcome = ctx.fields.get("outcome")
        if outcome not in OUTCOMES:
            raise ActionError(_("say how the mediation ended: %(outcomes)s") % {"outcomes": ", ".join(OUTCOMES)})
        ctx.data["outcome"] = outcome
    if ctx.fields.get("first_visit"):
        ctx.data["first_visit"] = True  # solved at the petitioner's first visit
    if (unit := directory.unit(ctx.case.handling_unit_id)) is not None:
        ctx.data["level"] = unit.area.level  # where it was solved: village 3, township 2, district 1
    ctx.case.check_due = deadline(ctx.case, "check", ctx.now)
    ctx.case.pending_extension = ""
    ctx.data["check_due"] = ctx.case.check_due.isoformat()


def check_case(ctx: Context) -> None:
    passed = _need(ctx, "passed", bool)
    ctx.to_status = Status.CHECKED if passed else Status.CHECK_FAILED
    ctx.data["passed"] = passed


def rework_case(ctx: Context) -> None:
    _set_handle_due(ctx, deadline(ctx.case, "handle", ctx.now))


def close_case(ctx: Context) -> None:
    ctx.case.closed_at = ctx.now


def escalate_case(ctx: Context) -> None:
    c = ctx.case
    target = escalation_target(c.category, c.handling_unit) if c.handling_unit else None
    if target is None:
        raise Conflict(_("the case is already with the highest level"))
    ctx.data.update({"from_unit": c.handling_unit_id, "unit": target.pk, "unit_name": target.name})
    c.handling_unit = target
    c.involved_units.add(target)
    c.escalations += 1
    _set_handle_due(ctx, deadline(c, "handle", ctx.now))
    Reminder.objects.create(case=c, unit=target, at=ctx.now, reason="escalated",
                            message=f"{c.number} escalated to {target.name}")


def supervise_case(ctx: Context) -> None:
    if not ctx.note:
        raise ActionError(_("write the supervision instruction (note)"))
    if ctx.case.handling_unit_id:
        Reminder.objects.create(case=ctx.case, unit=ctx.case.handling_unit, at=ctx.now, reason="supervised",
                                message=f"{ctx.case.number}: {ctx.note[:250]}")


def suspend_case(ctx: Context) -> None:
    if not ctx.note:
        raise ActionError(_("say why the case is suspended (note)"))
    ctx.case.suspended_from = ctx.case.status


def resume_case(ctx: Context) -> None:
    ctx.to_status = ctx.case.suspended_from or Status.IN_PROGRESS
    ctx.case.suspended_from = ""
    if ctx.case.handle_due:
        _set_handle_due(ctx, deadline(ctx.case, "handle", ctx.now))


def reopen_case(ctx: Context) -> None:
    c = ctx.case
    if ctx.actor != SYSTEM and (staff_of(ctx.actor) is None or staff_of(ctx.actor).role != Role.DISPATCHER):
        days = REOPEN_DAYS.get(c.kind, settings.GRIDGOV_REOPEN_DAYS)
        limit = c.closed_at + timedelta(days=days) if c.closed_at else ctx.now
        if ctx.now > limit:
            raise Conflict(_("a case can be reopened by its reporter within %(days)d days") % {"days": days})
    c.closed_at = None
    c.rating = None
    c.handling_unit = None
    c.handle_due = None
    c.dispatch_due = deadline(c, "dispatch", ctx.now)


def rate_case(ctx: Context) -> None:
    rating = _need(ctx, "rating", int)
    if not 1 <= rating <= 5:
        raise ActionError(_("rating must be 1 to 5"))
    ctx.case.rating = rating
    ctx.data["rating"] = rating


def comment_case(ctx: Context) -> None:
    if not ctx.note:
        raise ActionError(_("a comment needs a note"))


def record_session(ctx: Context) -> None:
    """A mediation session: when, who took part; the note holds what was said and agreed."""
    held_on = str(ctx.fields.get("held_on") or timezone.localdate(ctx.now).isoformat())
    try:
        day = date.fromisoformat(held_on)
    except ValueError as exc:
        raise ActionError(_("the session date must look like 2026-11-23")) from exc
    if day > timezone.localdate(ctx.now):
        raise ActionError(_("a session is recorded after it was held"))
    participants = str(ctx.fields.get("participants") or "").strip()
    if not participants:
        raise ActionError(_("name who took part in the session"))
    ctx.data.update({"held_on": held_on, "participants": participants[:500]})


def refer_case(ctx: Context) -> None:
    """A failed mediation goes on along the chain (administrative mediation, labour arbitration, the court's
    litigation service), each a hand-off with its own deadline; its outcome is the next feedback or referral."""
    c = ctx.case
    stage = ctx.fields.get("stage")
    if stage not in REFERRAL_STAGES:
        raise ActionError(_("refer to one of: %(stages)s") % {"stages": ", ".join(REFERRAL_STAGES)})
    department, spec = REFERRAL_STAGES[stage]
    unit = directory.unit(ctx.fields["unit"]) if ctx.fields.get("unit") else next(
        (u for step in reversed(c.area_path) for u in directory.serving(step["code"]) if u.department == department),
        None)
    if unit is None:
        raise ActionError(_("no unit for %(stage)s: name one with 'unit'") % {"stage": stage})
    ctx.data.update({"stage": stage, "from_unit": c.handling_unit_id, "unit": unit.pk, "unit_name": unit.name})
    c.handling_unit = unit
    c.involved_units.add(unit)
    _set_handle_due(ctx, deadline_for(ctx.now, spec))


def follow_up(ctx: Context) -> None:
    """A visit after the agreement: did it hold?"""
    held = ctx.fields.get("held")
    if not isinstance(held, bool):
        raise ActionError(_("say whether the agreement held (held: true or false)"))
    ctx.data["held"] = held


APPLY: dict[str, Callable[[Context], None]] = {
    "register": register_case, "verify": verify_case, "void": void_case, "merge": merge_case,
    "dispatch": dispatch_case, "accept": accept_case, "return": return_case,
    "request_extension": request_extension, "approve_extension": approve_extension,
    "reject_extension": reject_extension, "submit_feedback": submit_feedback, "check": check_case,
    "rework": rework_case, "close": close_case, "escalate": escalate_case, "supervise": supervise_case,
    "suspend": suspend_case, "resume": resume_case, "reopen": reopen_case, "rate": rate_case,
    "comment": comment_case, "record_session": record_session, "refer": refer_case, "follow_up": follow_up,
}
assert set(APPLY) == set(RULES), "every declared action needs exactly one handler"
