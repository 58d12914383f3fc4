"""Cameras over HTTP (scoped reads), and the alarm webhook: ``POST /api/v1/alarms/{source}``, authenticated by its
Standard Webhooks signature, not by a login."""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus
from ninja.errors import HttpError, ValidationError
from pydantic import ValidationError as PydanticError
from pydantic import model_validator

from gridgov.cases.models import AREA_FIGURES_REFUSED, sees_area_figures
from gridgov.errors import CodedError
from gridgov.geo.models import Area, scope_prefix
from gridgov.types import Lat, Lon, Moment, Text

from .actions import Unauthorised, Unprocessable, authenticate, receive_alarm
from .models import Camera

cameras = Router(tags=["cameras"])
alarms = Router(tags=["alarms"])
MAX_CAMERAS = 50_000


class CameraFilter(Schema):
    within: str | None = Field(None, pattern=r"^\d{6,30}$", description="only cameras in this area (code)")


class CameraOut(Schema):
    device_id: str
    name: str
    kind: str
    status: str
    type_code: str
    lon: float
    lat: float
    area_code: str


class GapsOut(Schema):
    grids: int
    without_camera: list[dict[str, str]]


def area_assets(request: HttpRequest) -> None:
    """The district's cameras are an area's assets, not a unit's work: refused to departments, like an area's
    figures (``sees_area_figures``)."""
    if not sees_area_figures(request.user):
        raise HttpError(403, str(AREA_FIGURES_REFUSED))


@cameras.get("", response=list[CameraOut], summary="Cameras in the caller's jurisdiction (WGS-84)")
def list_cameras(request: HttpRequest, f: Query[CameraFilter]) -> list[Camera]:
    area_assets(request)
    qs = Camera.objects.visible_to(request.user)
    if f.within:
        qs = qs.filter(area_code__startswith=scope_prefix(f.within))
    return list(qs.only(*CameraOut.model_fields)[:MAX_CAMERAS])


@cameras.get("/gaps", response=GapsOut, summary="Grids of the finest level without a camera (coverage gaps)")
def camera_gaps(request: HttpRequest, f: Query[CameraFilter]) -> dict:
    area_assets(request)
    areas = Area.objects.visible_to(request.user)
    if f.within:
        areas = areas.filter(code__startswith=scope_prefix(f.within))
    finest = areas.aggregate(m=Max("level"))["m"]
    grids = list(areas.filter(level=finest).values_list("code", "name")) if finest else []
    covered = set(Camera.objects.visible_to(request.user).values_list("area_code", flat=True).distinct())
    return {"grids": len(grids),
            "without_camera": [{"code": c, "name": n} for c, n in grids if c not in covered]}


CrsName = Literal["wgs84", "gcj02", "bd09", "cgcs2000"]


class AlarmIn(Schema):
    device_id: str = Field(..., pattern=r"^\d{20}$", description="GB/T 28181 device ID (20 digits)")
    event_type: str = Field(..., pattern=r"^[a-z0-9_]{1,40}$", description="e.g. fence_intrusion, fire_smoke")
    occurred_at: Moment
    lon: Lon | None = None
    lat: Lat | None = None
    crs: CrsName = "wgs84"
    snapshot_url: str | None = Field(None, max_length=500, pattern=r"^https?://[^\s\x00]+$",
                                     description="a link to the picture, kept as text, never fetched by the server")
    snapshot: str | None = Field(None, description="the picture itself, base64 (JPEG, PNG or WebP)")
    description: Text(500) = ""  # type: ignore[valid-type]

    @model_validator(mode="after")
    def both_or_neither(self) -> AlarmIn:
        if (self.lon is None) != (self.lat is None):
            raise ValueError(_("lon and lat come together"))
        if self.snapshot and self.snapshot_url:
            raise ValueError(_("send snapshot or snapshot_url, not both"))
        return self


class CaseRef(Schema):
    id: int
    number: str


class AlarmOut(Schema):
    case: CaseRef
    created: bool


class Refusal(Schema):
    detail: str | list
    message: str
    code: str


@alarms.post("/{source}", auth=None, response={200: AlarmOut, 201: AlarmOut, 401: Refusal, 413: Refusal,
                                                422: Refusal},
             summary="An alarm from a video platform or fence controller (Standard Webhooks signature, no login)",
             openapi_extra={"requestBody": {"content": {"application/json": {"schema": AlarmIn.model_json_schema()}},
                                            "required": True}})
def post_alarm(request: HttpRequest, source: str) -> HttpStatus:
    body = request.body
    if len(body) > settings.GRIDGOV_ALARM_MAX_BODY_BYTES:
        raise CodedError(413, _("the alarm is larger than %(n)d bytes") % {"n": settings.GRIDGOV_ALARM_MAX_BODY_BYTES},
                         "too_large")
    headers = {k: request.headers.get(f"webhook-{k}", "") for k in ("id", "timestamp", "signature")}
    now = timezone.now()
    try:
        src = authenticate(source, headers, body, now)
    except Unauthorised as exc:
        raise CodedError(401, exc.message, "bad_signature") from exc
    if len(headers["id"]) > 100:
        raise CodedError(422, _("webhook-id is longer than 100 characters"), "invalid_input")
    try:
        alarm = AlarmIn.model_validate_json(body)
    except PydanticError as exc:
        raise ValidationError(exc.errors(include_url=False, include_context=False)) from exc
    try:
        got = receive_alarm(src, headers["id"], alarm, now)
    except Unprocessable as exc:
        raise CodedError(422, exc.message, exc.code) from exc
    return HttpStatus(201 if got.created else 200, {"case": {"id": got.case.pk, "number": got.case.number},
                                                    "created": got.created})
