"""A police station in township 001 with one room per village, liaisons, and a lattice of roads through the centres
of the sixteen finest grids (0.2° apart: ~17 km east-west, ~22 km north-south)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
import shapely

from gridgov.cases.tests.conftest import VILLAGE

VILLAGE2 = "110101001202"


def lattice(areas: dict) -> dict:
    """GeoJSON roads: one line per row and per column of grid centres, meeting at every centre."""
    centres = [shapely.point_on_surface(a.shape) for a in areas.values() if a.level == 5]
    xs = sorted({round(p.x, 6) for p in centres})
    ys = sorted({round(p.y, 6) for p in centres})
    lines = [[[x, y] for x in xs] for y in ys] + [[[x, y] for y in ys] for x in xs]
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"class": "local"}, "geometry": {"type": "LineString", "coordinates": c}}
        for c in lines]}


@pytest.fixture
def police(town, make_staff):
    from gridgov.org.models import Department, Role, Unit, UnitKind
    from gridgov.police.models import Liaison, PolicePost, PostKind
    from gridgov.police.roads import import_roads

    a, u = town.areas, town.units
    leaf = shapely.point_on_surface(a[VILLAGE + "001001"].shape)
    station = PolicePost.objects.create(unit=u.police, kind=PostKind.STATION, lon=leaf.x, lat=leaf.y)
    rooms = []
    for n, code in enumerate((VILLAGE, VILLAGE2), start=1):
        unit = Unit.objects.create(code=f"police-room-{n}", name=f"测试警务室{n}", kind=UnitKind.DEPARTMENT,
                                   department=Department.PUBLIC_SECURITY, area=a[code], parent=u.police)
        rooms.append(PolicePost.objects.create(unit=unit, kind=PostKind.ROOM, station=station, lon=leaf.x,
                                               lat=leaf.y))
        rooms[-1].villages.add(a[code])
    officer = make_staff(Role.POLICE_LIAISON, VILLAGE, "liaison-201", unit=u.police)
    auxiliary = make_staff(Role.POLICE_LIAISON, VILLAGE, "auxiliary-201", unit=rooms[0].unit)
    Liaison.objects.create(village=a[VILLAGE], staff=officer.staff, post=rooms[0])
    Liaison.objects.create(village=a[VILLAGE], staff=auxiliary.staff, post=rooms[0], auxiliary=True)
    handler = make_staff(Role.DEPARTMENT_HANDLER, "110101001", "station-handler", unit=u.police)
    other = Unit.objects.create(code="police-101", name="police-101", kind=UnitKind.DEPARTMENT,
                                department=Department.PUBLIC_SECURITY, area=a["110101101"])
    p2 = shapely.point_on_surface(a["110101101201001001"].shape)
    other_station = PolicePost.objects.create(unit=other, kind=PostKind.STATION, lon=p2.x + 3, lat=p2.y)  # far off
    report = import_roads(json.dumps(lattice(a)), "wgs84")
    assert report.imported, report.problems
    return SimpleNamespace(station=station, rooms=rooms, officer=officer, auxiliary=auxiliary, handler=handler,
                           other=other_station)
