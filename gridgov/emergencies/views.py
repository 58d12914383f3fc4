"""Emergency pages: the list with the switch, an emergency's campaign page (progress, grids not reporting, end),
its daily report (PDF, Excel/CSV), scenarios with their after-action report, and the grid worker's campaign page
on the phone (``/field/campaign/``, offline through the field outbox)."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridgov import exports
from gridgov.cases.actions import ActionError, staff_of
from gridgov.cases.models import AREA_FIGURES_REFUSED, sees_area_figures
from gridgov.context import top_area
from gridgov.geo.models import Area
from gridgov.volunteers.models import Team

from . import actions, documents, drawing, progress, scenarios, team
from .models import DRAWN, LAYERS, DailyReport, Emergency, GridTask, Plan, Scenario, ScenarioTemplate

REFRESH_SECONDS = 30  # the campaign page reads its figures again this often (and when its window gets the focus)


def _emergency(request: HttpRequest, pk: int) -> Emergency:
    e = Emergency.objects.visible_to(request.user).select_related("plan", "area").filter(pk=pk).first()
    if e is None:
        raise Http404(_("no such emergency in your jurisdiction"))
    return e


def _figures(request: HttpRequest, pk: int) -> Emergency:
    """The emergency whose area figures (progress, daily report, grids not reporting) are read: not by the roles
    whose figures are their unit's (as the dashboard)."""
    if not sees_area_figures(request.user):
        raise PermissionDenied(AREA_FIGURES_REFUSED)
    return _emergency(request, pk)


def _within(request: HttpRequest, e: Emergency) -> str:
    code = request.GET.get("area", "")
    if code and (not code.isdigit() or not code.startswith(e.area_code) or len(code) > 30):
        raise Http404(_("no such area in this emergency"))
    return code if code != e.area_code else ""


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            e, made = actions.switch_on(request.user, area_code=request.POST.get("area", "")[:30],
                                        plan_code=request.POST.get("plan", "")[:40],
                                        reason=request.POST.get("reason", "")[:600])
        except ActionError as exc:
            messages.error(request, exc.message)
            return redirect("emergencies:index")
        messages.success(request, _("Emergency switched on: %(n)d grid tasks created") % {"n": made})
        return redirect("emergencies:detail", e.pk)
    return render(request, "emergencies/index.html", {
        "emergencies": Emergency.objects.visible_to(request.user).select_related("plan", "area")[:100],
        "scenarios": Scenario.objects.visible_to(request.user).select_related("template")[:100],
        "plans": Plan.objects.filter(active=True), "templates": ScenarioTemplate.objects.all(),
        "areas": Area.objects.visible_to(request.user).filter(level__lte=3).order_by("code")[:500],
        "may_command": actions.may_command(request.user),
    })


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    e = _figures(request, pk)
    within = _within(request, e)
    day = timezone.localdate()
    t = documents.table(e, day, request.user, within)
    evening = timezone.localtime().hour >= 18
    grid = Area.objects.visible_to(request.user).filter(code=within).first() if within else None
    return render(request, "emergencies/detail.html", {
        "e": e, "table": t, "rows": list(t.rows), "within": within, "day": day, "evening": evening,
        "missing": progress.missing(e, day, request.user)[:500], "may_command": actions.may_command(request.user),
        "refresh_seconds": REFRESH_SECONDS, "callups": team.callups(e, request.user),
        "team": team.grid_team(e, grid) if grid is not None and e.tasks.filter(area=grid).exists() else None,
        "teams": [t for t in Team.objects.visible_to(request.user).filter(active=True).select_related("area")[:100]
                  if actions.may_call_up(request.user, t)] if e.active else [],
    })


@login_required
def data(request: HttpRequest, pk: int) -> JsonResponse:
    """The campaign page's figures as text, for its refresh every ``REFRESH_SECONDS`` (campaign-page.js)."""
    e = _figures(request, pk)
    within, day = _within(request, e), timezone.localdate()
    t = documents.table(e, day, request.user, within)
    missing = progress.missing(e, day, request.user)[:500]
    return JsonResponse({"rows": [[str(v) for v in r] for r in t.rows], "missing": missing,
                         "active": e.active, "at": timezone.localtime().strftime("%H:%M:%S")})


@login_required
@require_POST
def callup(request: HttpRequest, pk: int) -> HttpResponse:
    e = _emergency(request, pk)
    team_id, hours = request.POST.get("team", ""), request.POST.get("hours", "8")
    try:
        _activity, calls = actions.call_up(
            request.user, e.pk, team_id=int(team_id) if team_id.isdigit() else 0,
            area_code=request.POST.get("area", "")[:30], title=request.POST.get("title", "")[:100],
            hours=int(hours) if hours.isdigit() and len(hours) < 4 else 0, skill=request.POST.get("skill", "")[:50])
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)d volunteers called in") % {"n": len(calls)})
    return redirect("emergencies:detail", e.pk)


@login_required
@require_POST
def end(request: HttpRequest, pk: int) -> HttpResponse:
    e = _emergency(request, pk)
    try:
        actions.switch_off(request.user, e.pk, summary=request.POST.get("summary", "")[:3100])
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Back to peacetime; the summary is recorded"))
    return redirect("emergencies:detail", e.pk)


