"""The camera registry: a file is checked row by row (GB/T 28181 ID, place, kind) and imported whole or not at all;
cameras are read through the reader's jurisdiction; grids without a camera are listed as gaps."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from gridgov.cases.tests.conftest import LEAF, OTHER_POINT, POINT
from gridgov.geo.coords import from_wgs84
from gridgov.linkage.cameras import import_cameras
from gridgov.linkage.models import Camera

pytestmark = pytest.mark.django_db
GOOD = "1101010000132100000"  # + one digit


def csv_text(*rows: str) -> str:
    return "\n".join(["device_id,name,lon,lat,crs,kind", *rows]) + "\n"


def test_a_camera_file_with_wrong_ids_is_refused_row_by_row_and_nothing_is_imported(town):
    text = csv_text(
        f"{GOOD}1,村口,{POINT[0]},{POINT[1]},wgs84,traffic",
        f"{GOOD[:-1]},短号,{POINT[0]},{POINT[1]},wgs84,traffic",  # 19 digits
        f"3201020000132100000{2},外县,{POINT[0]},{POINT[1]},wgs84,school",  # another county
        f"1101010000999100000{3},怪类型,{POINT[0]},{POINT[1]},wgs84,school",  # no such type code
        f"{GOOD}4,境外,10.0,10.0,wgs84,community",  # outside the grid
        f"{GOOD}5,坐标系,{POINT[0]},{POINT[1]},utm,community",
        f"{GOOD}1,重复,{POINT[0]},{POINT[1]},wgs84,traffic",
    )
    result = import_cameras(text)
    assert [p.where for p in result.problems] == ["line 3", "line 4", "line 5", "line 6", "line 7", "line 8"]
    reasons = [p.reason for p in result.problems]
    assert "20 digits" in reasons[0] and "320102" in reasons[1] and "999" in reasons[2]
    assert "outside the grid" in reasons[3] and "utm" in reasons[4] and "twice" in reasons[5]
    assert Camera.objects.count() == 0


def test_a_good_file_is_imported_with_its_points_converted_to_wgs84_and_the_id_in_parts(town):
    x, y = from_wgs84(*POINT, "gcj02")
    text = csv_text(f"{GOOD}1,村口路口,{x},{y},gcj02,traffic",
                    f"{GOOD}2,学校门口,{OTHER_POINT[0]},{OTHER_POINT[1]},,school")
    assert import_cameras(text, dry_run=True).created == 2 and Camera.objects.count() == 0
    result = import_cameras(text)
    assert (result.created, result.updated, result.problems) == (2, 0, [])
    cam = Camera.objects.get(device_id=f"{GOOD}1")
    assert abs(cam.lon - POINT[0]) < 1e-7 and abs(cam.lat - POINT[1]) < 1e-7 and cam.reported_crs == "gcj02"
    assert (cam.centre_code, cam.industry, cam.type_code, cam.network, cam.serial) == (
        "11010100", "00", "132", "1", "000001")
    assert cam.area_code == LEAF
    assert import_cameras(text).updated == 2 and Camera.objects.count() == 2  # a file imported again updates


def test_a_geojson_file_is_read_feature_by_feature(town):
    def feat(device_id, lon, lat):
        return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"device_id": device_id, "name": "围栏", "crs": "wgs84", "kind": "fence"}}

    bad = {"type": "FeatureCollection", "features": [feat(f"{GOOD}1", *POINT), feat("123", *POINT)]}
    assert [p.where for p in import_cameras(json.dumps(bad)).problems] == ["feature 2"]
    good = {"type": "FeatureCollection", "features": [feat(f"{GOOD}1", *POINT)]}
    assert import_cameras(json.dumps(good)).created == 1


def test_the_import_command_reports_each_bad_row_and_imports_nothing(town, tmp_path, capsys):
    bad = tmp_path / "cameras.csv"
    bad.write_text(csv_text(f"{GOOD}1,好,{POINT[0]},{POINT[1]},wgs84,traffic", f"{GOOD},坏,1,1,wgs84,traffic"))
    with pytest.raises(CommandError, match="1 bad rows"):
        call_command("import_cameras", str(bad))
    assert "line 3" in capsys.readouterr().err and Camera.objects.count() == 0
    good = tmp_path / "good.csv"
    good.write_text(csv_text(f"{GOOD}1,好,{POINT[0]},{POINT[1]},wgs84,traffic"))
    call_command("import_cameras", str(good), "--dry-run")
    assert Camera.objects.count() == 0
    call_command("import_cameras", str(good))
    assert Camera.objects.count() == 1


def test_cameras_are_read_within_the_readers_jurisdiction_and_gaps_are_the_grids_without_one(town, client):
    import_cameras(csv_text(f"{GOOD}1,村口,{POINT[0]},{POINT[1]},wgs84,traffic",
                            f"{GOOD}2,东镇,{OTHER_POINT[0]},{OTHER_POINT[1]},wgs84,school"))
    client.force_login(town.people.worker)
    assert [c["device_id"] for c in client.get("/api/v1/cameras").json()] == [f"{GOOD}1"]
    gaps = client.get("/api/v1/cameras/gaps").json()
    assert gaps == {"grids": 1, "without_camera": []}
    client.force_login(town.people.dispatcher)  # the district
    assert len(client.get("/api/v1/cameras?within=110101101").json()) == 1
    gaps = client.get("/api/v1/cameras/gaps").json()
    assert gaps["grids"] == 16 and len(gaps["without_camera"]) == 14 and LEAF not in str(gaps["without_camera"])
    assert client.get("/api/v1/cameras?within=abc").status_code == 422


def test_alarm_sources_add_prints_its_secret_once_as_json(db, capsys):
    call_command("alarm_sources", "add", "snow-light")
    out = json.loads(capsys.readouterr().out)
    assert out["source"] == "snow-light" and out["secret"].startswith("whsec_")
    with pytest.raises(CommandError):
        call_command("alarm_sources", "add", "snow-light")


def test_the_demo_places_valid_cameras_inside_their_grids(town):
    from gridgov.geo.locator import get_locator
    from gridgov.linkage.demo import place_cameras
    from gridgov.linkage.deviceid import parse

    n = place_cameras(town.areas, "110101")
    cams = list(Camera.objects.all())
    assert n == len(cams) > 0 and {c.kind for c in cams} >= {"traffic", "public_video"}
    locator = get_locator()
    for c in cams:
        assert parse(c.device_id, {"110101"}).type == "132"
        assert locator.locate(c.lon, c.lat).path[-1].code == c.area_code
