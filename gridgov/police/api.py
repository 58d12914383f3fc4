"""The police circle and the 110 transfers over the API. Areas are looked up through the reader's scope."""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus
from ninja.errors import HttpError

from gridgov.cases.actions import ActionError, LocationUnconfirmed, category_by_code
from gridgov.cases.api import location_refusal
from gridgov.cases.models import AREA_FIGURES_REFUSED, sees_area_figures
from gridgov.cases.schemas import CrsName
from gridgov.cases.serialize import case_dict
from gridgov.context import top_area
from gridgov.geo.models import Area, scope_prefix
from gridgov.types import Lat, Lon, Text

from .actions import record_transfer
from .coverage import CoverageError, coverage, parse_minutes
from .models import PolicePost
from .planning import MAX_ROOMS, suggest

router = Router(tags=["police"])
MINUTES_PATTERN = r"^\d{1,2}(,\d{1,2}){0,5}$"


class CoverageQuery(Schema):
    area: str = Field("", pattern=r"^\d{0,30}$", description="area code (default: the reader's whole jurisdiction)")
    minutes: str = Field(settings.GRIDGOV_POLICE_MINUTES, pattern=MINUTES_PATTERN, description="e.g. 1,3,5")
    speed_kmh: float = Field(settings.GRIDGOV_POLICE_SPEED_KMH, ge=1, le=60, allow_inf_nan=False)


class PlanQuery(Schema):
    area: str = Field("", pattern=r"^\d{0,30}$")
    rooms: int = Field(3, ge=1, le=MAX_ROOMS, description=f"new police rooms to place (1 … {MAX_ROOMS})")
    minutes: int = Field(5, ge=1, le=60)
    speed_kmh: float = Field(settings.GRIDGOV_POLICE_SPEED_KMH, ge=1, le=60, allow_inf_nan=False)


def _area(request: HttpRequest, code: str, figures: bool = False) -> Area:
    """The area asked for, through the reader's scope; ``figures``: an area's figures, refused to departments (they
    read their own unit's figures, as on the dashboard)."""
    if figures and not sees_area_figures(request.user):
        raise HttpError(403, str(AREA_FIGURES_REFUSED))
    area = Area.objects.visible_to(request.user).filter(code=code).first() if code else top_area(request.user)
    if area is None:
        raise HttpError(404, _("no such area in your jurisdiction"))
    return area


@router.get("/coverage", summary="The police circle: households and area reached along the roads within each time")
def get_coverage(request: HttpRequest, q: Query[CoverageQuery]) -> dict:
    area = _area(request, q.area, figures=True)
    try:
        return coverage(area.code, parse_minutes(q.minutes), q.speed_kmh)
    except CoverageError as exc:
        raise HttpError(400, str(exc)) from exc


@router.get("/reach", summary="The minutes from the nearest police post to each grid of an area (the map's layer)")
def get_reach(request: HttpRequest, q: Query[CoverageQuery]) -> dict:
    area = _area(request, q.area, figures=True)
    try:
        minutes = parse_minutes(q.minutes)
        answer = coverage(area.code, minutes, q.speed_kmh)
    except CoverageError as exc:
        raise HttpError(400, str(exc)) from exc
    from .coverage import district_coverage

    grids = {c: t for c, t in district_coverage(minutes, q.speed_kmh)["grid_minutes"].items()
             if c.startswith(scope_prefix(area.code))}
    return {"area": area.code, "minutes": answer["minutes"], "grids": grids, "below_target": answer["below_target"],
            "synthetic_roads": answer["synthetic_roads"], "posts": posts_near(request.user, area.code)}


def posts_near(user: object, code: str) -> list[dict]:
    """The police stations and rooms the reader may see that serve the area, or the area above it (the map's
    markers)."""
    posts = PolicePost.objects.visible_to(user).select_related("unit__area").order_by("unit__area__code", "kind",
                                                                                       "unit__code")
    return [{"id": p.pk, "kind": p.kind, "name": p.unit.name, "lon": round(p.lon, 6), "lat": round(p.lat, 6)}
            for p in posts if p.unit.area.code.startswith(scope_prefix(code)) or code.startswith(p.unit.area.code)]


@router.get("/plan", summary="Where N new police rooms would reach the most households (greedy maximum coverage)")
def get_plan(request: HttpRequest, q: Query[PlanQuery]) -> dict:
    area = _area(request, q.area, figures=True)
    return suggest(area.code, q.rooms, q.minutes, q.speed_kmh)


class TransferIn(Schema):
    incident_number: str = Field(..., pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{5,31}$",
                                 description="the police incident number (6 to 32 letters, digits or hyphens)")
    category: str = Field(..., pattern=r"^[0-9A-Za-z]{2,10}$", description="category code, e.g. 1001")
    description: Text(4000, min_length=1)
    lon: Lon
    lat: Lat
    crs: CrsName = "wgs84"
    urgency: Literal["normal", "urgent"] = "normal"
    citizen_name: Text(50) = ""
    citizen_phone: str = Field("", max_length=30, pattern=r"^[0-9+\- ]*$")
    confirm_location: bool = Field(False, description="take a point outside your jurisdiction as given")


@router.post("/transfers", response={200: dict, 201: dict},
             summary="A non-police matter handed over from 110 (the same incident again: 200 with its case)")
def create_transfer(request: HttpRequest, body: TransferIn):
    category = category_by_code(body.category)
    if category is None or not category.active:
        raise HttpError(400, _("unknown category %(code)r: use a code from /api/v1/categories")
                        % {"code": body.category})
    try:
        reported, station = record_transfer(
            request.user, incident_number=body.incident_number, category=category, description=body.description,
            lon=body.lon, lat=body.lat, crs=body.crs, urgency=body.urgency, citizen_name=body.citizen_name,
            citizen_phone=body.citizen_phone, confirm_location=body.confirm_location)
    except LocationUnconfirmed as exc:
        raise location_refusal(exc) from exc
    except ActionError as exc:
        raise HttpError(exc.status_code, exc.message) from exc
    return HttpStatus(201 if reported.created else 200, {
        "case": case_dict(reported.case, request.user), "incident_number": body.incident_number,
        "station": {"id": station.pk, "name": station.name}})
