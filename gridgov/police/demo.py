"""The demo's police: a station per township (the township's existing police unit), police rooms serving 5-8
villages each in the countryside and one per community in town (sub-districts), every village's liaison officer
(the demo's village police) and one auxiliary officer per room, and a SYNTHETIC road network: main roads between
the township seats and local roads along the grid's edges. Bulk writes: a few seconds."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import shapely
from scipy.sparse.csgraph import minimum_spanning_tree
from scipy.spatial import cKDTree, distance_matrix

from gridgov.geo.models import Area
from gridgov.org import directory
from gridgov.org.models import Department, Role, Staff, Unit, UnitKind
from gridgov.revisions.cache import bump

from .models import Liaison, PolicePost, PostKind, Road

MAIN_STEP_DEG = 0.003  # main roads follow the grid's vertices sampled every ~300 m


def room_groups(villages: list[Any]) -> list[list[Any]]:
    """Consecutive villages (reading order) in as few groups of at most 8 as possible, sizes as even as possible
    (so 5-8 from 10 villages on), and at least two rooms per station."""
    n = len(villages)
    if n == 0:
        return []
    k = max(min(2, n), math.ceil(n / 8))
    return [list(part) for part in np.array_split(np.array(villages, dtype=object), k)]


def build(areas: dict[str, Area], seed: int = 1, log: Callable[[str], None] | None = None) -> dict[str, int]:
    Road.objects.all().delete()  # the demo rebuilds its roads with everything else
    towns = sorted((a for a in areas.values() if a.level == 2), key=lambda a: a.code)
    villages = sorted((a for a in areas.values() if a.level == 3), key=lambda a: a.code)
    by_town: dict[str, list[Area]] = {}
    for v in villages:
        by_town.setdefault(v.code[:9], []).append(v)
    police = {u.area_id: u for u in Unit.objects.filter(kind=UnitKind.DEPARTMENT, area__level=2,
                                                        department=Department.PUBLIC_SECURITY)}
    seat = {a.code: shapely.point_on_surface(a.shape) for a in [*towns, *villages]}
    stations = [PolicePost(unit=police[t.id], kind=PostKind.STATION, lon=seat[t.code].x, lat=seat[t.code].y)
                for t in towns if t.id in police]
    PolicePost.objects.bulk_create(stations)
    station_of = {p.unit.area_id: p for p in stations}
    room_units, room_villages = [], []
    for t in towns:
        station = station_of.get(t.id)
        if station is None:
            continue
        street = int(t.code[-3:]) < 100
        groups = [[v] for v in by_town.get(t.code, [])] if street else room_groups(by_town.get(t.code, []))
        for n, group in enumerate(groups, start=1):
            name = f"{group[0].name}警务室" if street else f"{t.name}第{n}警务室"
            room_units.append(Unit(code=f"{t.code}-policeroom-{n}", name=name, kind=UnitKind.DEPARTMENT,
                                   department=Department.PUBLIC_SECURITY, area=group[0], parent=station.unit,
                                   phone=station.unit.phone))
            room_villages.append((station, group))
    Unit.objects.bulk_create(room_units)
    rooms = []
    for unit, (station, group) in zip(room_units, room_villages, strict=True):
        middle = seat[group[len(group) // 2].code]
        rooms.append(PolicePost(unit=unit, kind=PostKind.ROOM, station=station, lon=middle.x, lat=middle.y))
    PolicePost.objects.bulk_create(rooms)
    through = PolicePost.villages.through
    through.objects.bulk_create([through(policepost_id=room.pk, area_id=v.pk)
                                 for room, (_, group) in zip(rooms, room_villages, strict=True) for v in group])
    room_of = {v.code: room for room, (_, group) in zip(rooms, room_villages, strict=True) for v in group}
    liaisons = [Liaison(village_id=s.area_id, staff=s, post=room_of[s.area.code])
                for s in Staff.objects.filter(role=Role.POLICE_LIAISON, area__level=3).select_related("area")
                if s.area.code in room_of]
    Liaison.objects.bulk_create(liaisons)
    roads = synthetic_roads(areas, [seat[t.code] for t in towns])
    Road.objects.bulk_create(roads, batch_size=2000)
    bump(Road._meta.db_table, PolicePost._meta.db_table, Unit._meta.db_table)
    directory.forget()
    counts = {"stations": len(stations), "rooms": len(rooms), "liaisons": len(liaisons), "roads": len(roads)}
    if log is not None:
        log("police: {stations} stations, {rooms} rooms, {liaisons} liaisons; {roads} roads (SYNTHETIC, generated "
            "for the demo, not surveyed)".format(**counts))
    return counts


def synthetic_roads(areas: dict[str, Area], seats: list[Any]) -> list[Road]:
    """Local roads along the edges of the finest grids; main roads joining the township seats (a minimum spanning
    tree), drawn through the grid's own vertices so that they meet the local roads. Marked synthetic."""
    finest = max(x.level for x in areas.values())  # once: asked for each area, it made the demo quadratic
    leaves = [a for a in areas.values() if a.level == finest]
    roads, vertices = [], []
    for a in leaves:
        for part in shapely.get_parts(a.shape):
            ring = shapely.simplify(part.exterior, 0.0002)
            roads.append(Road(geometry=shapely.to_wkb(ring), road_class="local", synthetic=True))
            vertices.append(shapely.get_coordinates(ring))
    if not vertices or len(seats) < 2:
        return roads
    xy = np.concatenate(vertices)
    tree = cKDTree(xy)
    pts = np.array([[p.x, p.y] for p in seats])
    mst = minimum_spanning_tree(distance_matrix(pts, pts)).tocoo()
    for i, j in zip(mst.row, mst.col, strict=True):
        steps = max(2, int(np.hypot(*(pts[j] - pts[i])) / MAIN_STEP_DEG))
        line = pts[i] + np.linspace(0, 1, steps)[:, None] * (pts[j] - pts[i])
        _, idx = tree.query(line)
        idx = idx[np.r_[True, idx[1:] != idx[:-1]]]
        if len(idx) >= 2:
            roads.append(Road(geometry=shapely.to_wkb(shapely.LineString(xy[idx])), road_class="main",
                              speed_kmh=60, synthetic=True))
    return roads
