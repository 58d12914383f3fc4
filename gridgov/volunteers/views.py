"""Volunteers' pages: the dashboard (figures and the lists behind them), the team leader's approvals, and the
volunteer's phone page (activities with GPS sign-in and sign-out, calls to answer, my points)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from pydantic import BaseModel, Field, ValidationError

from gridgov.cases.models import AREA_FIGURES_REFUSED, sees_area_figures
from gridgov.context import top_area
from gridgov.geo.models import Area
from gridgov.types import Day, Id, Lat, Lon

from . import actions, figures, ledger
from .actions import VolunteerError
from .models import Activity, Attendance, AttendanceStatus, Call, CallAnswer, LedgerEntry, Member, Team


class PeriodForm(BaseModel):
    area: str = Field("", pattern=r"^\d{0,30}$")
    start: Day | None = Field(None, alias="from")
    end: Day | None = Field(None, alias="to")


class SignForm(BaseModel):
    activity: Id
    lon: Lon
    lat: Lat
    what: str = Field(pattern=r"^(in|out)$")


def _why(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    try:
        f = PeriodForm.model_validate({k: v for k, v in request.GET.items() if k in ("area", "from", "to") and v})
    except ValidationError as exc:
        return HttpResponseBadRequest(_("Check the period and area: %(why)s") % {"why": _why(exc)})
    if not sees_area_figures(request.user):
        raise PermissionDenied(AREA_FIGURES_REFUSED)
    area = Area.objects.visible_to(request.user).filter(code=f.area).first() if f.area else top_area(request.user)
    if area is None:
        raise Http404(_("no such area in your jurisdiction"))
    today = timezone.localdate()
    last = f.end or today
    first = f.start or last.replace(day=1)
    if last < first or last - first > timedelta(days=366):
        return HttpResponseBadRequest(_("'to' must be on or after 'from', at most a year later"))
    d = figures.dashboard(request.user, figures.Period(area.code, first, last))
    return render(request, "volunteers/dashboard.html", {"d": d, "area": area, "first": first, "last": last})


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        pk = request.POST.get("attendance", "")
        if not (pk.isascii() and pk.isdigit() and 0 < len(pk) <= 18):
            return HttpResponseBadRequest(_("choose an attendance"))
        try:
            actions.decide_attendance(request.user, int(pk), approve=request.POST.get("approve") == "1",
                                      note=request.POST.get("note", "")[:300])
        except VolunteerError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Decision recorded"))
        return redirect("volunteers:approvals")
    led = [t.pk for t in Team.objects.visible_to(request.user) if actions.leads(request.user, t)]
    waiting = (Attendance.objects.visible_to(request.user)
               .filter(status=AttendanceStatus.SIGNED_OUT, activity__team_id__in=led)
               .select_related("activity", "member").order_by("signed_in_at")[:200])
    return render(request, "volunteers/approvals.html", {"waiting": waiting})


@login_required
def phone(request: HttpRequest) -> HttpResponse:
    member = Member.objects.filter(user=request.user, active=True).select_related("team").first()
    if member is None:
        return render(request, "volunteers/phone.html", {"member": None})
    now = timezone.now()
    upcoming = (Activity.objects.filter(team_id=member.team_id, ends_at__gt=now, starts_at__lt=now + timedelta(days=7))
                .select_related("area").order_by("starts_at")[:20])
    mine = {a.activity_id: a for a in Attendance.objects.filter(member=member, activity__in=upcoming)}
    rows = [{"activity": a, "attendance": mine.get(a.pk),
             "open": a.starts_at - actions.EARLY_SIGN_IN <= now} for a in upcoming]
    calls = (Call.objects.filter(member=member, answer=CallAnswer.NONE, activity__ends_at__gt=now)
             .select_related("activity").order_by("activity__starts_at")[:20])
    return render(request, "volunteers/phone.html", {
        "member": member, "rows": rows, "calls": calls, "balance": ledger.balance_of(member),
        "entries": LedgerEntry.objects.filter(member=member).order_by("-pk")[:10],
        "recent": Attendance.objects.filter(member=member).select_related("activity").order_by("-signed_in_at")[:10],
    })


@login_required
@require_POST
def sign(request: HttpRequest) -> HttpResponse:
    try:
        f = SignForm.model_validate(request.POST.dict())
    except ValidationError:
        messages.error(request, _("Your position is needed: allow the page to read the phone's location."))
        return redirect("volunteers:phone")
    try:
        do = actions.sign_in if f.what == "in" else actions.sign_out
        a = do(request.user, f.activity, lon=f.lon, lat=f.lat)
    except VolunteerError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Signed in") if f.what == "in"
                         else _("Signed out: %(hours)s h to approve") % {"hours": a.hours})
    return redirect("volunteers:phone")


@login_required
@require_POST
def answer(request: HttpRequest) -> HttpResponse:
    pk = request.POST.get("call", "")
    if not (pk.isascii() and pk.isdigit() and 0 < len(pk) <= 18):
        return HttpResponseBadRequest(_("choose a call"))
    try:
        actions.answer_call(request.user, int(pk), coming=request.POST.get("coming") == "1")
    except VolunteerError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Answer recorded"))
    return redirect("volunteers:phone")


