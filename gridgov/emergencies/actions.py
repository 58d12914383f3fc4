"""Every write of emergencies and scenarios: switching an area into an emergency and back, recording visits and
daily reports, handing a need to the normal loop, instantiating a scenario and ticking its tasks. Each checks who
may, changes, audits and notifies in one transaction; a refusal raises ``ActionError`` and changes nothing."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from typing import Any

import shapely
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gridgov.audit.actions import record_event
from gridgov.cases.actions import ActionError, Conflict, Forbidden, NotFound, report_case, staff_of
from gridgov.cases.catalogue import category_by_code
from gridgov.cases.models import Channel
from gridgov.geo.models import Area, code_length, level_of_code, scope_prefix
from gridgov.geo.scoping import jurisdiction_of
from gridgov.notify.actions import notify
from gridgov.notify.models import Kind as NoticeKind
from gridgov.org.models import Role, Staff, Unit
from gridgov.revisions.cache import bump
from gridgov.types import FIRST_DAY, LAST_DAY
from gridgov.volunteers.actions import call_members
from gridgov.volunteers.models import Activity, ActivityKind, Call, Team

from . import drawing
from .models import (
    DailyReport,
    Emergency,
    GridTask,
    NeedCase,
    Plan,
    Scenario,
    ScenarioTask,
    ScenarioTemplate,
    VisitBatch,
)

SWITCH_LEVELS = (1, 2, 3)  # the district, a township or a village
MAX_COUNT = 10_000  # households in one batch: far above any building or street
VISITORS = (Role.GRID_WORKER, Role.GRID_LEADER)
CALLERS = (Role.LEADER, Role.DISPATCHER)  # besides the team's own leading unit (the system administrator configures)
MAX_CALLUP_HOURS = 72


def local_day(at: datetime) -> Any:
    return timezone.localtime(at).date()


def may_command(user: Any) -> bool:
    """Leaders, district dispatchers and the system administrator switch areas and instantiate scenarios."""
    if getattr(user, "is_superuser", False):
        return True
    staff = staff_of(user)
    return staff is not None and (staff.role in (Role.LEADER, Role.ADMINISTRATOR)
                                  or (staff.role == Role.DISPATCHER and staff.area.level == 1))


def _check_commander(user: Any) -> None:
    if not may_command(user):
        raise Forbidden(_("only a leader or a district dispatcher switches an area into an emergency"))


def leaves(area_code: str) -> Any:
    """The finest grids under (or equal to) an area: areas without children."""
    return Area.objects.filter(code__startswith=scope_prefix(area_code)).filter(
        ~Exists(Area.objects.filter(parent=OuterRef("pk")))).order_by("code")


def tell_area(area_code: str, *, subject: str, message: str, url: str, emergency: Emergency, at: datetime) -> int:
    """Every active staff member of the area: through their unit when they have one, in person otherwise."""
    staff = Staff.objects.filter(active=True, area__code__startswith=scope_prefix(area_code))
    units = Unit.objects.filter(pk__in=staff.exclude(unit=None).values("unit_id")).order_by("pk")
    sent = 0
    for unit in units:
        notify(NoticeKind.EMERGENCY, subject=subject, message=message, url=url, unit=unit, object_type="emergency",
               object_id=emergency.pk, area_code=area_code, at=at)
        sent += 1
    for person in staff.filter(unit=None).select_related("user"):
        notify(NoticeKind.EMERGENCY, subject=subject, message=message, url=url, user=person.user,
               object_type="emergency", object_id=emergency.pk, area_code=area_code, at=at)
        sent += 1
    return sent


def switch_on(user: Any, *, area_code: str, plan_code: str, reason: str, start: datetime | None = None,
              now: datetime | None = None) -> tuple[Emergency, int]:
    """Switch an area into an emergency under a plan; its door-to-door campaign starts with one task per finest grid.
    Returns the emergency and the number of tasks created."""
    now = now or timezone.now()
    _check_commander(user)
    area = Area.objects.visible_to(user).filter(code=area_code).first()
    if area is None:
        raise NotFound(_("no such area in your jurisdiction"))
    if area.level not in SWITCH_LEVELS:
        raise ActionError(_("switch the district, a township or a village, not a grid"))
    plan = Plan.objects.filter(code=plan_code, active=True).first()
    if plan is None:
        raise ActionError(_("no such plan: choose one of the plans listed"))
    reason = reason.strip()
    if not reason or len(reason) > 500:
        raise ActionError(_("give the reason, at most 500 characters"))
    for other in Emergency.objects.filter(ended_at=None):
        if other.area_code.startswith(area.code) or area.code.startswith(other.area_code):
            raise Conflict(_("%(area)s is already in an emergency") % {"area": other.area.name})
    with transaction.atomic():
        e = Emergency.objects.create(plan=plan, area=area, area_code=area.code, reason=reason,
                                     started_at=start or now, started_by=user if user.is_authenticated else None)
        grids = leaves(area.code).values_list("pk", "code", "households")
        made = GridTask.objects.bulk_create(
            [GridTask(emergency=e, area_id=pk, area_code=code, target=households or 0)
             for pk, code, households in grids], batch_size=2000)
        bump(GridTask._meta.db_table)
        record_event(user, "switch_emergency_on", e, {"area": area.code, "plan": plan.code, "reason": reason,
                                                      "tasks": len(made)})
        tell_area(area.code, subject=f"{plan.name} · {area.name}", message=reason,
                  url=reverse("emergencies:detail", args=[e.pk]), emergency=e, at=now)
    return e, len(made)


def switch_off(user: Any, emergency_id: int, *, summary: str, now: datetime | None = None) -> Emergency:
    """Back to peacetime: the summary is the commander's words followed by the campaign's figures."""
    from .progress import totals

    now = now or timezone.now()
    e = Emergency.objects.visible_to(user).filter(pk=emergency_id).select_related("plan", "area").first()
    if e is None:
        raise NotFound(_("no such emergency in your jurisdiction"))
    _check_commander(user)
    if not jurisdiction_of(user).covers(e.area_code):  # seen from below (a township sees the district's), not theirs
        raise Forbidden(_("only someone whose jurisdiction covers the whole area of the emergency ends it"))
    if not e.active:
        raise Conflict(_("this emergency has already ended"))
    summary = summary.strip()
    if not summary or len(summary) > 3000:
        raise ActionError(_("write the summary, at most 3000 characters"))
    t = totals(e)
    figures = _("Households visited %(visited)d of %(target)d; needs found %(found)d, met %(met)d; "
                "%(grids)d grids.") % {
        "visited": t["visited"], "target": t["target"], "found": t["needs_found"], "met": t["needs_met"],
        "grids": t["grids"]}
    with transaction.atomic():
        e.ended_at, e.ended_by, e.summary = now, user if user.is_authenticated else None, f"{summary}\n{figures}"
        e.save(update_fields=["ended_at", "ended_by", "summary"])
        record_event(user, "switch_emergency_off", e, {"area": e.area_code, "summary": e.summary})
        tell_area(e.area_code, subject=f"{e.plan.name} · {e.area.name}", message=_("The emergency has ended."),
                  url=reverse("emergencies:detail", args=[e.pk]), emergency=e, at=now)
    return e


def _visitor_task(user: Any, task_id: int) -> tuple[Staff, GridTask]:
    staff = staff_of(user)
    if staff is None or staff.role not in VISITORS:
        raise Forbidden(_("visits are recorded by the grid's leader and workers"))
    task = GridTask.objects.visible_to(user).filter(pk=task_id).select_related("emergency__plan").first()
    if task is None:
        raise NotFound(_("no such grid task in your jurisdiction"))
    if not task.emergency.active:
        raise Conflict(_("this emergency has ended"))
    return staff, task


def _mark_reported(task: GridTask, staff: Staff, now: datetime, *, nothing: bool = False, note: str = "") -> bool:
    _, made = DailyReport.objects.get_or_create(task=task, day=local_day(now), defaults={
        "nothing_to_report": nothing, "note": note, "by": staff, "at": now})
    return made


def record_visits(user: Any, *, task_id: int, place: str, visited: int, nobody_home: int = 0,
                  needs: dict[str, int] | None = None, needs_met: int = 0, note: str = "", idempotency_key: str,
                  now: datetime | None = None) -> tuple[VisitBatch, bool]:
    """A batch of visits to one building or street, as counts. The same key again from the same worker returns the
    first batch (a phone sending again after losing signal)."""
    now = now or timezone.now()
    staff, task = _visitor_task(user, task_id)
    if existing := VisitBatch.objects.filter(worker=staff, idempotency_key=idempotency_key).first():
        return existing, False
    needs = {k: v for k, v in (needs or {}).items() if v}
    unknown = [k for k in needs if not task.emergency.plan.need(k)]
    if unknown:
        raise ActionError(_("unknown kind of need: %(kinds)s") % {"kinds": ", ".join(sorted(unknown))[:100]})
    counts = [visited, nobody_home, needs_met, *needs.values()]
    if any(not isinstance(n, int) or n < 0 or n > MAX_COUNT for n in counts):
        raise ActionError(_("counts are whole numbers from 0 to %(n)d") % {"n": MAX_COUNT})
    found = sum(needs.values())
    if needs_met > found:
        raise ActionError(_("needs met cannot exceed needs found"))
    if visited + nobody_home == 0:
        raise ActionError(_("count at least one household visited or with nobody home"))
    place = place.strip()
    if not place or len(place) > 100 or len(note) > 500:
        raise ActionError(_("name the building or street (at most 100 characters); the note is at most 500"))
    try:
        with transaction.atomic():
            batch = VisitBatch.objects.create(
                task=task, worker=staff, place=place, visited=visited, nobody_home=nobody_home, needs_found=found,
                needs_met=needs_met, needs=needs, note=note, recorded_at=now, idempotency_key=idempotency_key)
            GridTask.objects.filter(pk=task.pk).update(
                visited=F("visited") + visited, nobody_home=F("nobody_home") + nobody_home,
                needs_found=F("needs_found") + found, needs_met=F("needs_met") + needs_met)
            _mark_reported(task, staff, now)
            record_event(user, "record_visits", batch, {"grid": task.area_code, "visited": visited,
                                                        "nobody_home": nobody_home, "needs_found": found})
    except IntegrityError:
        return VisitBatch.objects.get(worker=staff, idempotency_key=idempotency_key), False
    return batch, True


def report_nothing(user: Any, *, task_id: int, note: str = "", now: datetime | None = None) -> bool:
    """Today's report of a grid with nothing new; False when the grid had already reported today."""
    now = now or timezone.now()
    staff, task = _visitor_task(user, task_id)
    if len(note) > 500:
        raise ActionError(_("the note is at most 500 characters"))
    with transaction.atomic():
        made = _mark_reported(task, staff, now, nothing=True, note=note)
        if made:
            record_event(user, "report_nothing", task, {"grid": task.area_code})
    return made


