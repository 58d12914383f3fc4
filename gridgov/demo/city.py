"""The city demo (``gridgov demo --city 411600``): the province and the city on their real boundaries, each of the
city's counties cut into its five-level grid (``plans.CITIES``), the counties' organisations under the city's
centre, and the city's and the province's centres with their leaders and dispatchers."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from django.db import transaction

from gridgov.geo.actions import grid_changed
from gridgov.geo.models import Area
from gridgov.linkage.demo import place_cameras
from gridgov.org import directory
from gridgov.org.models import Role, Unit, UnitKind
from gridgov.partitions import onboard_county
from gridgov.police.demo import build as build_police

from .build import DemoResult, People, build_org, clear_all, load_boundary, plan_grid, save_grid, store_passwords, walk
from .plans import CITIES

HUAIYANG = "411603"  # the police and the cameras of the demo stay in Huaiyang, as in the single-county demo


def upper_area(code: str, level: int, above: Area | None) -> Area:
    name, geom = load_boundary(code)
    area = Area(code=code, name=name, level=level, parent=above)
    area.set_shape(geom)
    area.save()
    return area


def build_city(city: str = "411600", seed: int = 1, data_dir: Path | None = None,
               log: Callable[[str], None] = print, passwords_later: bool = False) -> DemoResult:
    """The city's ten counties; ``passwords_later`` as for ``build.build_demo``."""
    if city not in CITIES:
        raise ValueError(f"no shipped city {city}; choose one of {', '.join(sorted(CITIES))}")
    plans = CITIES[city]
    t0 = time.perf_counter()
    trees = {}
    for n, code in enumerate(sorted(plans)):
        trees[code] = plan_grid(code, seed + n)
        log(f"{code} {trees[code].name}: planned ({time.perf_counter() - t0:.0f}s)")
    rng = np.random.default_rng(seed + 1)
    counts: dict[int, int] = {-1: 1, 0: 1}
    with transaction.atomic():
        clear_all()
        province = upper_area(city[:2] + "0000", -1, None)
        top = upper_area(city, 0, province)
        areas = {code: save_grid(root, top) for code, root in trees.items()}
        for code in trees:
            onboard_county(code)  # each county's partitions on PostgreSQL (gridgov.partitions)
        grid_changed()
    with transaction.atomic():
        province_centre = Unit.objects.create(code=f"{province.code}-centre", name=f"{province.name}社会治理中心",
                                              kind=UnitKind.CENTRE, area=province)
        city_centre = Unit.objects.create(code=f"{city}-centre", name=f"{top.name}社会治理综合服务中心",
                                          kind=UnitKind.CENTRE, area=top, parent=province_centre)
        people = People(rng, "0394")
        people.add(f"leader-{city}", Role.LEADER, top, city_centre, login=True)
        people.add(f"dispatch-{city}", Role.DISPATCHER, top, city_centre, login=True)
        people.add(f"leader-{province.code}", Role.LEADER, province, province_centre, login=True)
        people.add(f"dispatch-{province.code}", Role.DISPATCHER, province, province_centre, login=True)
        people.save()
        logins, staff = list(people.logins), len(people.staff)
        for n, (code, root) in enumerate(sorted(trees.items())):
            _units, p = build_org(areas[code], root.name, code, rng, above=city_centre,
                                   first_county=n == 0)
            logins += p.logins
            staff += len(p.staff)
            for c in walk(root):
                counts[c.level] = counts.get(c.level, 0) + 1
        build_police(areas[HUAIYANG], seed, log)
        place_cameras(areas[HUAIYANG], HUAIYANG, seed)
    directory.forget()
    if not passwords_later:
        store_passwords()
    result = DemoResult(city, top.name, counts, [], logins, staff, Unit.objects.count(),
                        {"total": time.perf_counter() - t0})
    if data_dir is not None:
        (data_dir / "demo-logins.json").write_text(json.dumps(logins, ensure_ascii=False, indent=1))
    return result
