"""Field API: record a patrol from the phone (session or bearer token)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja import Status as HttpStatus
from ninja.errors import HttpError

from gridgov.types import Lat, Lon, Text, UnixSeconds

from .actions import MAX_POINTS, PatrolError, record_patrol

router = Router(tags=["field"])


class PatrolIn(Schema):
    track: list[tuple[Lon, Lat, UnixSeconds]] = Field(..., min_length=2, max_length=MAX_POINTS,
                                                      description="[[lon, lat, unix seconds], …] WGS-84")
    idempotency_key: Text(64, min_length=8)
    note: Text(500) = ""


class PatrolOut(Schema):
    id: int
    area_code: str
    started_at: datetime
    ended_at: datetime
    points: int
    length_m: float
    inside_share: float


@router.post("/patrols", response={200: PatrolOut, 201: PatrolOut}, summary="Record a patrol with its GPS track")
def create_patrol(request: HttpRequest, body: PatrolIn):
    try:
        p, created = record_patrol(request.user, track=[list(t) for t in body.track],
                                   idempotency_key=body.idempotency_key, note=body.note)
    except PatrolError as exc:
        raise HttpError(exc.status_code, exc.message) from exc
    out = {"id": p.pk, "area_code": p.area.code, "started_at": p.started_at, "ended_at": p.ended_at,
           "points": p.points, "length_m": p.length_m, "inside_share": p.inside_share}
    return HttpStatus(201 if created else 200, out)