def may_call_up(user: Any, team: Team) -> bool:
    staff = staff_of(user)
    leads_team = staff is not None and staff.unit_id is not None and staff.unit_id == team.unit_id
    return staff is not None and (staff.role in CALLERS or leads_team)


def call_up(user: Any, emergency_id: int, *, team_id: int, area_code: str = "", title: str = "", hours: int = 8,
            member_ids: list[int] | None = None, skill: str = "",
            now: datetime | None = None) -> tuple[Activity, list[Call]]:
    """Volunteers called in for an emergency (the "N" of its "1+3+N" teams): a call-up activity of a team over an
    area inside both the emergency's and the team's (by default the smaller of the two), and one call per member
    (those with a login are notified as for any call). A leader or dispatcher of the area, or the team's leading
    unit, calls."""
    now = now or timezone.now()
    e = Emergency.objects.visible_to(user).filter(pk=emergency_id).select_related("plan").first()
    if e is None:
        raise NotFound(_("no such emergency in your jurisdiction"))
    team = Team.objects.visible_to(user).filter(pk=team_id, active=True).select_related("area").first()
    if team is None:
        raise NotFound(_("no such volunteer team in your jurisdiction"))
    if not may_call_up(user, team):
        raise Forbidden(_("volunteers are called in by a leader or dispatcher of the area, or the team's leading unit"))
    if not e.active:
        raise Conflict(_("this emergency has ended"))
    code = area_code or max(e.area_code, team.area.code, key=len)
    area = Area.objects.visible_to(user).filter(code=code).first()
    if area is None or not code.startswith(e.area_code) or not code.startswith(team.area.code):
        raise ActionError(_("call volunteers to an area of your jurisdiction inside both the emergency's area and "
                            "the team's"))
    if not isinstance(hours, int) or isinstance(hours, bool) or not 1 <= hours <= MAX_CALLUP_HOURS:
        raise ActionError(_("a call-up lasts from 1 to %(n)d hours") % {"n": MAX_CALLUP_HOURS})
    title = (title.strip() or _("%(plan)s: volunteers called in") % {"plan": e.plan.name})[:100]
    with transaction.atomic():
        activity = Activity.objects.create(team=team, kind=ActivityKind.EMERGENCY, title=title, area=area,
                                           starts_at=now, ends_at=now + timedelta(hours=hours), cap_hours=hours,
                                           emergency=e)
        calls = call_members(user, activity, member_ids=member_ids, skill=skill[:50], now=now)
        if not calls:
            raise ActionError(_("nobody to call: no active member of the team matches"))
        record_event(user, "emergency_call_up", e, {"activity": activity.pk, "team": team.pk, "area": code,
                                                    "called": len(calls)})
    return activity, calls


