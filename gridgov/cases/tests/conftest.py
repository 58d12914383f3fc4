"""A small district with centres, stations, departments and one person per role."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from conftest import X0, Y0

SH = ZoneInfo("Asia/Shanghai")
VILLAGE = "110101001201"
LEAF = VILLAGE + "001001"
POINT = (X0 + 0.05, Y0 + 0.75)  # inside LEAF
OTHER_POINT = (X0 + 0.65, Y0 + 0.1)  # township 101


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SH)


@pytest.fixture
def town(small_grid, make_staff):
    from gridgov.cases.models import Category
    from gridgov.org.models import Unit, UnitKind

    a = small_grid

    def unit(code, kind, area, **kw):
        return Unit.objects.create(code=code, name=code, kind=kind, area=a[area], **kw)

    u = SimpleNamespace(
        district=unit("district-centre", UnitKind.CENTRE, "110101"),
        town=unit("town-001-centre", UnitKind.CENTRE, "110101001"),
        town2=unit("town-101-centre", UnitKind.CENTRE, "110101101"),
        station=unit("station-201", UnitKind.STATION, VILLAGE),
        station2=unit("station-202", UnitKind.STATION, "110101001202"),
        urban=unit("urban", UnitKind.DEPARTMENT, "110101", department="urban_management"),
        justice=unit("justice", UnitKind.DEPARTMENT, "110101", department="justice"),
        police=unit("police-001", UnitKind.DEPARTMENT, "110101001", department="public_security"),
    )
    p = SimpleNamespace(
        worker=make_staff("grid_worker", LEAF, unit=u.station),
        worker2=make_staff("grid_worker", "110101001202001001", unit=u.station2),
        village_leader=make_staff("grid_leader", VILLAGE, unit=u.station),
        town_dispatcher=make_staff("dispatcher", "110101001", unit=u.town),
        dispatcher=make_staff("dispatcher", "110101", unit=u.district),
        intake=make_staff("intake_operator", "110101", unit=u.district),
        urban_handler=make_staff("department_handler", "110101", "urban-handler", unit=u.urban),
        justice_handler=make_staff("department_handler", "110101", "justice-handler", unit=u.justice),
        leader=make_staff("leader", "110101", unit=u.district),
        admin=make_staff("administrator", "110101"),
    )
    cat = {c.code: c for c in Category.objects.all()}
    return SimpleNamespace(units=u, people=p, cat=cat, areas=a)


@pytest.fixture
def report(town):
    from gridgov.cases.actions import report_case

    def make(category="0102", who=None, point=POINT, now=None, **kw):
        return report_case(who or town.people.worker, category=town.cat[category], description="垃圾堆放",
                           lon=point[0], lat=point[1], now=now or at(2026, 11, 23, 9, 0), **kw)

    return make


@pytest.fixture(autouse=True)
def english():
    """The engine's tests read its messages in English; pages and API answer in the user's language."""
    from django.utils import translation

    with translation.override("en"):
        yield
