"""Geography over HTTP: areas as GeoJSON (scoped), locate one point or many."""

from __future__ import annotations

from typing import Literal

import numpy as np
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from gridgov.types import Lat, Lon

from .index import OUTSIDE
from .io import areas_geojson
from .locator import get_locator
from .models import Area, scope_prefix

router = Router(tags=["geo"])
CrsName = Literal["wgs84", "gcj02", "bd09", "cgcs2000"]
MAX_BULK = 100_000


class AreaFilter(Schema):
    level: int = Field(2, ge=-1, le=9, description="tree level: -1 province, 0 city, 1 district … 5 fifth-level grid")
    within: str | None = Field(None, pattern=r"^\d{6,30}$", description="only areas under this code")


class PointIn(Schema):
    lon: Lon
    lat: Lat
    crs: CrsName = "wgs84"


class StepOut(Schema):
    code: str
    name: str
    level: int


class LocatedOut(Schema):
    inside: bool
    path: list[StepOut]


class BulkIn(Schema):
    lons: list[Lon] = Field(..., max_length=MAX_BULK)
    lats: list[Lat] = Field(..., max_length=MAX_BULK)
    crs: CrsName = "wgs84"


class BulkOut(Schema):
    codes: list[str | None]


@router.get("/areas", summary="Areas of one level as a GeoJSON FeatureCollection (WGS-84)")
def list_areas(request: HttpRequest, filters: Query[AreaFilter]) -> dict:
    qs = Area.objects.visible_to(request.user).filter(level=filters.level)
    if filters.within:
        qs = qs.filter(code__startswith=scope_prefix(filters.within))  # a city's 411600: its counties' 4116…
    return areas_geojson(qs)


@router.get("/locate", response=LocatedOut, summary="The path from the district down to the grid holding a point")
def locate(request: HttpRequest, point: Query[PointIn]) -> dict:
    return get_locator().locate(point.lon, point.lat, point.crs).as_dict()


@router.post("/locate/bulk", response=BulkOut, summary="The deepest area code for each point (null outside)")
def locate_bulk(request: HttpRequest, body: BulkIn) -> dict:
    if len(body.lons) != len(body.lats):
        raise HttpError(400, "lons and lats must have the same length")
    loc = get_locator()
    idx = loc.locate_many(np.array(body.lons), np.array(body.lats), body.crs)
    codes = loc.snap.codes
    return {"codes": [codes[i] if i != OUTSIDE else None for i in idx.tolist()]}


class PlaceOut(Schema):
    code: str
    name: str
    level: int
    lon: float
    lat: float


@router.get("/search", response=list[PlaceOut], summary="Areas whose name contains the text, with a point inside each")
def search_areas(request: HttpRequest, q: str = Query(..., min_length=1, max_length=50)) -> list[dict]:
    found = Area.objects.visible_to(request.user).filter(name__icontains=q.strip()).order_by("level", "code")[:10]
    out = []
    for a in found:
        p = a.shape.representative_point()
        out.append({"code": a.code, "name": a.name, "level": a.level, "lon": p.x, "lat": p.y})
    return out