def need_to_case(user: Any, *, task_id: int, need: str, description: str = "", lon: float | None = None,
                 lat: float | None = None, idempotency_key: str | None = None,
                 now: datetime | None = None) -> Any:
    """A need found on a visit (already counted in its batch) becomes a case on the normal loop, at the given point
    or the grid's own; it counts as met when the case is closed."""
    now = now or timezone.now()
    _staff, task = _visitor_task(user, task_id)
    kind = task.emergency.plan.need(need)
    if kind is None:
        raise ActionError(_("unknown kind of need: %(kinds)s") % {"kinds": need[:40]})
    category = category_by_code(kind.get("category", ""))
    if category is None:
        raise ActionError(_("the plan names no category for this need"))
    if lon is None or lat is None:
        p = shapely.point_on_surface(task.area.shape)
        lon, lat = p.x, p.y
    text = description.strip() or _("%(need)s found on a door-to-door visit") % {"need": kind.get("name", need)}
    with transaction.atomic():
        r = report_case(user, category=category, description=text[:2000], lon=lon, lat=lat,
                        channel=Channel.GRID_APP, idempotency_key=idempotency_key, now=now)
        if r.created:
            NeedCase.objects.create(task=task, case=r.case, need=need)
    return r


# -- scenarios --------------------------------------------------------------------------------------------------

