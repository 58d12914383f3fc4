import numpy as np
import pytest

from gridgov.geo.coords import UnknownCRS, from_wgs84, metres_between, to_wgs84


@pytest.fixture
def points_in_china():
    rng = np.random.default_rng(3)
    return rng.uniform(74, 134, 2000), rng.uniform(18, 53, 2000)


@pytest.mark.parametrize("crs", ["gcj02", "bd09"])
def test_round_trip_through_offset_systems_is_sub_metre(points_in_china, crs):
    lon, lat = points_in_china
    x, y = from_wgs84(lon, lat, crs)
    assert np.all(np.hypot(x - lon, y - lat) > 1e-4), "the offset should be hundreds of metres"
    back_x, back_y = to_wgs84(x, y, crs)
    worst = max(metres_between(a, b, c, d) for a, b, c, d in zip(lon, lat, back_x, back_y, strict=True))
    assert worst < 0.01


def test_gcj02_offset_in_huaiyang_is_hundreds_of_metres():
    x, y = from_wgs84(114.88, 33.73, "gcj02")
    assert 300 < metres_between(114.88, 33.73, x, y) < 800


def test_no_offset_outside_china():
    assert to_wgs84(2.35, 48.85, "gcj02") == (2.35, 48.85)


def test_cgcs2000_is_taken_as_wgs84():
    assert to_wgs84(114.88, 33.73, "cgcs2000") == (114.88, 33.73)


def test_unknown_system_is_refused_with_the_choices():
    with pytest.raises(UnknownCRS, match="wgs84"):
        to_wgs84(114.0, 33.0, "epsg3857")
