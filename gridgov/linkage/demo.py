"""The demo's cameras: a plausible set for the district — crossroads and public video in every grid, more where more
households live (the towns), a camera at the gate of a school in many villages, and three at each township seat's
busiest grid. Synthetic: the IDs follow GB/T 28181 (county + 00, industry 00, IP camera 132, network 1, serial)."""

from __future__ import annotations

import numpy as np
import shapely

from gridgov.geo.models import Area
from gridgov.org.models import Unit

from .models import Alarm, AlarmStream, Camera, CameraKind


def _points(area: Area, n: int, rng: np.random.Generator) -> list[tuple[float, float]]:
    if n <= 0:
        return []
    geom = area.shape
    x0, y0, x1, y1 = geom.bounds
    xs, ys = rng.uniform(x0, x1, 20 * n), rng.uniform(y0, y1, 20 * n)
    inside = shapely.contains_xy(geom, xs, ys)
    pts = list(zip(xs[inside].tolist(), ys[inside].tolist(), strict=True))[:n]
    if len(pts) < n:
        p = geom.representative_point()
        pts += [(p.x, p.y)] * (n - len(pts))
    return pts


def place_cameras(areas: dict[str, Area], adcode: str, seed: int = 1) -> int:
    """Replace the demo's cameras; returns how many were placed."""
    rng = np.random.default_rng(seed + 28181)
    Alarm.objects.all().delete()
    AlarmStream.objects.all().delete()
    Camera.objects.all().delete()
    units = {u.code: u for u in Unit.objects.filter(code__endswith="-police")} | {
        u.code: u for u in Unit.objects.filter(code__endswith="-station")}
    finest = max(x.level for x in areas.values())  # once: asked for each area, it made the demo quadratic
    leaves = sorted((a for a in areas.values() if a.level == finest), key=lambda a: a.code)
    by_village: dict[str, list[Area]] = {}
    by_town: dict[str, list[Area]] = {}
    for g in leaves:
        by_village.setdefault(g.code[:12], []).append(g)
        by_town.setdefault(g.code[:9], []).append(g)
    cams: list[Camera] = []

    def add(g: Area, kind: str, name: str, n: int = 1) -> None:
        owner = units.get(f"{g.code[:9]}-police") if kind in ("public_video", "traffic") else \
            units.get(f"{g.code[:12]}-station")
        for x, y in _points(g, n, rng):
            serial = len(cams) + 1
            device_id = f"{adcode}00" + "00" + "132" + "1" + f"{serial:06d}"
            cams.append(Camera(device_id=device_id, centre_code=device_id[:8], industry="00", type_code="132",
                               network="1", serial=device_id[14:], name=f"{name}{'' if n == 1 else serial}"[:100],
                               kind=kind, lon=x, lat=y, reported_lon=x, reported_lat=y, area_code=g.code,
                               owner_unit=owner))

    for g in leaves:  # more cameras where more people live; some remote grids have none (coverage gaps)
        n = int(min(4, rng.poisson(0.5 + (g.households or 0) / 600)))
        if n:
            add(g, CameraKind.TRAFFIC, f"{g.name}路口")
        if n > 1:
            add(g, rng.choice([CameraKind.PUBLIC_VIDEO, CameraKind.COMMUNITY]), f"{g.name}监控", n - 1)
    for code, grids in sorted(by_village.items()):
        if rng.random() < 0.4:
            g = grids[int(rng.integers(len(grids)))]
            add(g, CameraKind.SCHOOL, f"{areas[code].name if code in areas else g.name}小学门口")
    for code, grids in sorted(by_town.items()):
        busiest = max(grids, key=lambda a: a.households or 0)
        add(busiest, CameraKind.PUBLIC_VIDEO, f"{areas[code].name if code in areas else busiest.name}镇区", 3)
    Camera.objects.bulk_create(cams, batch_size=2000)
    return len(cams)