def scenario_area(user: Any, *, grids: list[str] | None, boundary: dict | str | None) -> tuple[dict, str]:
    """The scenario's boundary (picked grids merged, or a drawn polygon) and the code of the smallest visible area
    holding it all (a drawn polygon reaching outside the reader's areas is refused)."""
    if grids:
        areas = list(Area.objects.visible_to(user).filter(code__in=grids))
        if len(areas) != len(set(grids)):
            raise NotFound(_("some of these grids are not in your jurisdiction"))
        shape = shapely.union_all([a.shape for a in areas])
        common = os.path.commonprefix([a.code for a in areas])
        code = next(c for c in (common[:code_length(lv)] for lv in range(9, 0, -1)) if level_of_code(c))
        return json.loads(shapely.to_geojson(shape)), code
    if not boundary:
        raise ActionError(_("pick grids or draw the area"))
    shape = drawing.area(boundary)
    return json.loads(shapely.to_geojson(shape)), drawing.holder(user, shape)


def _drawn_layers(user: Any, features: dict | str | None) -> dict:
    """Routes and points drawn for a scenario, checked (see ``drawing.features``) and inside the reader's areas."""
    fc, shapes = drawing.features(features)
    if shapes:
        drawing.holder(user, shapely.union_all(shapes))
    return fc


