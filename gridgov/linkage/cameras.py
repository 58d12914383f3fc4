"""The camera registry's import: a CSV (header ``device_id,name,lon,lat,crs,kind``, optional ``owner`` unit code and
``status``) or a GeoJSON FeatureCollection of Points with the same properties. Every row is checked; a file with
any bad row imports nothing, and each bad row is reported by its line (CSV) or feature number (GeoJSON)."""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gridgov.audit.actions import record_event
from gridgov.geo.coords import CRS_CHOICES
from gridgov.geo.locator import get_locator
from gridgov.geo.models import Area
from gridgov.org.models import Unit

from .deviceid import BadDeviceId, parse
from .models import Camera, CameraKind, CameraStatus

HEADER = ("device_id", "name", "lon", "lat", "crs", "kind")
MAX_ROWS = 100_000


@dataclass
class Problem:
    where: str  # "line 3" or "feature 2"
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class ImportResult:
    cameras: list[Camera] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    created: int = 0
    updated: int = 0


def county_codes() -> frozenset[str]:
    """This install's counties: the codes of its district-level areas (GB/T 2260)."""
    return frozenset(Area.objects.filter(level=1).values_list("code", flat=True))


def rows_of(text: str) -> tuple[list[tuple[str, dict[str, Any]]], list[Problem]]:
    """(where, properties) per row of a CSV or GeoJSON text."""
    if text.lstrip().startswith("{"):
        return _geojson_rows(text)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [h for h in HEADER if h not in (reader.fieldnames or [])]
    if missing:
        return [], [Problem(_("line %(n)d") % {"n": 1}, _("the header lacks %(cols)s; it must start with %(header)s")
                            % {"cols": ", ".join(missing), "header": ",".join(HEADER)})]
    out = []
    for row in reader:
        out.append((_("line %(n)d") % {"n": reader.line_num}, row))
        if len(out) > MAX_ROWS:
            return [], [Problem(_("line %(n)d") % {"n": reader.line_num}, _("more than %(n)d rows") % {"n": MAX_ROWS})]
    return out, []


def _geojson_rows(text: str) -> tuple[list[tuple[str, dict[str, Any]]], list[Problem]]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        return [], [Problem("GeoJSON", _("not valid JSON: %(e)s") % {"e": exc})]
    feats = data.get("features") if isinstance(data, dict) else None
    if not isinstance(feats, list):
        return [], [Problem("GeoJSON", _("expected a FeatureCollection"))]
    out, problems = [], []
    for i, f in enumerate(feats[:MAX_ROWS + 1], start=1):
        where = _("feature %(n)d") % {"n": i}
        geom = f.get("geometry") if isinstance(f, dict) else None
        props = f.get("properties") if isinstance(f, dict) else None
        if not isinstance(geom, dict) or geom.get("type") != "Point" or not isinstance(props, dict):
            problems.append(Problem(where, _("expected a Point feature with properties")))
            continue
        coords = geom.get("coordinates") or []
        out.append((where, {**props, "lon": coords[0] if len(coords) > 0 else "",
                            "lat": coords[1] if len(coords) > 1 else ""}))
    return out, problems


def _number(value: Any) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def check_rows(rows: list[tuple[str, dict[str, Any]]]) -> ImportResult:
    """The cameras the rows describe (not saved), or the problems of every bad row."""
    result = ImportResult()
    counties, locator, seen = county_codes(), get_locator(), {}
    units = {u.code: u for u in Unit.objects.all()}
    for where, row in rows:
        why = _row_problem(row, counties, seen, units)
        device_id = str(row.get("device_id") or "").strip()
        if why is None:
            crs = str(row.get("crs") or "wgs84").strip().lower()
            lon, lat = _number(row.get("lon")), _number(row.get("lat"))
            found = locator.locate(lon, lat, crs)
            if not found.inside:
                why = _("the point (%(lon)s, %(lat)s, %(crs)s) lies outside the grid") % {
                    "lon": lon, "lat": lat, "crs": crs}
        if why is not None:
            result.problems.append(Problem(where, why))
            continue
        seen[device_id] = where
        d = parse(device_id, counties)
        result.cameras.append(Camera(
            device_id=device_id, centre_code=d.centre, industry=d.industry, type_code=d.type, network=d.network,
            serial=d.serial, name=str(row["name"]).strip(), kind=str(row.get("kind") or "").strip(),
            status=str(row.get("status") or CameraStatus.ONLINE).strip(), lon=found.lon, lat=found.lat,
            reported_lon=lon, reported_lat=lat, reported_crs=crs, area_code=found.path[-1].code,
            owner_unit=units.get(str(row.get("owner") or "").strip())))
    return result


def _row_problem(row: dict[str, Any], counties: frozenset[str], seen: dict[str, str],
                 units: dict[str, Unit]) -> str | None:
    device_id = str(row.get("device_id") or "").strip()
    try:
        parse(device_id, counties)
    except BadDeviceId as exc:
        return _("device ID %(id)r: %(why)s") % {"id": device_id[:30], "why": exc}
    if device_id in seen:
        return _("device ID %(id)s appears twice (also %(where)s)") % {"id": device_id, "where": seen[device_id]}
    name = str(row.get("name") or "").strip()
    if not name or len(name) > 100 or "\x00" in name:
        return _("the name must be 1 to 100 characters")
    lon, lat = _number(row.get("lon")), _number(row.get("lat"))
    if lon is None or lat is None or not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return _("lon and lat must be numbers on the globe")
    if str(row.get("crs") or "wgs84").strip().lower() not in CRS_CHOICES:
        return _("unknown coordinate system %(crs)r; use one of %(all)s") % {
            "crs": str(row.get("crs"))[:20], "all": ", ".join(CRS_CHOICES)}
    if str(row.get("kind") or "").strip() not in CameraKind.values:
        return _("unknown kind %(kind)r; use one of %(all)s") % {
            "kind": str(row.get("kind"))[:30], "all": ", ".join(CameraKind.values)}
    if str(row.get("status") or CameraStatus.ONLINE).strip() not in CameraStatus.values:
        return _("unknown status %(s)r; use one of %(all)s") % {
            "s": str(row.get("status"))[:30], "all": ", ".join(CameraStatus.values)}
    owner = str(row.get("owner") or "").strip()
    if owner and owner not in units:
        return _("no unit with the code %(code)r") % {"code": owner[:40]}
    return None


FIELDS = ["centre_code", "industry", "type_code", "network", "serial", "name", "kind", "status", "lon", "lat",
          "reported_lon", "reported_lat", "reported_crs", "area_code", "owner_unit"]


def import_cameras(text: str, actor: Any = None, *, dry_run: bool = False) -> ImportResult:
    """Check every row; when all are good (and not ``dry_run``) add the new cameras and update the known ones, in
    one transaction, audited."""
    rows, problems = rows_of(text)
    result = check_rows(rows)
    result.problems[:0] = problems
    if result.problems:
        result.cameras = []
        return result
    known = set(Camera.objects.filter(device_id__in=[c.device_id for c in result.cameras])
                .values_list("device_id", flat=True))
    result.created = sum(c.device_id not in known for c in result.cameras)
    result.updated = len(result.cameras) - result.created
    if dry_run:
        return result
    with transaction.atomic():
        Camera.objects.bulk_create(result.cameras, batch_size=1000, update_conflicts=True,
                                   unique_fields=["device_id"], update_fields=FIELDS)
        record_event(actor, "import", object_type="linkage.Camera", object_repr=_("%(n)d cameras imported") % {
            "n": len(result.cameras)}, changes={"created": result.created, "updated": result.updated})
    return result
