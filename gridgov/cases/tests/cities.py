"""A small synthetic city above the test district: province 110000 and city 110100 (one rectangle), the test district
110101 (west) and a neighbour county 110102 (east, one township), with their centres and people. Import it into a
test module with ``from gridgov.cases.tests.cities import city  # noqa: F401``."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from conftest import SIZE, X0, Y0, feature, square

EAST_POINT = (X0 + SIZE * 1.5, Y0 + SIZE / 2)  # inside the neighbour county's township 110102001


def city_features() -> dict:
    whole = square(X0, Y0, X0 + 2 * SIZE, Y0 + SIZE)
    east = square(X0 + SIZE, Y0, X0 + 2 * SIZE, Y0 + SIZE)
    return {"type": "FeatureCollection", "features": [
        feature("110000", "测试省", whole), feature("110100", "测试市", whole),
        feature("110102", "邻县", east), feature("110102001", "邻县城关镇", east),
    ]}


@pytest.fixture
def city(town, make_staff):
    """``town`` under a city and a province: the city's and the province's centres, leaders and dispatchers, and
    the neighbour county's centre, dispatcher and leader."""
    from gridgov.geo.actions import import_areas
    from gridgov.geo.models import Area
    from gridgov.org.models import Unit, UnitKind

    report = import_areas(city_features(), "wgs84")
    assert not [p for p in report.problems if p.kind != "repaired"], report.problems
    areas = {a.code: a for a in Area.objects.all()}

    def centre(code: str) -> Unit:
        return Unit.objects.create(code=f"centre-{code}", name=f"{areas[code].name}中心", kind=UnitKind.CENTRE,
                                   area=areas[code])

    u = SimpleNamespace(province=centre("110000"), city=centre("110100"), east=centre("110102"),
                        east_town=centre("110102001"))
    p = SimpleNamespace(
        province_leader=make_staff("leader", "110000", unit=u.province),
        city_leader=make_staff("leader", "110100", unit=u.city),
        city_dispatcher=make_staff("dispatcher", "110100", unit=u.city),
        east_dispatcher=make_staff("dispatcher", "110102", unit=u.east),
        east_leader=make_staff("leader", "110102", unit=u.east),
    )
    return SimpleNamespace(town=town, units=u, people=p, areas=areas)