def instantiate(user: Any, *, template_code: str, name: str, starts_at: datetime, ends_at: datetime | None = None,
                grids: list[str] | None = None, boundary: dict | str | None = None, units: list[int] | None = None,
                features: dict | str | None = None, now: datetime | None = None) -> Scenario:
    """A live scenario from a template: its area (picked grids or drawn), period, responsible units, its tasks
    assigned to them, and the routes and points drawn on its map."""
    now = now or timezone.now()
    _check_commander(user)
    template = ScenarioTemplate.objects.filter(code=template_code).first()
    if template is None:
        raise ActionError(_("no such scenario template"))
    ends_at = ends_at or starts_at + timedelta(hours=template.hours)
    if not all(FIRST_DAY <= timezone.localtime(t).date() <= LAST_DAY for t in (starts_at, ends_at)):
        raise ActionError(_("the date must lie between 2000 and 2099"))
    if ends_at <= starts_at:
        raise ActionError(_("the scenario must end after it starts"))
    name = name.strip()
    if not name or len(name) > 100:
        raise ActionError(_("name the scenario, at most 100 characters"))
    shape, code = scenario_area(user, grids=grids, boundary=boundary)
    drawn = _drawn_layers(user, features)
    chosen = list(Unit.objects.visible_to(user).filter(pk__in=units or []).order_by("pk"))
    if len(chosen) != len(set(units or [])):
        raise NotFound(_("some of these units are not in your jurisdiction"))
    with transaction.atomic():
        s = Scenario.objects.create(template=template, name=name, area_code=code, boundary=shape,
                                    features=drawn,
                                    starts_at=starts_at, ends_at=ends_at, created_at=now,
                                    created_by=user if user.is_authenticated else None)
        s.units.set(chosen)
        for t in template.tasks:
            unit = next((u for u in chosen if u.department and u.department == t.get("department")),
                        chosen[0] if chosen else None)
            ScenarioTask.objects.create(scenario=s, title=t["title"][:200], unit=unit,
                                        due_at=starts_at + timedelta(minutes=int(t.get("offset_minutes", 0))))
        record_event(user, "instantiate_scenario", s, {"template": template.code, "area": code,
                                                       "starts": starts_at.isoformat(), "ends": ends_at.isoformat(),
                                                       "drawn": len(drawn.get("features", []))})
        for unit in chosen:
            notify(NoticeKind.NEW_TASK, subject=name, message=template.name, unit=unit, object_type="scenario",
                   object_id=s.pk, url=reverse("emergencies:scenario", args=[s.pk]), area_code=code, at=now)
    return s


def complete_task(user: Any, task_id: int, now: datetime | None = None) -> ScenarioTask:
    now = now or timezone.now()
    task = ScenarioTask.objects.filter(pk=task_id, scenario__in=Scenario.objects.visible_to(user)).first()
    if task is None:
        raise NotFound(_("no such scenario task in your jurisdiction"))
    staff = staff_of(user)
    if not (may_command(user) or (staff and task.unit_id and staff.unit_id == task.unit_id)):
        raise Forbidden(_("the task is ticked by its unit or a commander"))
    if task.done_at:
        raise Conflict(_("this task is already done"))
    with transaction.atomic():
        task.done_at = now
        task.save(update_fields=["done_at"])
        record_event(user, "complete_scenario_task", task, {"scenario": task.scenario_id})
    return task


def draw_layers(user: Any, scenario_id: int, features: dict | str | None,
                now: datetime | None = None) -> Scenario:
    """Replace the routes and points drawn on a scenario's map (a commander's change, audited)."""
    s = Scenario.objects.visible_to(user).filter(pk=scenario_id).first()
    if s is None:
        raise NotFound(_("no such scenario in your jurisdiction"))
    if not may_command(user):
        raise Forbidden(_("only a leader or a district dispatcher draws a scenario's routes and points"))
    if not jurisdiction_of(user).covers(s.area_code):  # seen from below: a village sees its township's scenario
        raise Forbidden(_("only someone whose jurisdiction covers the scenario's whole area redraws its routes and "
                          "points"))
    _fc, existing = drawing.features(s.features or None)
    if existing:  # replacing them removes them: only someone who could have drawn them all
        try:
            drawing.holder(user, shapely.union_all(existing))
        except ActionError:
            raise Forbidden(_("some routes or points of this scenario lie outside your jurisdiction: ask someone "
                              "whose jurisdiction covers them")) from None
    drawn = _drawn_layers(user, features)
    with transaction.atomic():
        s.features = drawn
        s.save(update_fields=["features"])
        record_event(user, "draw_scenario_layers", s, {"drawn": len(drawn.get("features", []))})
    return s