@login_required
def report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    e = _figures(request, pk)
    within, day = _within(request, e), timezone.localdate()
    if fmt == "pdf":
        response = HttpResponse(documents.daily_pdf(e, day, request.user, within), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="emergency-{e.pk}-{day:%Y%m%d}.pdf"'
        return response
    if fmt not in exports.FORMATS:
        raise Http404(_("no such format"))
    return exports.render(documents.table(e, day, request.user, within), fmt)


def campaign_tasks(user: object) -> list[dict]:
    """The grid tasks of emergencies in force in the user's grids, with today's state (the phone shows them first)."""
    staff = staff_of(user)
    if staff is None or staff.role not in actions.VISITORS:
        return []
    qs = (GridTask.objects.visible_to(user).filter(emergency__ended_at=None)
          .select_related("emergency__plan", "emergency__area", "area").order_by("area_code")[:20])
    reported = set(DailyReport.objects.filter(task__in=[t.pk for t in qs], day=timezone.localdate())
                   .values_list("task_id", flat=True))
    out = []
    for t in qs:
        crew = team.grid_team(t.emergency, t.area)
        out.append({"task": t, "reported": t.pk in reported, "team": crew, "names": team.names(crew),
                     "share": round(100 * t.visited / t.target) if t.target else 0})
    return out


@login_required
def field_campaign(request: HttpRequest) -> HttpResponse:
    """The grid worker's campaign: record visits per building or street (counts), or "nothing to report"."""
    return render(request, "emergencies/field.html", {"staff": staff_of(request.user),
                                                      "tasks": campaign_tasks(request.user)})


def _moment(text: str) -> datetime | None:
    value = parse_datetime(text or "")
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _end(text: str) -> datetime | None:
    """The end given (None: the template's length); text that is not a date and time is refused, not ignored."""
    if not text.strip():
        return None
    value = _moment(text)
    if value is None:
        raise ActionError(_("give the end as a date and time, or leave it empty for the template's length"))
    return value


def _layer_names() -> dict[str, str]:
    return {code: str(LAYERS[code][0]) for code in DRAWN}


def _new_form(request: HttpRequest, error: str = "", status: int = 200) -> HttpResponse:
    """The new-scenario page: template, name, period, and the area drawn on the map (or grids picked), with its
    routes and points. After a refusal the drawing comes back with the message (nothing was stored)."""
    top = top_area(request.user)
    return render(request, "emergencies/scenario_new.html", {
        "templates": ScenarioTemplate.objects.all(), "top": top, "error": error, "form": request.POST,
        "layer_names": _layer_names()}, status=status)


@login_required
def scenario_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        if not actions.may_command(request.user):
            return redirect("emergencies:index")
        return _new_form(request)
    drawn = bool(request.POST.get("boundary") or request.POST.get("features"))
    starts = _moment(request.POST.get("starts_at", ""))
    if starts is None:
        if drawn:
            return _new_form(request, _("give the start as a date and time"), 400)
        messages.error(request, _("give the start as a date and time"))
        return redirect("emergencies:index")
    grids = [g.strip() for g in request.POST.get("grids", "").replace("，", ",").split(",") if g.strip()][:200]
    units = [int(u) for u in request.POST.getlist("units") if u.isdigit()][:50]
    try:
        s = actions.instantiate(request.user, template_code=request.POST.get("template", "")[:40],
                                name=request.POST.get("name", "")[:120], starts_at=starts,
                                ends_at=_end(request.POST.get("ends_at", "")), grids=grids, units=units,
                                boundary=request.POST.get("boundary") or None,
                                features=request.POST.get("features") or None)
    except ActionError as exc:
        if drawn:  # keep the drawing on the page with the message
            return _new_form(request, exc.message, exc.status_code)
        messages.error(request, exc.message)
        return redirect("emergencies:index")
    return redirect("emergencies:scenario", s.pk)


@login_required
def scenario(request: HttpRequest, pk: int) -> HttpResponse:
    s = Scenario.objects.visible_to(request.user).select_related("template").filter(pk=pk).first()
    if s is None:
        raise Http404(_("no such scenario in your jurisdiction"))
    if request.method == "POST":
        try:
            if "features" in request.POST:  # the routes and points drawn on its map
                actions.draw_layers(request.user, s.pk, request.POST.get("features") or None)
                messages.success(request, _("The routes and points are saved"))
            else:
                actions.complete_task(request.user, int(request.POST.get("task", "0") or 0) if
                                      request.POST.get("task", "").isdigit() else 0)
        except ActionError as exc:
            messages.error(request, exc.message)
        return redirect("emergencies:scenario", s.pk)
    drawn = drawing.counts(s.features)
    codes = list(s.template.layers) + [c for c in drawn if c not in s.template.layers]
    return render(request, "emergencies/scenario.html", {
        "s": s, "tasks": s.tasks.select_related("unit"), "units": s.units.all(),
        "layers": [(str(LAYERS[c][0]) if c in LAYERS else c, LAYERS[c][1] if c in LAYERS else None, drawn.get(c, 0))
                   for c in codes],
        "map_data": {"boundary": s.boundary, "features": s.features or {}, "names": _layer_names()},
        "top": Area.objects.filter(code=s.area_code).only("code", "level").first(),
        "may_command": actions.may_command(request.user),
        "after": scenarios.after_action(s, request.user)})
