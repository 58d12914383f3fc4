"""The demo district: Huaiyang built once for this module, checked from the database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely
from django.conf import settings

from gridgov.demo.build import build_demo, clear_all, plan_grid, walk
from gridgov.geo.io import check_topology
from gridgov.geo.models import Area
from gridgov.org.models import Department, Role, Staff, Unit, UnitKind

REQUIRED_ROLES = {"grid_worker", "grid_leader", "police_liaison", "intake_operator", "dispatcher",
                  "department_handler", "leader", "administrator", "security_admin", "audit_admin"}


@pytest.fixture(scope="module")
def huaiyang(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        result = build_demo("411603", seed=1, data_dir=Path(settings.DATA_DIR), log=lambda _: None)
        yield result
        clear_all()


pytestmark = pytest.mark.django_db


def test_huaiyang_has_the_reported_number_of_areas_per_level(huaiyang):
    counts = [Area.objects.filter(level=lv).count() for lv in range(1, 6)]
    assert counts == [1, 21, 484, 2073, 6438]


def test_each_level_tiles_its_parent_without_gap_overlap_or_overhang(huaiyang):
    areas = list(Area.objects.select_related("parent"))
    children: dict[str, list] = {}
    for a in areas:
        if a.parent:
            children.setdefault(a.parent.code, []).append((a.code, a.shape))
    assert check_topology(children, {a.code: a.shape for a in areas}) == []
    assert huaiyang.problems == []


def test_the_district_outline_is_the_real_huaiyang_boundary(huaiyang):
    district = Area.objects.get(level=1)
    assert district.code == "411603" and district.name == "淮阳区"
    km2 = district.shape.area * 111.32**2 * np.cos(np.radians(district.shape.centroid.y))
    assert 1300 < km2 < 1600  # Huaiyang covers about 1,470 km²
    assert len(shapely.get_coordinates(district.shape)) > 600


def test_codes_follow_the_standard(huaiyang):
    for a in Area.objects.select_related("parent").only("code", "level", "parent__code"):
        assert len(a.code) == 6 + 3 * (a.level - 1) and a.code.isdigit()
        if a.parent:
            assert a.code.startswith(a.parent.code)
    towns = Area.objects.filter(level=2).values_list("code", flat=True)
    assert all(1 <= int(c[-3:]) <= 99 or 101 <= int(c[-3:]) <= 199 for c in towns)
    for v in Area.objects.filter(level=3).values_list("code", flat=True):
        street = int(v[6:9]) < 100
        assert (1 <= int(v[-3:]) <= 199) if street else (201 <= int(v[-3:]) <= 399)


def test_finest_grids_are_compact_and_roughly_balanced(huaiyang):
    leaves = [a.shape for a in Area.objects.filter(level=5)]
    area = np.array([g.area for g in leaves])
    assert area.std() / area.mean() < 0.5
    compactness = np.array([4 * np.pi * g.area / g.length**2 for g in leaves])  # 1 for a circle
    assert np.median(compactness) > 0.6


def test_every_grid_and_unit_is_staffed(huaiyang):
    def missing(level: int, role: str) -> int:
        staffed = set(Staff.objects.filter(role=role, area__level=level).values_list("area_id", flat=True))
        return Area.objects.filter(level=level).exclude(id__in=staffed).count()

    assert missing(5, Role.GRID_WORKER) == 0
    assert missing(3, Role.POLICE_LIAISON) == 0
    assert missing(2, Role.DISPATCHER) == 0 and missing(1, Role.DISPATCHER) == 0
    depts = Unit.objects.filter(kind=UnitKind.DEPARTMENT, area__level=1)
    assert set(depts.values_list("department", flat=True)) == set(Department.values)
    assert all(d.staff.filter(role=Role.DEPARTMENT_HANDLER).exists() for d in depts)
    assert Unit.objects.filter(kind=UnitKind.STATION).count() == 484


def test_demo_logins_are_written_with_every_role(huaiyang):
    logins = json.loads((Path(settings.DATA_DIR) / "demo-logins.json").read_text())
    assert {row["role"] for row in logins} >= REQUIRED_ROLES
    assert set(logins[0]) == {"role", "username", "password", "area_code"}
    workers = [r for r in logins if r["role"] == "grid_worker"]
    assert len({r["area_code"][:9] for r in workers}) >= 2
    dispatchers = {r["area_code"] for r in logins if r["role"] == "dispatcher"}
    assert "411603" in dispatchers and len([c for c in dispatchers if len(c) == 9]) == 21
    handlers = [r for r in logins if r["role"] == "department_handler"]
    assert len(handlers) >= 3


def test_a_demo_login_works_and_sees_only_its_grid(huaiyang, client):
    row = next(r for r in huaiyang.logins if r["role"] == "grid_worker")
    r = client.post("/accounts/login/", {"username": row["username"], "password": row["password"]})
    assert r.status_code == 302
    fc = client.get("/api/v1/geo/areas", {"level": 5}).json()
    assert [f["properties"]["code"] for f in fc["features"]] == [row["area_code"]]


def test_locate_on_the_demo_finds_the_grid_of_a_point(huaiyang):
    from gridgov.geo.locator import get_locator

    leaf = Area.objects.filter(level=5).order_by("code")[100]
    p = leaf.shape.representative_point()
    found = get_locator().locate(p.x, p.y)
    assert [s.code for s in found.path][-1] == leaf.code and len(found.path) == 5


def test_same_seed_gives_the_same_grid_and_xinhui_gets_640_finest_grids():
    a, b = plan_grid("440705", seed=5), plan_grid("440705", seed=5)
    cells_a, cells_b = walk(a), walk(b)
    assert [c.code for c in cells_a] == [c.code for c in cells_b]
    assert all(shapely.equals_exact(x.geom, y.geom, 0) for x, y in zip(cells_a, cells_b, strict=True))
    assert sum(1 for c in cells_a if c.level == 5) == 640


def test_console_commands_follow_the_contract(tmp_path):
    """`gridgov demo --no-serve`, `gridgov locate` and `gridgov export-grids` as a user runs them (SQLite)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"GRIDGOV_DATA": str(tmp_path)}
    gridgov = [sys.executable, "-m", "gridgov.cli"]
    built = subprocess.run([*gridgov, "demo", "--no-serve", "--district", "460108", "--seed", "3"], env=env,
                           capture_output=True, text=True)  # no timeout: its polling sleep fails under faketime
    assert built.returncode == 0, built.stderr
    assert "admin" in built.stdout and (tmp_path / "demo-logins.json").exists()
    fc = json.loads(subprocess.run([*gridgov, "export-grids", "--level", "2"], env=env, capture_output=True,
                                   text=True, check=True).stdout)
    assert len(fc["features"]) == 12
    inner = shapely.from_geojson(json.dumps(fc["features"][0]["geometry"])).representative_point()
    out = json.loads(subprocess.run([*gridgov, "locate", str(inner.x), str(inner.y), "--crs", "wgs84"], env=env,
                                    capture_output=True, text=True, check=True).stdout)
    assert out["inside"] and out["path"][1]["code"] == fc["features"][0]["properties"]["code"]
    assert [s["level"] for s in out["path"]] == [1, 2, 3, 4, 5]
    outside = json.loads(subprocess.run([*gridgov, "locate", "0", "0"], env=env, capture_output=True, text=True,
                                        check=True).stdout)
    assert outside == {"inside": False, "path": []}
    bad = subprocess.run([*gridgov, "locate", "500", "0"], env=env, capture_output=True, text=True)
    assert bad.returncode != 0 and "longitude" in bad.stderr
