import json

import pytest
import shapely

from conftest import COUNTY, feature, small_grid_features, square
from gridgov.audit.models import AuditEvent
from gridgov.geo.actions import ImportRefused, import_areas
from gridgov.geo.coords import from_wgs84
from gridgov.geo.io import parse_features
from gridgov.geo.models import Area

pytestmark = pytest.mark.django_db


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def kinds(report):
    return {(p.kind, p.code) for p in report.problems}


def test_import_builds_the_tree_with_levels_parents_and_counts(small_grid):
    assert Area.objects.count() == 31
    assert [Area.objects.filter(level=lv).count() for lv in range(1, 6)] == [1, 2, 4, 8, 16]
    leaf = Area.objects.get(code="110101101202002001")
    assert leaf.level == 5 and leaf.parent.code == "110101101202002"
    assert [a.code for a in leaf.ancestors()] == ["110101", "110101101", "110101101202", "110101101202002"]
    assert leaf.households == 100


def test_invalid_bowtie_polygon_is_repaired_and_reported():
    bowtie = {"type": "Polygon", "coordinates": [[[116, 39], [117, 40], [117, 39], [116, 40], [116, 39]]]}
    report = import_areas(collection(feature(COUNTY, "区", bowtie)), "wgs84")
    assert ("repaired", COUNTY) in kinds(report)
    assert "Self-intersection" in report.problems[0].message
    assert shapely.is_valid(Area.objects.get(code=COUNTY).shape)


def test_non_polygon_is_rejected_with_the_feature_and_reason():
    line = {"type": "LineString", "coordinates": [[116, 39], [117, 40]]}
    report = import_areas(collection(feature(COUNTY, "区", line)), "wgs84")
    assert report.problems[0].kind == "invalid_geometry"
    assert report.problems[0].feature == 0 and "LineString" in report.problems[0].message
    assert not Area.objects.exists()


@pytest.mark.parametrize("code", ["11010", "1101011", "abcdef", "110101-01"])
def test_code_of_wrong_shape_is_rejected(code):
    report = parse_features(collection(feature(code, "x", square(116, 39, 117, 40))), "wgs84")
    assert report.problems[0].kind == "bad_code" and not report.accepted


def test_code_that_does_not_extend_its_parent_is_rejected():
    report = parse_features(collection(
        feature("110101001", "镇", square(116, 39, 117, 40), parent_code="110102"),
    ), "wgs84")
    assert report.problems[0].kind == "bad_code" and "110102" in report.problems[0].message


def test_child_without_a_parent_is_rejected():
    report = import_areas(collection(feature("110101001", "镇", square(116, 39, 117, 40))), "wgs84")
    assert ("missing_parent", "110101001") in kinds(report)
    assert not Area.objects.exists()


def test_child_sticking_out_of_its_parent_is_reported_by_code():
    report = import_areas(collection(
        feature(COUNTY, "区", square(116, 39, 117, 40)),
        feature(COUNTY + "001", "镇甲", square(116, 39, 116.5, 40)),
        feature(COUNTY + "002", "镇乙", square(116.5, 39, 117.1, 40)),
    ), "wgs84")
    problem = next(p for p in report.problems if p.kind == "outside_parent")
    assert problem.code == COUNTY + "002" and problem.other_code == COUNTY and problem.area_m2 > 1e6


def test_overlapping_siblings_are_reported_by_code():
    report = import_areas(collection(
        feature(COUNTY, "区", square(116, 39, 117, 40)),
        feature(COUNTY + "001", "镇甲", square(116, 39, 116.6, 40)),
        feature(COUNTY + "002", "镇乙", square(116.5, 39, 117, 40)),
    ), "wgs84")
    problem = next(p for p in report.problems if p.kind == "overlap")
    assert (problem.code, problem.other_code) == (COUNTY + "001", COUNTY + "002")


def test_gap_between_children_is_reported_by_the_parent_code():
    report = import_areas(collection(
        feature(COUNTY, "区", square(116, 39, 117, 40)),
        feature(COUNTY + "001", "镇甲", square(116, 39, 116.4, 40)),
        feature(COUNTY + "002", "镇乙", square(116.5, 39, 117, 40)),
    ), "wgs84")
    assert ("gap", COUNTY) in kinds(report)


def test_strict_import_refuses_everything_when_there_is_a_problem():
    with pytest.raises(ImportRefused) as err:
        import_areas(collection(
            feature(COUNTY, "区", square(116, 39, 117, 40)),
            feature(COUNTY + "001", "镇甲", square(116, 39, 116.4, 40)),
        ), "wgs84", strict=True)
    assert ("gap", COUNTY) in kinds(err.value.report)
    assert not Area.objects.exists()


def test_gcj02_file_is_stored_in_wgs84():
    gx0, gy0 = from_wgs84(116.0, 39.0, "gcj02")
    gx1, gy1 = from_wgs84(117.0, 40.0, "gcj02")
    import_areas(collection(feature(COUNTY, "区", square(gx0, gy0, gx1, gy1))), "gcj02")
    corners = shapely.get_coordinates(Area.objects.get(code=COUNTY).shape)
    assert abs(corners - [116.0, 39.0]).sum(axis=1).min() < 1e-8  # the GCJ-02 corner came back to WGS-84
    assert abs(corners - [117.0, 40.0]).sum(axis=1).min() < 1e-8


def test_unknown_coordinate_system_is_refused():
    with pytest.raises(ValueError, match="coordinate system"):
        import_areas(small_grid_features(), "mercator")


def test_exported_level_round_trips(small_grid, capsys):
    from django.core.management import call_command

    call_command("export_grids", level=4)
    fc = json.loads(capsys.readouterr().out)
    assert len(fc["features"]) == 8
    props = fc["features"][0]["properties"]
    assert set(props) >= {"code", "name", "level", "parent_code"}
    assert props["parent_code"] == props["code"][:12] and props["level"] == 4
    again = parse_features(fc, "wgs84")
    assert not again.problems
    for a in again.accepted:
        assert shapely.equals(a.geom, Area.objects.get(code=a.code).shape)


def test_import_is_audited(small_grid):
    event = AuditEvent.objects.get(verb="geo.import_areas")
    assert event.changes["accepted"] == 31


def test_grandchild_of_a_rejected_area_is_rejected_too():
    line = {"type": "LineString", "coordinates": [[116, 39], [117, 40]]}
    report = import_areas(collection(
        feature(COUNTY, "区", square(116, 39, 117, 40)),
        feature(COUNTY + "001", "镇", line),
        feature(COUNTY + "001201", "村", square(116, 39, 116.5, 39.5)),
    ), "wgs84")
    assert ("invalid_geometry", COUNTY + "001") in kinds(report)
    assert ("missing_parent", COUNTY + "001201") in kinds(report)
    assert list(Area.objects.values_list("code", flat=True)) == [COUNTY]


def test_dry_run_reports_without_writing():
    report = import_areas(small_grid_features(), "wgs84", dry_run=True)
    assert len(report.accepted) == 31 and not Area.objects.exists()
