"""What each action does to a case, once ``take_action`` has checked it may be taken: one handler per action in
``rules.RULES``. A handler changes the case and records on ``ctx.data`` what the timeline entry should say; it raises
``ActionError`` to refuse, and the whole action (case, timeline, rollups) is rolled back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from gridgov.org import directory
from gridgov.org.models import Role, Unit
from gridgov.worktime.calendar import deadline_for

from .actions import SYSTEM, ActionError, Conflict, Context, deadline, staff_of, visible
from .models import OPEN_STATUSES, Case, Kind, Status
from .notices import notify_case, say, text_reporter, to_grid
from .routing import escalation_target, route, serves
from .rules import FEEDBACK_FIELDS, MAX_EXTENSION, OUTCOMES, REFERRAL_STAGES, REOPEN_DAYS, REPLY_FROM_ACCEPTANCE, RULES


def _need(ctx: Context, name: str, kind: type) -> Any:
    value = ctx.fields.get(name)
    if value is None or not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ActionError(_("this action needs '%(name)s' (%(kind)s)") % {"name": name, "kind": kind.__name__})
    return value


def _set_handle_due(ctx: Context, due: datetime) -> None:
    ctx.case.handle_due = due
    ctx.case.overdue = False
    ctx.case.deadline_warn_at = due - (due - ctx.now) * settings.GRIDGOV_DEADLINE_WARNING if due > ctx.now else None
    ctx.data["handle_due"] = due.isoformat()


def register_case(ctx: Context) -> None:
    c = ctx.case
    c.routed_unit = route(c.category, c.area_path)
    own = directory.unit(ctx.staff.unit_id) if ctx.staff else None
    if own is not None and own.kind == "centre":
        c.owner_unit = own
    c.dispatch_due = deadline(c, "dispatch", ctx.now)
    ctx.data.update({"routed_unit": c.routed_unit_id, "dispatch_due": c.dispatch_due.isoformat()})
    if c.kind in REPLY_FROM_ACCEPTANCE and c.handle_due is None:  # the statutory reply period runs from acceptance
        _set_handle_due(ctx, deadline(c, "handle", ctx.now))
    text_reporter(c, "registered", ctx.now)


def verify_case(ctx: Context) -> None:
    ctx.case.verified = True


def void_case(ctx: Context) -> None:
    if not ctx.note:
        raise ActionError(_("say why the case is voided (note)"))


def merge_case(ctx: Context) -> None:
    """Into another open case of the same kind that the actor can see (never into another jurisdiction's case: the
    reporter's tracking code would then show, and rate, that case). The target is locked, so two cases merged into
    each other at the same moment cannot make a loop; a target being changed right now is a conflict to retry."""
    into_id = _need(ctx, "into", int)
    refused = ActionError(_("merge needs 'into': another open case of the same kind in your jurisdiction"))
    if into_id == ctx.case.pk:
        raise refused
    try:
        target = Case.objects.select_for_update(nowait=True).filter(pk=into_id).first()
    except DatabaseError as exc:  # PostgreSQL: someone is changing the target right now
        raise Conflict(_("the case to merge into is being changed right now; try again")) from exc
    if target is None or (ctx.actor != SYSTEM and not visible(ctx.actor, target)):
        raise refused
    if target.kind != ctx.case.kind or target.status not in OPEN_STATUSES or target.merged_into_id:
        raise refused
    ctx.case.merged_into = target
    ctx.data["into"] = target.number


def _target(ctx: Context, unit_id: Any) -> Unit:
    """A unit named in the action's fields: one of those serving the case's area (``routing.dispatch_targets``)."""
    unit = directory.unit(unit_id) if isinstance(unit_id, int) and not isinstance(unit_id, bool) else None
    if unit is None or not serves(ctx.case, unit):
        raise ActionError(_("unit %(unit)s does not serve this case's area: pick one of the units offered") % {
            "unit": unit_id})
    return unit


def _unit_field(ctx: Context, default: Unit | None) -> Unit:
    unit_id = ctx.fields.get("unit")
    unit = _target(ctx, unit_id) if unit_id is not None else default
    if unit is None:
        raise ActionError(_("no unit: routing found none, name one with 'unit'"))
    return unit


def dispatch_case(ctx: Context) -> None:
    c = ctx.case
    unit = _unit_field(ctx, directory.unit(c.routed_unit_id) or route(c.category, c.area_path))
    also = [_target(ctx, pk) for pk in ctx.fields.get("also") or []]
    c.handling_unit = unit
    c.involved_units.add(unit)
    if also:  # a joint reception: the other counters see the case and work on it beside the lead unit
        c.involved_units.add(*also)
        ctx.data["also"] = [u.pk for u in also]
    if c.kind not in REPLY_FROM_ACCEPTANCE or c.handle_due is None:  # a counter, again, keeps the legal period
        _set_handle_due(ctx, deadline(c, "handle", ctx.now))
    ctx.data.update({"unit": unit.pk, "unit_name": unit.name, "overridden": unit.pk != c.routed_unit_id})
    for to in dict.fromkeys([unit, *also]):  # the lead unit and each counter of a joint reception, once
        notify_case(c, "dispatched", say("dispatched", c, unit=unit.name), unit=to, at=ctx.now)


def accept_case(ctx: Context) -> None:
    pass


def return_case(ctx: Context) -> None:
    if not ctx.note:
        raise ActionError(_("say why the case is not yours (note)"))
    ctx.data["unit"] = ctx.case.handling_unit_id
    ctx.case.handling_unit = None
    if ctx.case.kind not in REPLY_FROM_ACCEPTANCE:
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
    _extension_decided(ctx, "extension_approved")
    c.pending_extension = ""


def reject_extension(ctx: Context) -> None:
    ctx.data["extension"] = ctx.case.pending_extension
    _extension_decided(ctx, "extension_rejected")
    ctx.case.pending_extension = ""


def _extension_decided(ctx: Context, what: str) -> None:
    """The unit that asked (only the handling unit may ask: ``rules``) hears the decision."""
    notify_case(ctx.case, "extension", say(what, ctx.case, extension=ctx.case.pending_extension),
                unit=ctx.case.handling_unit, at=ctx.now)


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
    to_grid(ctx.case, "check", ctx.now)


def check_case(ctx: Context) -> None:
    passed = _need(ctx, "passed", bool)
    ctx.to_status = Status.CHECKED if passed else Status.CHECK_FAILED
    ctx.data["passed"] = passed


def rework_case(ctx: Context) -> None:
    _set_handle_due(ctx, deadline(ctx.case, "handle", ctx.now))


def close_case(ctx: Context) -> None:
    ctx.case.closed_at = ctx.now
    text_reporter(ctx.case, "closed", ctx.now)


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
    notify_case(c, "escalated", say("escalated", c, unit=target.name), unit=target, at=ctx.now)


def mark_overdue(ctx: Context) -> None:
    """The scan: the deadline named by ``due`` (``handle_due`` or ``register_due``) has passed; remind whoever holds
    the case. Refused when the case is not (or no longer) overdue, e.g. another scan got there first."""
    c, due_field = ctx.case, ctx.fields.get("due")
    due = getattr(c, due_field) if due_field in ("handle_due", "register_due") else None
    if c.overdue or due is None or due >= ctx.now:
        raise Conflict(_("the case is not overdue"))
    c.overdue = c.went_overdue = True
    ctx.data[due_field] = due.isoformat()
    notify_case(c, "overdue", say("overdue", c), unit=c.handling_unit or c.owner_unit, at=ctx.now)


def supervise_case(ctx: Context) -> None:
    if not ctx.note:
        raise ActionError(_("write the supervision instruction (note)"))
    if ctx.case.handling_unit_id:
        notify_case(ctx.case, "supervised", say("supervised", ctx.case, note=ctx.note[:250]),
                    unit=ctx.case.handling_unit, at=ctx.now)


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
    if isinstance(source := ctx.fields.get("source"), str):  # the rater's address, keyed (tracking.citizen_action)
        ctx.data["source"] = source[:32]
    notify_case(ctx.case, "rating", say("rating", ctx.case, rating=rating),
                unit=ctx.case.handling_unit or ctx.case.owner_unit, at=ctx.now)


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
    unit = _target(ctx, ctx.fields["unit"]) if ctx.fields.get("unit") is not None else next(
        (u for step in reversed(c.area_path) for u in directory.serving(step["code"]) if u.department == department),
        None)
    if unit is None:
        raise ActionError(_("no unit for %(stage)s: name one with 'unit'") % {"stage": stage})
    ctx.data.update({"stage": stage, "from_unit": c.handling_unit_id, "unit": unit.pk, "unit_name": unit.name})
    c.handling_unit = unit
    c.involved_units.add(unit)
    _set_handle_due(ctx, deadline_for(ctx.now, spec))
    notify_case(c, "dispatched", say("referred", c, unit=unit.name), unit=unit, at=ctx.now)


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
    "overdue": mark_overdue,
}
assert set(APPLY) == set(RULES), "every declared action needs exactly one handler"
