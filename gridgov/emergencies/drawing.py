"""What a person draws on a scenario's map, checked before anything is stored: the area (one simple polygon) and the
routes and points of its extra layers (lines and points, each with a short label). Coordinates are WGS-84 longitude
and latitude, finite and inside the world's window; shapes are bounded in vertices and must lie inside an area of
the reader's jurisdiction. A refusal raises ``ActionError`` with a message a person can act on."""

from __future__ import annotations

import json
import math
import unicodedata
from typing import Any

import shapely
from django.utils.translation import gettext as _

from gridgov.cases.actions import ActionError
from gridgov.geo.models import Area

from .models import DRAWN, LAYERS

MAX_TEXT = 200_000  # characters of GeoJSON a form field may carry
MAX_AREA_VERTICES = 500
MAX_LINE_VERTICES = 500
MAX_FEATURES = 100
MAX_LABEL = 60


def _load(raw: Any) -> Any:
    if isinstance(raw, str):
        if len(raw) > MAX_TEXT:
            raise ActionError(_("the drawing is too large"))
        try:
            return json.loads(raw, parse_constant=lambda c: math.nan)  # NaN / Infinity: caught as not finite below
        except (ValueError, RecursionError) as exc:  # not JSON, or nested deeper than anything a map draws
            raise ActionError(_("the drawing is not GeoJSON")) from exc
    return raw


def _position(p: Any) -> tuple[float, float]:
    """One [lon, lat] pair: numbers (not booleans), finite, inside -180…180 and -90…90."""
    if not isinstance(p, list | tuple) or len(p) not in (2, 3):
        raise ActionError(_("a point of the drawing is not a [longitude, latitude] pair"))
    lon, lat = p[0], p[1]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in (lon, lat)):
        raise ActionError(_("the drawing has a coordinate that is not a finite number"))
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ActionError(_("the drawing has a point outside longitude -180…180 or latitude -90…90"))
    return float(lon), float(lat)


def _ring(r: Any, limit: int) -> list[tuple[float, float]]:
    if not isinstance(r, list):
        raise ActionError(_("the drawing's coordinates are not a list of [longitude, latitude] pairs"))
    if len(r) > limit + 1:
        raise ActionError(_("the drawing has too many points: at most %(n)d") % {"n": limit})
    return [_position(p) for p in r]


def area(raw: Any) -> shapely.Polygon:
    """A drawn area: one GeoJSON Polygon (or a Feature holding one), without holes, valid (its edges do not cross)."""
    g = _load(raw)
    if isinstance(g, dict) and g.get("type") == "Feature":
        g = g.get("geometry")
    if not isinstance(g, dict) or g.get("type") != "Polygon" or not isinstance(g.get("coordinates"), list):
        raise ActionError(_("the boundary is not a GeoJSON polygon"))
    rings = g["coordinates"]
    if len(rings) != 1:
        raise ActionError(_("draw one area without holes"))
    ring = _ring(rings[0], MAX_AREA_VERTICES)
    if len(ring) < 4 or ring[0] != ring[-1]:
        raise ActionError(_("the area needs at least three corners and a closed outline"))
    shape = shapely.Polygon(ring)
    if not shape.is_valid or shape.area <= 0:
        raise ActionError(_("the boundary is not a valid polygon: its edges must not cross"))
    return shape


def _label(props: Any) -> str:
    text = props.get("label") if isinstance(props, dict) else None
    if not isinstance(text, str) or not text.strip():
        raise ActionError(_("give each route and point a label"))
    text = text.strip()
    if len(text) > MAX_LABEL or any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):  # e.g. DEL, U+202E
        raise ActionError(_("a label is at most %(n)d characters on one line, without control characters")
                          % {"n": MAX_LABEL})
    return text


def features(raw: Any) -> tuple[dict, list[shapely.Geometry]]:
    """Drawn routes (LineString) and points (Point), each {"layer": one of the drawn layers, "label": short text}.
    Returns the clean FeatureCollection to store and the shapes (to check against the jurisdiction)."""
    fc = _load(raw)
    if fc in (None, "", {}):
        return {}, []
    if not isinstance(fc, dict) or fc.get("type") != "FeatureCollection" or not isinstance(fc.get("features"), list):
        raise ActionError(_("the routes and points are not a GeoJSON FeatureCollection"))
    if len(fc["features"]) > MAX_FEATURES:
        raise ActionError(_("at most %(n)d routes and points") % {"n": MAX_FEATURES})
    out, shapes = [], []
    for f in fc["features"]:
        g = f.get("geometry") if isinstance(f, dict) else None
        props = f.get("properties") if isinstance(f, dict) else None
        layer = props.get("layer") if isinstance(props, dict) else None
        if not isinstance(layer, str) or layer not in DRAWN:
            raise ActionError(_("each route or point belongs to one of these layers: %(layers)s")
                              % {"layers": "、".join(str(LAYERS[c][0]) for c in DRAWN)})
        label = _label(props)
        want = "LineString" if DRAWN[layer] == "line" else "Point"
        if not isinstance(g, dict) or g.get("type") != want:
            raise ActionError(_("%(layer)s are drawn as %(kind)s") % {
                "layer": LAYERS[layer][0], "kind": _("lines") if want == "LineString" else _("single points")})
        if want == "Point":
            coords: Any = list(_position(g.get("coordinates")))
            shape = shapely.Point(coords)
        else:
            coords = [list(p) for p in _ring(g.get("coordinates"), MAX_LINE_VERTICES)]
            if len(coords) < 2:
                raise ActionError(_("a route needs at least two points"))
            shape = shapely.LineString(coords)
            if shape.length <= 0:
                raise ActionError(_("a route needs at least two different points"))
        shapes.append(shape)
        out.append({"type": "Feature", "geometry": {"type": want, "coordinates": coords},
                    "properties": {"layer": layer, "label": label}})
    return ({"type": "FeatureCollection", "features": out} if out else {}), shapes


def holder(user: Any, shape: shapely.Geometry) -> str:
    """The code of the smallest area of the reader's jurisdiction (district, township or village) holding the shape;
    refuses a shape reaching outside them."""
    for a in Area.objects.visible_to(user).filter(level__lte=3).order_by("-level", "code"):
        if shapely.covers(a.shape.buffer(1e-9), shape):
            return a.code
    raise ActionError(_("the area lies outside your jurisdiction"))


def counts(scenario_features: dict) -> dict[str, int]:
    """How many routes or points each drawn layer holds."""
    out: dict[str, int] = {}
    for f in (scenario_features or {}).get("features", []):
        layer = f.get("properties", {}).get("layer")
        out[layer] = out.get(layer, 0) + 1
    return out
