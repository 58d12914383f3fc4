"""The command map's data: open cases as points, recent reports for the heatmap, and what changed since a moment
(for live updates without reloading). Scoped like every read."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from gridgov.cases.actions import category
from gridgov.cases.models import AREA_FIGURES_REFUSED, OPEN_STATUSES, Case, sees_area_figures
from gridgov.context import top_area
from gridgov.geo.models import Area, scope_prefix
from gridgov.replicas import may_lag
from gridgov.types import Moment

from .figures import build, default_period

router = Router(tags=["command"])
MAX_POINTS = 5000
MAX_HEAT = 20000


class PointsQuery(Schema):
    within: str = Field("", pattern=r"^\d{0,30}$", description="area code (default: the whole jurisdiction)")
    days: int = Field(30, ge=1, le=366, description="heatmap: reports of the last N days")


class ChangesQuery(Schema):
    since: Moment
    within: str = Field("", pattern=r"^\d{0,30}$")


def point(c: Case) -> list:
    return [c.pk, round(c.lon, 6), round(c.lat, 6), c.status, c.overdue, c.number, category(c.category_id).name]


FIELDS = ("id", "lon", "lat", "status", "overdue", "number", "category_id")


def _scoped(request: HttpRequest, within: str):
    qs = Case.objects.visible_to(request.user)
    return qs.filter(area_code__startswith=scope_prefix(within)) if within else qs


@router.get("/points", summary="Open cases (newest 5,000) and the last days' reports as heatmap points")
@may_lag
def points(request: HttpRequest, q: Query[PointsQuery]) -> dict:
    qs = _scoped(request, q.within)
    now = timezone.now()
    open_cases = qs.filter(status__in=OPEN_STATUSES).only(*FIELDS).order_by("-created_at")[:MAX_POINTS]
    heat = (qs.filter(created_at__gte=now - timedelta(days=q.days)).order_by("-created_at")
            .values_list("lat", "lon")[:MAX_HEAT])
    return {"open": [point(c) for c in open_cases], "heat": [[round(a, 5), round(o, 5)] for a, o in heat],
            "at": (now - OVERLAP).isoformat()}


# A case is stamped when its action starts and becomes visible when it commits, a moment later: answers overlap by
# this much so that nothing committed late is missed (the map drops what it has already seen).
OVERLAP = timedelta(seconds=30)


@router.get("/changes", summary="Cases reported, and cases that went overdue, since a moment (answers overlap)")
@may_lag
def changes(request: HttpRequest, q: Query[ChangesQuery]) -> dict:
    qs = _scoped(request, q.within)
    now = timezone.now() - OVERLAP
    new = qs.filter(created_at__gt=q.since).only(*FIELDS).order_by("created_at")[:500]
    overdue = (qs.filter(overdue=True, timeline__action="overdue", timeline__at__gt=q.since).only(*FIELDS)
               .distinct()[:500])
    return {"new": [point(c) for c in new], "overdue": [point(c) for c in overdue], "at": now.isoformat()}


@router.get("/grid/{code}/cases", summary="The open cases of one grid (or any area)")
@may_lag
def grid_cases(request: HttpRequest, code: Annotated[str, Path(..., pattern=r"^\d{6,30}$")]) -> list:
    qs = _scoped(request, code).filter(status__in=OPEN_STATUSES).only(*FIELDS).order_by("-created_at")[:50]
    return [point(c) for c in qs]


LIST_ROWS = 100  # a list of cases in the answer: its newest rows, with ``total_rows``; the exports have them all


class DashboardQuery(Schema):
    area: str = Field("", pattern=r"^\d{0,30}$", description="area code (default: the top of your jurisdiction)")
    from_: date | None = Field(None, alias="from", description="first day (default: 29 days before 'to')")
    to: date | None = Field(None, description="last day (default: today)")


@router.get("/dashboard", summary="The whole dashboard of an area for a period: every card (value, numerator, "
            "denominator, basis, definition) and every table, as the page and the exports show them")
@may_lag
def dashboard(request: HttpRequest, q: Query[DashboardQuery]) -> dict[str, Any]:
    try:
        start, end = default_period(q.from_, q.to)
    except ValueError as exc:
        raise HttpError(400, str(exc)) from exc
    if not sees_area_figures(request.user):
        raise HttpError(403, str(AREA_FIGURES_REFUSED))
    area = (Area.objects.visible_to(request.user).filter(code=q.area).first() if q.area else top_area(request.user))
    if area is None:
        raise HttpError(404, _("no area %(code)r in your jurisdiction") % {"code": q.area} if q.area
                        else _("you have no jurisdiction"))
    return build(request.user, area, start, end, limit=LIST_ROWS).as_json()
