"""Emergencies over HTTP: the plans, switching an area in and out, a campaign's progress per area level, and the
phone's writes (visit batches, "nothing to report", a need handed to the normal loop). Thin: the rules live in
``actions``; every id is looked up in the caller's jurisdiction."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus
from ninja.errors import HttpError
from pydantic import conint

from gridgov.cases.actions import ActionError
from gridgov.cases.models import AREA_FIGURES_REFUSED, sees_area_figures
from gridgov.geo.models import Area
from gridgov.types import Id, Lat, Lon, Moment, Text

from . import actions, progress, team
from .models import Emergency, Plan

router = Router(tags=["emergencies"])
Code = Annotated[str, Field(pattern=r"^\d{6,30}$", description="an area code")]
Count = conint(ge=0, le=actions.MAX_COUNT)


class PlanOut(Schema):
    code: str
    name: str
    kind: str
    needs: list[dict]


class EmergencyIn(Schema):
    area: Code
    plan: Text(40, min_length=1)
    reason: Text(500, min_length=1)
    start: Moment | None = None


class EndIn(Schema):
    summary: Text(3000, min_length=1)


class EmergencyOut(Schema):
    id: int
    area: str
    area_name: str
    level: int
    plan: str
    plan_name: str
    reason: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    summary: str
    tasks_created: int | None = None
    progress: list[dict] | None = None
    not_reporting: list[dict] | None = None


class VisitsIn(Schema):
    task: Id
    place: Text(100, min_length=1)
    visited: Count
    nobody_home: Count = 0
    needs: dict[Text(40, min_length=1), Count] = Field(default_factory=dict, max_length=20)
    needs_met: Count = 0
    note: Text(500) = ""
    idempotency_key: Text(64, min_length=8)


class VisitsOut(Schema):
    id: int
    task: int
    visited: int
    needs_found: int


class NothingIn(Schema):
    task: Id
    note: Text(500) = ""


class NeedIn(Schema):
    task: Id
    need: Text(40, min_length=1)
    description: Text(2000) = ""
    lon: Lon | None = None
    lat: Lat | None = None
    idempotency_key: Text(64, min_length=8) | None = None


class ListFilter(Schema):
    active: bool = Field(True, description="only emergencies still in force")


def _out(e: Emergency, **extra: object) -> dict:
    return {"id": e.pk, "area": e.area_code, "area_name": e.area.name, "level": e.area.level, "plan": e.plan.code,
            "plan_name": e.plan.name, "reason": e.reason, "status": "active" if e.active else "ended",
            "started_at": e.started_at, "ended_at": e.ended_at, "summary": e.summary, **extra}  # extra wins


def _refuse(exc: ActionError) -> HttpError:
    return HttpError(exc.status_code, exc.message)


@router.get("/plans", response=list[PlanOut], summary="The emergency plans (code, name, the needs a visit records)")
def list_plans(request: HttpRequest) -> list[dict]:
    return [{"code": p.code, "name": p.name, "kind": p.kind, "needs": p.needs}
            for p in Plan.objects.filter(active=True)]


@router.get("", response=list[EmergencyOut], summary="Emergencies over or inside your jurisdiction (at most 100)")
def list_emergencies(request: HttpRequest, filters: Query[ListFilter]) -> list[dict]:
    qs = Emergency.objects.visible_to(request.user).select_related("plan", "area")
    if filters.active:
        qs = qs.filter(ended_at=None)
    if not sees_area_figures(request.user):  # the summary holds the area's figures (households visited, needs met)
        return [_out(e, summary="") for e in qs[:100]]
    return [_out(e) for e in qs[:100]]


@router.post("", response={201: EmergencyOut}, summary="Switch an area into an emergency; its campaign starts")
def create_emergency(request: HttpRequest, body: EmergencyIn):
    try:
        e, made = actions.switch_on(request.user, area_code=body.area, plan_code=body.plan, reason=body.reason,
                                    start=body.start)
    except ActionError as exc:
        raise _refuse(exc) from exc
    return HttpStatus(201, _out(e, tasks_created=made))


@router.get("/{int:emergency_id}", response=EmergencyOut,
            summary="An emergency with its campaign's progress per area level (with `within`: that area's grids)")
def get_emergency(request: HttpRequest, emergency_id: Id, within: Code | None = None) -> dict:
    if not sees_area_figures(request.user):  # a department's figures are its unit's, not an area's
        raise HttpError(403, str(AREA_FIGURES_REFUSED))
    e = Emergency.objects.visible_to(request.user).select_related("plan", "area").filter(pk=emergency_id).first()
    if e is None:
        raise HttpError(404, _("no such emergency in your jurisdiction"))
    if within and not within.startswith(e.area_code):
        raise HttpError(400, _("`within` must be an area inside the emergency's area"))
    day = timezone.localdate()
    levels = progress.by_level(e, day, request.user, deepest=9 if within else 3, within=within or "")
    return _out(e, progress=[{"level": k, "areas": v} for k, v in sorted(levels.items())],
                not_reporting=progress.missing(e, day, request.user)[:500])


@router.post("/{int:emergency_id}/end", response=EmergencyOut, summary="Back to peacetime, with a summary")
def end_emergency(request: HttpRequest, emergency_id: Id, body: EndIn) -> dict:
    try:
        e = actions.switch_off(request.user, emergency_id, summary=body.summary)
    except ActionError as exc:
        raise _refuse(exc) from exc
    return _out(e)


@router.post("/visits", response={200: VisitsOut, 201: VisitsOut}, summary="Record a batch of visits (counts)")
def create_visits(request: HttpRequest, body: VisitsIn):
    try:
        b, created = actions.record_visits(request.user, task_id=body.task, place=body.place, visited=body.visited,
                                           nobody_home=body.nobody_home, needs=dict(body.needs),
                                           needs_met=body.needs_met, note=body.note,
                                           idempotency_key=body.idempotency_key)
    except ActionError as exc:
        raise _refuse(exc) from exc
    return HttpStatus(201 if created else 200, {"id": b.pk, "task": b.task_id, "visited": b.visited,
                                                "needs_found": b.needs_found})


@router.post("/reports", response={200: dict, 201: dict}, summary="Today's report of a grid: nothing to report")
def create_report(request: HttpRequest, body: NothingIn):
    try:
        made = actions.report_nothing(request.user, task_id=body.task, note=body.note)
    except ActionError as exc:
        raise _refuse(exc) from exc
    return HttpStatus(201 if made else 200, {"task": body.task, "reported": True})


@router.post("/needs", response={200: dict, 201: dict}, summary="Hand a need found on a visit to the normal loop")
def create_need_case(request: HttpRequest, body: NeedIn):
    try:
        r = actions.need_to_case(request.user, task_id=body.task, need=body.need, description=body.description,
                                 lon=body.lon, lat=body.lat, idempotency_key=body.idempotency_key)
    except ActionError as exc:
        raise _refuse(exc) from exc
    return HttpStatus(201 if r.created else 200, {"id": r.case.pk, "number": r.case.number})


class CallUpIn(Schema):
    team: Id
    area: Code | None = None
    title: Text(100) = ""
    hours: conint(ge=1, le=actions.MAX_CALLUP_HOURS) = 8
    members: list[Id] | None = Field(None, max_length=500)
    skill: Text(50) = ""


class CallUpOut(Schema):
    activity: int
    area: str
    title: str
    called: int


class Person(Schema):
    name: str = Field(description="masked: the surname only")
    role: str | None = None
    team: str | None = None
    came: bool | None = None


class TeamOut(Schema):
    emergency: int
    grid: str
    grid_name: str
    leaders: list[Person]
    workers: list[Person]
    volunteers: list[Person]
    size: int


@router.post("/{int:emergency_id}/callups", response={201: CallUpOut},
             summary="Call a volunteer team in for the emergency (over an area of it); its members are notified")
def create_callup(request: HttpRequest, emergency_id: Id, body: CallUpIn):
    try:
        activity, calls = actions.call_up(request.user, emergency_id, team_id=body.team, area_code=body.area or "",
                                          title=body.title, hours=body.hours, member_ids=body.members,
                                          skill=body.skill)
    except ActionError as exc:
        raise _refuse(exc) from exc
    return HttpStatus(201, {"activity": activity.pk, "area": activity.area.code, "title": activity.title,
                            "called": len(calls)})


@router.get("/{int:emergency_id}/team", response=TeamOut,
            summary="A grid's team in the emergency (\"1+3+N\"): its grid leader and workers and the volunteers "
                    "coming, names masked")
def get_team(request: HttpRequest, emergency_id: Id, grid: Code) -> dict:
    if not sees_area_figures(request.user):
        raise HttpError(403, str(AREA_FIGURES_REFUSED))
    e = Emergency.objects.visible_to(request.user).select_related("area").filter(pk=emergency_id).first()
    if e is None:
        raise HttpError(404, _("no such emergency in your jurisdiction"))
    area = Area.objects.visible_to(request.user).filter(code=grid).first()
    if area is None or not e.tasks.filter(area=area).exists():
        raise HttpError(404, _("no such grid of this emergency in your jurisdiction"))
    return {"emergency": e.pk, "grid": area.code, "grid_name": area.name, **team.grid_team(e, area)}
