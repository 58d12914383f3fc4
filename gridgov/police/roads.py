"""Roads in: a GeoJSON FeatureCollection of LineStrings (or MultiLineStrings) in a declared coordinate system, with
optional ``class`` and ``speed`` (km/h) properties. Every bad feature is reported by its number and reason, and a
file with any bad feature imports nothing."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from django.db import transaction

from gridgov.audit.actions import record_event
from gridgov.geo.coords import CRS_CHOICES, to_wgs84
from gridgov.revisions.cache import bump

from .models import Road

MAX_ROADS = 200_000
MAX_CLASS = 30


@dataclass
class RoadReport:
    accepted: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)
    imported: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "problems": self.problems, "imported": self.imported}


def _line(geom: dict[str, Any], crs: str) -> shapely.Geometry:
    line = shapely.from_geojson(json.dumps(geom))
    if line.geom_type not in ("LineString", "MultiLineString"):
        raise ValueError(f"a road is a LineString or MultiLineString, not a {line.geom_type}")
    coords = shapely.get_coordinates(line)
    if len(coords) < 2 or not np.isfinite(coords).all():
        raise ValueError("a road needs at least two finite points")
    if (np.abs(coords[:, 0]) > 180).any() or (np.abs(coords[:, 1]) > 90).any():
        raise ValueError("coordinates must be longitude, latitude in degrees")
    x, y = to_wgs84(coords[:, 0], coords[:, 1], crs)
    return shapely.set_coordinates(line, np.column_stack([x, y]))


def parse_roads(text: str, crs: str) -> tuple[list[Road], RoadReport]:
    report = RoadReport()
    if crs not in CRS_CHOICES:
        raise ValueError(f"unknown coordinate system {crs!r}; use one of {', '.join(CRS_CHOICES)}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg} at line {exc.lineno}") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or \
            not isinstance(data.get("features"), list):
        raise ValueError("expected a GeoJSON FeatureCollection")
    if len(data["features"]) > MAX_ROADS:
        raise ValueError(f"at most {MAX_ROADS:,} roads in one file")
    roads = []
    for n, feat in enumerate(data["features"], start=1):
        try:
            if not isinstance(feat, dict) or not isinstance(feat.get("geometry"), dict):
                raise ValueError("a feature with a geometry is expected")
            props = feat.get("properties") or {}
            if not isinstance(props, dict):
                raise ValueError("properties must be an object")
            road_class = props.get("class") or ""
            if not isinstance(road_class, str) or len(road_class) > MAX_CLASS or "\x00" in road_class:
                raise ValueError(f"class must be text of at most {MAX_CLASS} characters")
            speed = props.get("speed")
            if speed is not None and (isinstance(speed, bool) or not isinstance(speed, int | float)
                                      or not math.isfinite(speed) or not 1 <= speed <= 200):
                raise ValueError("speed must be a number of km/h between 1 and 200")
            line = _line(feat["geometry"], crs)
        except (ValueError, TypeError, shapely.errors.GEOSException) as exc:
            report.problems.append({"feature": n, "reason": str(exc)})
            continue
        roads.append(Road(geometry=shapely.to_wkb(line), road_class=road_class,
                          speed_kmh=float(speed) if speed is not None else None))
    report.accepted = len(roads)
    return roads, report


def import_roads(text: str, crs: str, *, replace: bool = True, actor: Any = None) -> RoadReport:
    """Replace the road network with the file's roads; nothing imported when any feature is bad."""
    roads, report = parse_roads(text, crs)
    if report.problems:
        return report
    with transaction.atomic():
        if replace:
            Road.objects.all().delete()
        Road.objects.bulk_create(roads, batch_size=2000)
        bump(Road._meta.db_table)
        record_event(actor, "police.import_roads", object_type="police.Road", object_repr="roads",
                     changes={"roads": len(roads), "crs": crs, "replaced": replace})
    report.imported = True
    return report
