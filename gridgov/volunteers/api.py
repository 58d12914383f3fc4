"""Volunteers API under /api/v1/volunteers: teams, members (masked), activities, sign-in and sign-out by GPS, calls,
approvals, the points ledger, public points, redemptions and the dashboard figures. Reads are scoped by the reader's
jurisdiction; a volunteer acts on their own records only."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus
from ninja.errors import HttpError

from gridgov.cases.models import AREA_FIGURES_REFUSED, sees_area_figures
from gridgov.geo.models import Area
from gridgov.types import Day, Id, Lat, Lon, Moment, Page, Text

from . import actions, figures
from .actions import VolunteerError
from .models import Activity, ActivityKind, LedgerEntry, Member, Service, Team

router = Router(tags=["volunteers"])
PAGE_SIZE = 100
CODE = r"^\d{6,30}$"


def refused(exc: VolunteerError) -> HttpError:
    return HttpError(exc.status_code, exc.message)


def run(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except VolunteerError as exc:
        raise refused(exc) from exc


def page_of(qs: Any, page: int) -> list:
    return list(qs[(page - 1) * PAGE_SIZE: page * PAGE_SIZE])


class TeamOut(Schema):
    id: int
    name: str
    unit: str
    area_code: str
    members: int


class MemberOut(Schema):
    id: int
    kind: str
    team_id: int | None
    area_code: str
    name: str = Field(description="masked: the surname only")
    phone: str = Field(description="masked: at most the last four digits")
    skills: list[str]
    availability: str


class ActivityIn(Schema):
    team: Id
    kind: ActivityKind
    title: Text(100, min_length=1)
    area: str = Field(..., pattern=CODE)
    starts_at: Moment
    ends_at: Moment
    cap_hours: Decimal | None = Field(None, gt=0, le=24, max_digits=4, decimal_places=2)


class ActivityOut(Schema):
    id: int
    team_id: int
    kind: str
    title: str
    area_code: str
    starts_at: datetime
    ends_at: datetime
    cap_hours: Decimal


class Position(Schema):
    lon: Lon
    lat: Lat


class AttendanceOut(Schema):
    id: int
    activity_id: int
    status: str
    signed_in_at: datetime
    signed_out_at: datetime | None
    hours: Decimal


class DecisionIn(Schema):
    approve: bool
    note: Text(300) = ""


class CallIn(Schema):
    members: list[Id] | None = Field(None, max_length=1000, description="member ids (default: the whole team)")
    skill: Text(50) = ""


class CallOut(Schema):
    id: int
    activity_id: int
    member_id: int
    answer: str
    came: bool


class AnswerIn(Schema):
    coming: bool


class EntryOut(Schema):
    id: int
    at: datetime
    kind: str
    points: Decimal
    balance: Decimal
    reason: str


class PublicPointsIn(Schema):
    points: Decimal = Field(..., gt=0, le=1000, max_digits=6, decimal_places=2)
    reason: Text(300, min_length=1)
    case: Id | None = None


class RedeemIn(Schema):
    service: Id


class ServiceOut(Schema):
    id: int
    name: str
    points: Decimal


class DashboardQuery(Schema):
    area: str = Field(..., pattern=CODE)
    from_: Day = Field(..., alias="from")
    to: Day


class HoursRow(Schema):
    key: str
    name: str
    hours: Decimal


class ActiveRow(Schema):
    member_id: int
    name: str
    team: str
    hours: Decimal


class DashboardOut(Schema):
    area: str
    from_: date = Field(..., alias="from")
    to: date
    rule: dict[str, Decimal | int]
    active_volunteers: int
    active: list[ActiveRow]
    hours: Decimal
    hours_by_team: list[HoursRow]
    hours_by_area: list[HoursRow]
    points_issued: Decimal
    points_redeemed: Decimal


def member_out(m: Member) -> dict:
    return {"id": m.pk, "kind": m.kind, "team_id": m.team_id, "area_code": m.area.code, "name": m.masked_name,
            "phone": m.masked_phone, "skills": m.skill_list(), "availability": m.availability}


def activity_out(a: Activity) -> dict:
    return {"id": a.pk, "team_id": a.team_id, "kind": a.kind, "title": a.title, "area_code": a.area.code,
            "starts_at": a.starts_at, "ends_at": a.ends_at, "cap_hours": a.cap_hours}


@router.get("/teams", response=list[TeamOut], summary="Volunteer teams in my jurisdiction")
def teams(request: HttpRequest, page: Page = 1):
    from django.db.models import Count

    qs = Team.objects.visible_to(request.user).select_related("unit", "area").annotate(n=Count("members"))
    return [{"id": t.pk, "name": t.name, "unit": t.unit.name, "area_code": t.area.code, "members": t.n}
            for t in page_of(qs.order_by("area__code", "pk"), page)]


@router.get("/members", response=list[MemberOut], summary="Members in my jurisdiction (masked)")
def members(request: HttpRequest, team: Id | None = None, page: Page = 1):
    qs = Member.objects.visible_to(request.user).select_related("area").order_by("area__code", "pk")
    return [member_out(m) for m in page_of(qs.filter(team_id=team) if team else qs, page)]


@router.get("/activities", response=list[ActivityOut], summary="Activities in my jurisdiction")
def activities(request: HttpRequest, team: Id | None = None, page: Page = 1):
    qs = Activity.objects.visible_to(request.user).select_related("area")
    return [activity_out(a) for a in page_of(qs.filter(team_id=team) if team else qs, page)]


@router.post("/activities", response={201: ActivityOut}, summary="Plan an activity (the team's leading unit)")
def create_activity(request: HttpRequest, body: ActivityIn):
    a = run(actions.create_activity, request.user, team_id=body.team, kind=body.kind, title=body.title,
            area_code=body.area, starts_at=body.starts_at, ends_at=body.ends_at, cap_hours=body.cap_hours)
    return HttpStatus(201, activity_out(a))


def attendance_out(a: Any) -> dict:
    return {"id": a.pk, "activity_id": a.activity_id, "status": a.status, "signed_in_at": a.signed_in_at,
            "signed_out_at": a.signed_out_at, "hours": a.hours}


@router.post("/activities/{activity_id}/sign-in", response={201: AttendanceOut},
             summary="Sign in to my team's activity where I stand (GPS)")
def sign_in(request: HttpRequest, activity_id: Id, body: Position):
    return HttpStatus(201, attendance_out(run(actions.sign_in, request.user, activity_id, lon=body.lon, lat=body.lat)))


@router.post("/activities/{activity_id}/sign-out", response=AttendanceOut,
             summary="Sign out (GPS); the hours wait for the team leader's approval")
def sign_out(request: HttpRequest, activity_id: Id, body: Position):
    return attendance_out(run(actions.sign_out, request.user, activity_id, lon=body.lon, lat=body.lat))


@router.post("/attendances/{attendance_id}/decision", response=AttendanceOut,
             summary="Approve (the hours become points) or reject signed-out hours")
def decide(request: HttpRequest, attendance_id: Id, body: DecisionIn):
    return attendance_out(run(actions.decide_attendance, request.user, attendance_id, approve=body.approve,
                              note=body.note))


@router.post("/activities/{activity_id}/calls", response={201: list[CallOut]},
             summary="Call the team's volunteers for an activity")
def call(request: HttpRequest, activity_id: Id, body: CallIn):
    calls = run(actions.call_volunteers, request.user, activity_id, member_ids=body.members, skill=body.skill)
    return HttpStatus(201, [{"id": c.pk, "activity_id": c.activity_id, "member_id": c.member_id,
                             "answer": c.answer, "came": c.came} for c in calls])


@router.post("/calls/{call_id}/answer", response=CallOut, summary="Answer a call: coming or not")
def answer(request: HttpRequest, call_id: Id, body: AnswerIn):
    c = run(actions.answer_call, request.user, call_id, coming=body.coming)
    return {"id": c.pk, "activity_id": c.activity_id, "member_id": c.member_id, "answer": c.answer, "came": c.came}


def entry_out(e: LedgerEntry) -> dict:
    return {"id": e.pk, "at": e.at, "kind": e.kind, "points": e.points, "balance": e.balance, "reason": e.reason}


@router.get("/members/{member_id}/ledger", response=list[EntryOut], summary="A member's points ledger, newest first")
def member_ledger(request: HttpRequest, member_id: Id, page: Page = 1):
    member = run(actions.visible, Member, request.user, member_id, _("member"))
    return [entry_out(e) for e in page_of(LedgerEntry.objects.filter(member=member).order_by("-pk"), page)]


@router.post("/members/{member_id}/public-points", response={201: EntryOut},
             summary="Give public points for a civic act, with a reason (the centre)")
def public_points(request: HttpRequest, member_id: Id, body: PublicPointsIn):
    return HttpStatus(201, entry_out(run(actions.award_public_points, request.user, member_id, points=body.points,
                                         reason=body.reason, case_id=body.case)))


@router.post("/members/{member_id}/redemptions", response={201: EntryOut},
             summary="Redeem points for a service of the catalogue (the centre)")
def redemption(request: HttpRequest, member_id: Id, body: RedeemIn):
    return HttpStatus(201, entry_out(run(actions.redeem, request.user, member_id, body.service)))


@router.get("/services", response=list[ServiceOut], summary="The catalogue of redeemable services")
def services(request: HttpRequest):
    return [{"id": s.pk, "name": s.name, "points": s.points} for s in Service.objects.filter(active=True)]


def period_of(user: Any, area: str, first: date, last: date) -> figures.Period:
    if not sees_area_figures(user):
        raise HttpError(403, str(AREA_FIGURES_REFUSED))
    if not Area.objects.visible_to(user).filter(code=area).exists():
        raise HttpError(404, _("no such area in your jurisdiction"))
    if last < first or last - first > timedelta(days=366):
        raise HttpError(400, _("'to' must be on or after 'from', at most a year later"))
    return figures.Period(area, first, last)


@router.get("/dashboard", response=DashboardOut, by_alias=True,
            summary="Active volunteers, hours by team and area, points issued and redeemed")
def dashboard(request: HttpRequest, q: Query[DashboardQuery]):
    out = figures.dashboard(request.user, period_of(request.user, q.area, q.from_, q.to))
    for key in ("hours_by_team", "hours_by_area"):
        out[key] = [r | {"key": str(r["key"])} for r in out[key]]
    return out


