import json

import numpy as np
import pytest
import shapely
from django.core.management import call_command

from conftest import SIZE, X0, Y0
from gridgov.demo.partition import split
from gridgov.geo.coords import from_wgs84
from gridgov.geo.index import OUTSIDE, GridSnapshot, LocateIndex, locate_plain
from gridgov.geo.locator import get_locator
from gridgov.geo.models import Area

pytestmark = pytest.mark.django_db


def codes(found):
    return [s.code for s in found.path]


def test_point_inside_gives_the_full_path_outermost_first(small_grid):
    found = get_locator().locate(X0 + 0.05, Y0 + SIZE - 0.05)  # north-west corner area
    assert found.inside
    assert codes(found) == ["110101", "110101001", "110101001201", "110101001201001", "110101001201001001"]
    assert [s.level for s in found.path] == [1, 2, 3, 4, 5]


def test_point_outside_the_district_is_outside(small_grid):
    found = get_locator().locate(X0 - 0.01, Y0 + 0.3)
    assert not found.inside and found.path == []


def test_point_on_an_edge_shared_by_two_townships_goes_to_the_smaller_code(small_grid):
    # x = X0 + SIZE/2 is the boundary between township 001 (west) and 101 (east); same float in both polygons.
    found = get_locator().locate(X0 + SIZE / 2, Y0 + 0.1)
    assert codes(found)[1] == "110101001"
    assert get_locator().locate(X0 + SIZE / 2, Y0 + 0.1).path == found.path  # and again: deterministic


def test_point_on_a_corner_shared_by_four_grids_goes_to_the_smallest_code(small_grid):
    centre = (X0 + SIZE / 2, Y0 + SIZE / 2)
    assert codes(get_locator().locate(*centre))[-1] == "110101001201002002"


def test_point_on_the_district_boundary_is_inside(small_grid):
    assert get_locator().locate(X0, Y0 + 0.1).inside


@pytest.mark.parametrize("crs", ["wgs84", "gcj02", "bd09", "cgcs2000"])
def test_locate_in_every_coordinate_system_finds_the_same_grid(small_grid, crs):
    lon, lat = from_wgs84(X0 + 0.61, Y0 + 0.13, crs)
    found = get_locator().locate(lon, lat, crs)
    assert codes(found)[-1] == "110101101202002002"
    assert abs(found.lon - (X0 + 0.61)) < 1e-8


def irregular_snapshot(seed: int) -> GridSnapshot:
    """Three levels of k-means/Voronoi cells on a concave polygon: irregular edges and many shared vertices."""
    rng = np.random.default_rng(seed)
    outer = shapely.Polygon([(0, 0), (4, 0), (4, 3), (2, 1.5), (0, 3)])
    codes_, levels, parents, geoms = ["110101"], [1], [-1], [outer]
    for t, tg in enumerate(split(outer, 5, rng), start=1):
        codes_.append(f"110101{t:03d}"), levels.append(2), parents.append(0), geoms.append(tg)
        ti = len(codes_) - 1
        for v, vg in enumerate(split(tg, 6, rng), start=1):
            codes_.append(f"110101{t:03d}{v:03d}"), levels.append(3), parents.append(ti), geoms.append(vg)
    return GridSnapshot(codes_, codes_, np.array(levels), np.array(parents), np.array(geoms, dtype=object))


@pytest.mark.parametrize("seed", [1, 2])
def test_index_answers_exactly_as_the_plain_point_in_polygon_test(seed):
    snap = irregular_snapshot(seed)
    index = LocateIndex(snap, target_cells=20_000)
    rng = np.random.default_rng(seed)
    xs, ys = rng.uniform(-0.5, 4.5, 4000), rng.uniform(-0.5, 3.5, 4000)
    vertices = shapely.get_coordinates(shapely.boundary(snap.geoms))
    seg = shapely.get_coordinates(shapely.segmentize(shapely.boundary(snap.geoms), 0.05))  # points on edges
    pts = np.concatenate([np.column_stack([xs, ys]), vertices, seg])
    plain = np.array([locate_plain(snap, x, y) for x, y in pts])
    single = np.array([index.locate(float(x), float(y)) for x, y in pts])
    bulk = index.locate_many(pts[:, 0], pts[:, 1])
    assert np.array_equal(single, plain)
    assert np.array_equal(bulk, plain)
    assert (plain == OUTSIDE).any() and (snap.levels[plain[plain >= 0]] == 3).mean() > 0.9


def test_index_never_crashes_on_non_finite_input(small_grid):
    loc = get_locator()
    assert loc.index.locate(float("nan"), 39.9) == OUTSIDE
    assert list(loc.index.locate_many(np.array([np.inf, np.nan]), np.array([39.9, 39.9]))) == [OUTSIDE, OUTSIDE]


def test_index_is_rebuilt_when_the_grid_changes(small_grid):
    before = get_locator()
    assert codes(before.locate(X0 + 0.05, Y0 + 0.05))[-1] == "110101001202001002"
    from gridgov.geo.actions import import_areas

    moved = {"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"code": "110101", "name": "测试区"},
        "geometry": {"type": "Polygon", "coordinates": [[[100, 30], [101, 30], [101, 31], [100, 31], [100, 30]]]},
    }]}
    import_areas(moved, "wgs84")
    after = get_locator()
    assert after is not before
    assert codes(after.locate(100.5, 30.5)) == ["110101"]


def test_api_locates_and_explains_bad_input(small_grid, client, make_staff):
    client.force_login(make_staff("dispatcher", "110101"))
    ok = client.get("/api/v1/geo/locate", {"lon": X0 + 0.05, "lat": Y0 + 0.05, "crs": "wgs84"})
    assert ok.status_code == 200 and ok.json()["path"][-1]["code"] == "110101001202001002"
    bad = client.get("/api/v1/geo/locate", {"lon": 500, "lat": 39})
    assert bad.status_code == 422 and "lon" in json.dumps(bad.json())
    bad_crs = client.get("/api/v1/geo/locate", {"lon": 116, "lat": 39, "crs": "mercator"})
    assert bad_crs.status_code == 422


def test_api_bulk_locate_returns_one_code_per_point(small_grid, client, make_staff):
    client.force_login(make_staff("dispatcher", "110101"))
    r = client.post("/api/v1/geo/locate/bulk", {"lons": [X0 + 0.05, 0.0], "lats": [Y0 + 0.05, 0.0]},
                    content_type="application/json")
    assert r.json() == {"codes": ["110101001202001002", None]}
    r = client.post("/api/v1/geo/locate/bulk", {"lons": [1.0], "lats": []}, content_type="application/json")
    assert r.status_code == 400 and "same length" in r.json()["detail"]


def test_locate_command_prints_the_contract_json(small_grid, capsys):
    call_command("locate", str(X0 + 0.05), str(Y0 + 0.05), crs="wgs84")
    out = json.loads(capsys.readouterr().out)
    assert out["inside"] is True
    assert out["path"][0] == {"code": "110101", "name": "测试区", "level": 1}
    call_command("locate", "0", "0")
    assert json.loads(capsys.readouterr().out) == {"inside": False, "path": []}


def test_area_count_matches_index_snapshot(small_grid):
    assert len(get_locator().snap) == Area.objects.count()
