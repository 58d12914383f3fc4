"""GeoJSON in and out: parse and repair features, check the tree's topology, export a level."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon

from .coords import CRS_CHOICES, to_wgs84
from .models import AreaKind, code_length, level_of_code, upper_code

SQ_METRES_TOLERANCE = 1.0  # overlaps, gaps and overhangs smaller than this are floating-point noise


@dataclass
class Problem:
    kind: str  # invalid_geometry | repaired | bad_code | missing_parent | outside_parent | overlap | gap | duplicate
    code: str
    message: str
    feature: int | None = None
    other_code: str | None = None
    area_m2: float | None = None


@dataclass
class ParsedArea:
    code: str
    name: str
    level: int
    geom: shapely.Geometry
    parent_code: str | None
    kind: str = AreaKind.COMPREHENSIVE
    households: int | None = None
    residents: int | None = None
    feature: int | None = None


@dataclass
class ImportReport:
    accepted: list[ParsedArea] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def rejected(self) -> list[Problem]:
        return [p for p in self.problems if p.kind in REJECTING]

    def as_dict(self) -> dict[str, Any]:
        return {
            "accepted": len(self.accepted),
            "problems": [asdict(p) for p in self.problems],
        }


REJECTING = {"invalid_geometry", "bad_code", "missing_parent", "duplicate"}


def m2_per_deg2(lat: float) -> float:
    return 111_320.0**2 * max(math.cos(math.radians(lat)), 1e-6)


def polygonal_part(geom: shapely.Geometry) -> shapely.Geometry:
    polys: list[Polygon] = []
    for part in shapely.get_parts(geom):
        if isinstance(part, Polygon):
            polys.append(part)
        elif isinstance(part, MultiPolygon):
            polys.extend(part.geoms)
        elif part.geom_type == "GeometryCollection":
            sub = polygonal_part(part)
            polys.extend(shapely.get_parts(sub) if not sub.is_empty else [])
    polys = [p for p in polys if not p.is_empty and p.area > 0]
    if not polys:
        return Polygon()
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def convert_geometry(geom: shapely.Geometry, crs: str) -> shapely.Geometry:
    if crs in ("wgs84", "cgcs2000"):
        return geom

    def fn(coords: np.ndarray) -> np.ndarray:
        x, y = to_wgs84(coords[:, 0], coords[:, 1], crs)
        return np.column_stack([x, y])

    return shapely.transform(geom, fn)


def parse_features(data: dict[str, Any] | str, crs: str) -> ImportReport:
    """Read a FeatureCollection whose features carry ``code`` and ``name`` (optionally ``parent_code``, ``kind``,
    ``households``, ``residents``). Coordinates are in ``crs`` and come out in WGS-84."""
    if crs not in CRS_CHOICES:
        raise ValueError(f"unknown coordinate system {crs!r}; use one of {', '.join(CRS_CHOICES)}")
    if isinstance(data, str):
        data = json.loads(data)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValueError("expected a GeoJSON FeatureCollection")
    report = ImportReport()
    seen: set[str] = set()
    for i, feat in enumerate(data.get("features") or []):
        props = (feat or {}).get("properties") or {}
        code = str(props.get("code") or props.get("adcode") or "").strip()
        name = str(props.get("name") or "").strip()
        level = level_of_code(code)
        if level is None:
            report.problems.append(Problem("bad_code", code, "the code must be 6 digits (county) plus 3 digits per "
                                           "level below", feature=i))
            continue
        if code in seen:
            report.problems.append(Problem("duplicate", code, "the code appears twice in the file", feature=i))
            continue
        if not name:
            report.problems.append(Problem("bad_code", code, "the feature has no name", feature=i))
            continue
        parent_code = str(props.get("parent_code") or "") or (code[: code_length(level - 1)] if level > 1 else None)
        if parent_code and parent_code != upper_code(code):  # a county's city, a city's province: by GB/T 2260
            report.problems.append(Problem("bad_code", code, f"the code does not extend its parent's code "
                                           f"{parent_code}", feature=i))
            continue
        try:
            geom = shapely.from_geojson(json.dumps(feat.get("geometry")))
        except Exception as exc:  # noqa: BLE001 - GEOS raises several types; the reason is reported
            report.problems.append(Problem("invalid_geometry", code, f"unreadable geometry: {exc}", feature=i))
            continue
        if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
            kind = geom.geom_type if geom is not None else "nothing"
            report.problems.append(Problem("invalid_geometry", code, f"expected a Polygon or MultiPolygon, got {kind}",
                                           feature=i))
            continue
        if not shapely.is_valid(geom):
            reason = shapely.is_valid_reason(geom)
            repaired = polygonal_part(shapely.make_valid(geom))
            if repaired.is_empty:
                report.problems.append(Problem("invalid_geometry", code, f"invalid polygon that cannot be repaired: "
                                               f"{reason}", feature=i))
                continue
            report.problems.append(Problem("repaired", code, f"invalid polygon repaired: {reason}", feature=i))
            geom = repaired
        geom = convert_geometry(geom, crs)
        kind = props.get("kind") or AreaKind.COMPREHENSIVE
        if kind not in AreaKind.values:
            kind = AreaKind.COMPREHENSIVE
        seen.add(code)
        report.accepted.append(ParsedArea(
            code=code, name=name, level=level, geom=geom, parent_code=parent_code, kind=kind,
            households=_int_or_none(props.get("households")), residents=_int_or_none(props.get("residents")),
            feature=i,
        ))
    return report


def _int_or_none(v: Any) -> int | None:
    try:
        return int(v) if v not in (None, "") else None
    except (TypeError, ValueError):
        return None


def check_topology(
    children_of: dict[str, list[tuple[str, shapely.Geometry]]], parents: dict[str, shapely.Geometry]
) -> list[Problem]:
    """For each parent: children outside it, children overlapping a sibling, and gaps the children leave."""
    problems: list[Problem] = []
    for pcode, kids in sorted(children_of.items()):
        parent = parents.get(pcode)
        if parent is None or not kids:
            continue
        scale = m2_per_deg2(parent.centroid.y)
        geoms = np.array([g for _, g in kids], dtype=object)
        codes = [c for c, _ in kids]
        shapely.prepare(parent)
        for code, g in kids:
            if not shapely.covers(parent, g):
                out = shapely.difference(g, parent).area * scale
                if out > SQ_METRES_TOLERANCE:
                    problems.append(Problem("outside_parent", code, f"sticks out of its parent {pcode} by "
                                            f"{out:,.0f} m²", other_code=pcode, area_m2=round(out, 1)))
        tree = shapely.STRtree(geoms)
        a, b = tree.query(geoms, predicate="intersects")
        for i, j in zip(a, b, strict=True):
            if i >= j:
                continue
            shared = shapely.intersection(geoms[i], geoms[j]).area * scale
            if shared > SQ_METRES_TOLERANCE:
                problems.append(Problem("overlap", codes[i], f"overlaps its sibling {codes[j]} by {shared:,.0f} m²",
                                        other_code=codes[j], area_m2=round(shared, 1)))
        gap = shapely.difference(parent, shapely.union_all(geoms)).area * scale
        if gap > SQ_METRES_TOLERANCE:
            problems.append(Problem("gap", pcode, f"its children leave {gap:,.0f} m² uncovered",
                                    area_m2=round(gap, 1)))
    return problems


def areas_geojson(qs: Any) -> dict[str, Any]:
    """A queryset of areas as a GeoJSON FeatureCollection: the one export used by the API and the command line."""
    rows = list(qs.order_by("code").values("code", "name", "level", "parent__code", "kind", "households",
                                           "residents", "geometry"))
    for r in rows:
        r["parent_code"] = r.pop("parent__code")
    return feature_collection(rows)


def feature_collection(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """``rows`` carry code, name, level, parent_code, kind, households, residents and ``geometry`` (WKB)."""
    feats = []
    for r in rows:
        geom = shapely.from_wkb(bytes(r["geometry"]))
        props = {k: v for k, v in r.items() if k != "geometry"}
        feats.append({"type": "Feature", "properties": props, "geometry": json.loads(shapely.to_geojson(geom))})
    return {"type": "FeatureCollection", "crs_name": "wgs84", "features": feats}
