"""Is a staff member's report where they work? A point sent in the wrong coordinate system (GCJ-02 from a Chinese
map SDK sent as WGS-84 lands some 500 m away) would otherwise be filed silently in another grid. Before such a report
is stored, the reporter is asked to confirm the place or name the coordinate system.

A point needs confirming when it lies outside the reporter's jurisdiction, or more than
``GRIDGOV_REPORT_OUTSIDE_GRID_METRES`` outside the reporter's own area (their grid, for a grid worker).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import shapely
from django.conf import settings
from shapely.ops import nearest_points

from gridgov.geo.coords import metres_between
from gridgov.geo.scoping import jurisdiction_of
from gridgov.org.models import Staff


@dataclass(frozen=True)
class Misplaced:
    code: str  # "outside_jurisdiction" or "far_from_grid"
    metres: int  # how far the point lies outside the reporter's own area
    area_code: str  # where it would be filed
    area_name: str
    own_area: str  # the reporter's own area, by name


def metres_outside(staff: Staff, lon: float, lat: float) -> float:
    """How far (WGS-84) the point lies outside the staff member's own area; 0 inside it."""
    shape = staff.area.shape
    point = shapely.Point(lon, lat)
    if shape.covers(point):
        return 0.0
    nearest = nearest_points(shape, point)[0]
    return metres_between(lon, lat, nearest.x, nearest.y)


def misplaced(reporter: Any, staff: Staff, lon: float, lat: float, path: list[dict[str, Any]]) -> Misplaced | None:
    """Why this staff report's point (WGS-84, located on ``path``) needs confirming; None when it does not."""
    where = path[-1]
    own = staff.area
    if where["code"].startswith(own.code):
        return None  # inside the reporter's own area
    outside = not jurisdiction_of(reporter).covers(where["code"])
    metres = metres_outside(staff, lon, lat)
    if not outside and metres <= settings.GRIDGOV_REPORT_OUTSIDE_GRID_METRES:
        return None
    return Misplaced("outside_jurisdiction" if outside else "far_from_grid", round(metres), where["code"],
                     where["name"], own.name)
