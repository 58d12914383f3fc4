"""Every write of the volunteers: each checks who may (``rules.py``) and what is visible, changes, audits, in one
transaction; a refused action changes nothing (``VolunteerError`` with a message a person can act on)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any

import shapely
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridgov.audit.actions import record_event
from gridgov.geo.coords import metres_between
from gridgov.geo.locator import get_locator
from gridgov.geo.models import Area
from gridgov.notify.actions import notify
from gridgov.notify.models import Kind
from gridgov.org.models import Role

from . import ledger
from .models import (
    Activity,
    Attendance,
    AttendanceStatus,
    Call,
    CallAnswer,
    EntryKind,
    LedgerEntry,
    Member,
    PointRules,
    Service,
    Team,
)
from .rules import CENTRE

EARLY_SIGN_IN = timedelta(hours=1)  # a volunteer may sign in up to an hour before the activity starts
PHONE_PAGE = "/volunteers/phone/"


class VolunteerError(Exception):
    def __init__(self, message: str, status_code: int = 400) -> None:
        super().__init__(message)
        self.message, self.status_code = message, status_code


# -- who may ---------------------------------------------------------------------------------------------------------

def member_of(user: Any) -> Member:
    member = Member.objects.filter(user_id=getattr(user, "pk", None), active=True).select_related("team").first()
    if member is None or not getattr(user, "is_authenticated", False):
        raise VolunteerError(_("only a volunteer whose login is linked to a team member can do this"), 403)
    return member


def active_staff(user: Any) -> Any:
    staff = getattr(user, "staff", None) if getattr(user, "is_authenticated", False) else None
    return staff if staff is not None and staff.active else None


def leads(user: Any, team: Team) -> bool:
    staff = active_staff(user)
    return staff is not None and (staff.role == Role.ADMINISTRATOR or staff.unit_id == team.unit_id)


def check_leader(user: Any, team: Team) -> None:
    if not leads(user, team):
        raise VolunteerError(_("only the unit that leads the team can do this"), 403)


def check_centre(user: Any) -> None:
    staff = active_staff(user)
    if staff is None or staff.role not in CENTRE:
        raise VolunteerError(_("only the governance centre (dispatchers, intake) can do this"), 403)


def visible(model: type, user: Any, pk: int, what: str) -> Any:
    obj = model.objects.visible_to(user).filter(pk=pk).first()
    if obj is None:
        raise VolunteerError(_("no such %(what)s in your jurisdiction") % {"what": what}, 404)
    return obj


# -- activities ------------------------------------------------------------------------------------------------------

def is_step(hours: Decimal, rules: PointRules) -> bool:
    return (hours * 60) % rules.step_minutes == 0


def create_activity(user: Any, *, team_id: int, kind: str, title: str, area_code: str, starts_at: datetime,
                    ends_at: datetime, cap_hours: Decimal | None = None) -> Activity:
    team = visible(Team, user, team_id, _("team"))
    check_leader(user, team)
    rules = PointRules.current()
    area = Area.objects.visible_to(user).filter(code=area_code).first()
    if area is None or not area.code.startswith(team.area.code):
        raise VolunteerError(_("the activity's area must lie in the team's area %(code)s") % {"code": team.area.code})
    if ends_at <= starts_at:
        raise VolunteerError(_("an activity must end after it starts"))
    cap = rules.default_cap_hours if cap_hours is None else Decimal(cap_hours)
    if cap <= 0 or not is_step(cap, rules):
        raise VolunteerError(_("the cap of hours must be a positive multiple of %(n)d minutes")
                             % {"n": rules.step_minutes})
    with transaction.atomic():
        activity = Activity.objects.create(team=team, kind=kind, title=title, area=area, starts_at=starts_at,
                                           ends_at=ends_at, cap_hours=cap)
        record_event(user, "volunteers.create_activity", activity, {"team": team.pk, "area": area.code})
    return activity


def counted_hours(activity: Activity, signed_in: datetime, signed_out: datetime, rules: PointRules) -> Decimal:
    """Hours within the activity's time, in whole steps (30 minutes: a started half-hour does not count), at most
    the activity's cap."""
    start, end = max(signed_in, activity.starts_at), min(signed_out, activity.ends_at)
    minutes = max(0, int((end - start).total_seconds() // 60))
    stepped = Decimal(minutes - minutes % rules.step_minutes) / 60
    return min(stepped.quantize(Decimal("0.01"), rounding=ROUND_DOWN), activity.cap_hours)


def placed(activity: Activity, lon: float, lat: float, rules: PointRules) -> str:
    """The grid the phone stands in (located like a report), refused when it is far from the activity's area."""
    where = get_locator().locate(lon, lat)
    code = where.path[-1].code if where.inside else ""
    if code.startswith(activity.area.code):
        return code
    shape = activity.area.shape
    nearest = shapely.shortest_line(shape, shapely.Point(where.lon, where.lat)).coords[0]
    metres = metres_between(where.lon, where.lat, nearest[0], nearest[1])
    if metres <= rules.sign_in_metres:
        return code
    raise VolunteerError(_("You are about %(km).1f km from %(area)s, where this activity takes place: sign in and "
                           "out there.") % {"km": metres / 1000, "area": activity.area.name}, 409)


def own_activity(member: Member, activity_id: int) -> Activity:
    activity = Activity.objects.filter(pk=activity_id, team_id=member.team_id).select_related("area").first()
    if activity is None:
        raise VolunteerError(_("no such activity of your team"), 404)
    return activity


def sign_in(user: Any, activity_id: int, *, lon: float, lat: float, now: datetime | None = None) -> Attendance:
    member = member_of(user)
    activity = own_activity(member, activity_id)
    now = now or timezone.now()
    if now < activity.starts_at - EARLY_SIGN_IN:
        raise VolunteerError(_("this activity has not started yet: sign in from an hour before it starts"), 409)
    if now >= activity.ends_at:
        raise VolunteerError(_("this activity has ended"), 409)
    rules = PointRules.current()
    code = placed(activity, lon, lat, rules)
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(activity=activity, member=member, signed_in_at=now,
                                                   in_area_code=code)
            Call.objects.filter(activity=activity, member=member).update(came=True)
            record_event(user, "volunteers.sign_in", attendance, {"grid": code})
    except IntegrityError as exc:
        raise VolunteerError(_("you have already signed in to this activity"), 409) from exc
    return attendance


def sign_out(user: Any, activity_id: int, *, lon: float, lat: float, now: datetime | None = None) -> Attendance:
    member = member_of(user)
    activity = own_activity(member, activity_id)
    now = now or timezone.now()
    rules = PointRules.current()
    code = placed(activity, lon, lat, rules)
    with transaction.atomic():
        attendance = (Attendance.objects.select_for_update()
                      .filter(activity=activity, member=member, status=AttendanceStatus.SIGNED_IN).first())
        if attendance is None:
            raise VolunteerError(_("you are not signed in to this activity"), 409)
        attendance.signed_out_at, attendance.out_area_code = now, code
        attendance.hours = counted_hours(activity, attendance.signed_in_at, now, rules)
        attendance.status = AttendanceStatus.SIGNED_OUT
        attendance.save(update_fields=["signed_out_at", "out_area_code", "hours", "status"])
        record_event(user, "volunteers.sign_out", attendance, {"grid": code, "hours": str(attendance.hours)})
    return attendance


def decide_attendance(user: Any, attendance_id: int, *, approve: bool, note: str = "",
                      now: datetime | None = None) -> Attendance:
    """The team leader approves the hours (they become points at once) or rejects them with a note."""
    now = now or timezone.now()
    with transaction.atomic():
        attendance = visible(Attendance, user, attendance_id, _("attendance"))
        check_leader(user, attendance.activity.team)
        attendance = Attendance.objects.select_for_update().select_related("activity", "member").get(
            pk=attendance.pk)
        if attendance.status != AttendanceStatus.SIGNED_OUT:
            raise VolunteerError(_("only hours signed out and not yet decided can be approved or rejected"), 409)
        if not approve and not note.strip():
            raise VolunteerError(_("say why the hours are rejected"))
        attendance.status = AttendanceStatus.APPROVED if approve else AttendanceStatus.REJECTED
        attendance.decided_by, attendance.decided_at, attendance.note = user, now, note[:300]
        attendance.save(update_fields=["status", "decided_by", "decided_at", "note"])
        if approve and attendance.hours > 0:
            rules = PointRules.current()
            ledger.append(attendance.member, EntryKind.HOURS, attendance.hours * rules.points_per_hour,
                          f"{attendance.activity.title} · {attendance.hours} h", at=now, actor=user, rules=rules,
                          attendance=attendance)
        record_event(user, "volunteers.approve" if approve else "volunteers.reject", attendance,
                     {"hours": str(attendance.hours), "note": note[:300]})
    return attendance


# -- calls -----------------------------------------------------------------------------------------------------------

def call_volunteers(user: Any, activity_id: int, *, member_ids: list[int] | None = None, skill: str = "",
                    now: datetime | None = None) -> list[Call]:
    """Call the team's active volunteers (those named, or those with a skill) for an activity; the ones with a login
    are notified. Returns the new calls (a member already called is not called twice)."""
    activity = visible(Activity, user, activity_id, _("activity"))
    check_leader(user, activity.team)
    return call_members(user, activity, member_ids=member_ids, skill=skill, now=now)


def call_members(user: Any, activity: Activity, *, member_ids: list[int] | None = None, skill: str = "",
                 now: datetime | None = None) -> list[Call]:
    """The calls themselves, for a caller already allowed (the team's leading unit above, or the commander of an
    emergency calling volunteers in: ``emergencies.actions.call_up``)."""
    now = now or timezone.now()
    members = Member.objects.filter(team=activity.team, active=True)
    if member_ids is not None:
        members = members.filter(pk__in=member_ids)
    if skill:
        members = members.filter(skills__icontains=skill)
    members = members.exclude(calls__activity=activity)
    with transaction.atomic():
        calls = [Call.objects.create(activity=activity, member=m, called_at=now, called_by=user) for m in members]
        for call in calls:
            if call.member.user_id:
                notify(Kind.OTHER, subject=activity.title, url=PHONE_PAGE, user=call.member.user,
                       message=_("You are called for this activity: answer on the volunteers page."),
                       object_type="volunteer_activity", object_id=activity.pk, area_code=activity.area.code, at=now)
        record_event(user, "volunteers.call", activity, {"called": len(calls), "skill": skill})
    return calls


def answer_call(user: Any, call_id: int, *, coming: bool, now: datetime | None = None) -> Call:
    member = member_of(user)
    with transaction.atomic():
        call = Call.objects.select_for_update().filter(pk=call_id, member=member).first()
        if call is None:
            raise VolunteerError(_("no such call for you"), 404)
        call.answer, call.answered_at = (CallAnswer.YES if coming else CallAnswer.NO), now or timezone.now()
        call.save(update_fields=["answer", "answered_at"])
        record_event(user, "volunteers.answer_call", call, {"answer": call.answer})
    return call


# -- points ----------------------------------------------------------------------------------------------------------

def award_public_points(user: Any, member_id: int, *, points: Decimal, reason: str, case_id: int | None = None,
                        now: datetime | None = None) -> LedgerEntry:
    """The centre gives a resident (or a volunteer) public points for a civic act, with a reason; for a report that
    led to a fix, the case is named and must be closed, and it earns points once."""
    from gridgov.cases.models import Case, Status

    check_centre(user)
    member = visible(Member, user, member_id, _("member"))
    if points <= 0:
        raise VolunteerError(_("points given must be more than zero"))
    if not reason.strip():
        raise VolunteerError(_("say why the points are given"))
    if case_id is not None:
        case = Case.objects.visible_to(user).filter(pk=case_id).first()
        if case is None:
            raise VolunteerError(_("no such case in your jurisdiction"), 404)
        if case.status != Status.CLOSED:
            raise VolunteerError(_("points for a report are given once its case is closed"), 409)
    try:
        with transaction.atomic():
            rules = PointRules.current()
            entry = ledger.append(member, EntryKind.CIVIC, Decimal(points), reason, at=now or timezone.now(),
                                  actor=user, rules=rules, case_id=case_id)
            if entry.points <= 0:  # at the cap already: refuse (the atomic block takes the empty entry back)
                raise VolunteerError(_("this person's points are already at the cap of %(cap)s; nothing was given")
                                     % {"cap": format(rules.balance_cap.normalize(), "f")}, 409)
            record_event(user, "volunteers.public_points", entry, {"points": str(entry.points), "case": case_id})
    except IntegrityError as exc:
        raise VolunteerError(_("this case has already earned this person points"), 409) from exc
    return entry


def redeem(user: Any, member_id: int, service_id: int, *, now: datetime | None = None) -> LedgerEntry:
    """Spend points on a service of the centre's catalogue: only once the balance reaches the redemption threshold,
    and never below zero."""
    check_centre(user)
    member = visible(Member, user, member_id, _("member"))
    service = Service.objects.filter(pk=service_id, active=True).first()
    if service is None:
        raise VolunteerError(_("no such service in the catalogue"), 404)
    rules = PointRules.current()
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).exists()
        balance = ledger.balance_of(member)
        if balance < rules.redemption_threshold:
            raise VolunteerError(_("redeeming needs a balance of at least %(need)s points; the balance is %(has)s")
                                 % {"need": rules.redemption_threshold, "has": balance}, 409)
        if balance < service.points:
            raise VolunteerError(_("%(service)s costs %(cost)s points; the balance is %(has)s")
                                 % {"service": service.name, "cost": service.points, "has": balance}, 409)
        entry = ledger.append(member, EntryKind.REDEMPTION, -service.points, service.name, at=now or timezone.now(),
                              actor=user, rules=rules, service=service)
        record_event(user, "volunteers.redeem", entry, {"service": service.pk, "points": str(service.points)})
    return entry
