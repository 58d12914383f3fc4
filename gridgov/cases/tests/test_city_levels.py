"""A city and a province above the county: scoping by the codes' significant digits (a city sees its counties, a
county only itself), escalation on from the county to the city where the category's routing says so, and
supervision from the city seen by the county."""

from __future__ import annotations

import pytest

from gridgov.cases.actions import ActionError, take_action
from gridgov.cases.models import Case, Status
from gridgov.cases.queries import waiting_for
from gridgov.cases.scan import scan
from gridgov.geo.models import CITY, COUNTY, PROVINCE, Area, codes_above, level_of_code, scope_prefix, upper_code
from gridgov.notify.actions import inbox
from gridgov.org.models import Unit

from . import cities
from .cities import EAST_POINT
from .conftest import LEAF, at

pytestmark = pytest.mark.django_db
city = cities.city  # the fixture


def act(user, case, action, when, note="", **fields):
    return take_action(user, case.pk, action, note=note, fields=fields, now=when)


def seen(user) -> set[str]:
    return set(Case.objects.visible_to(user).values_list("area_code", flat=True))


def test_codes_of_a_province_and_a_city_are_read_by_their_significant_digits():
    assert [level_of_code(c) for c in ("410000", "411600", "411603", "411603001")] == [PROVINCE, CITY, COUNTY, 2]
    assert [scope_prefix(c) for c in ("410000", "411600", "411603", "411603001")] == ["41", "4116", "411603",
                                                                                      "411603001"]
    assert [upper_code(c) for c in ("410000", "411600", "411603", "411603001")] == [None, "410000", "411600",
                                                                                    "411603"]
    assert codes_above("411603001002") == ["410000", "411600", "411603", "411603001"]


def test_the_imported_city_takes_the_counties_already_in_the_grid(city):
    a = city.areas
    assert a["110101"].parent == a["110100"] and a["110102"].parent == a["110100"]
    assert a["110100"].parent == a["110000"] and a["110000"].parent is None
    assert [x.code for x in a["110101001201"].ancestors()] == ["110000", "110100", "110101", "110101001"]


def test_a_city_sees_every_county_of_its_own_and_a_county_only_itself(city, report):
    p, town = city.people, city.town.people
    west = report().case
    east = report(who=p.east_dispatcher, point=EAST_POINT).case
    assert east.area_code == "110102001" and west.area_code == LEAF
    assert seen(p.city_dispatcher) == seen(p.city_leader) == seen(p.province_leader) == {LEAF, "110102001"}
    assert seen(town.dispatcher) == {LEAF} and seen(town.leader) == {LEAF}
    assert seen(p.east_dispatcher) == {"110102001"}
    county_areas = set(Area.objects.visible_to(town.dispatcher).values_list("code", flat=True))
    assert "110100" not in county_areas and "110102" not in county_areas and LEAF in county_areas
    city_areas = set(Area.objects.visible_to(p.city_leader).values_list("code", flat=True))
    assert {"110100", "110101", "110102", LEAF}.issubset(city_areas) and "110000" not in city_areas
    # the county sees the units that serve it from above, not its neighbour's
    units = set(Unit.objects.visible_to(town.dispatcher))
    assert city.units.city in units and city.units.province in units and city.units.east not in units


def test_an_overdue_county_case_escalates_to_the_city_and_the_city_leader_sees_it(city, report):
    p, town, u = city.people, city.town.people, city.units
    case = report("1101").case  # fire hazard: its routing names the city ("0": centre), not the province
    act(town.dispatcher, case, "register", at(2026, 11, 23, 9, 5))
    act(town.dispatcher, case, "dispatch", at(2026, 11, 23, 9, 6))
    case.refresh_from_db()
    chain = [case.handling_unit]
    for day in (1, 8):
        scan(at(2026, 12, day, 9, 0))
        case.refresh_from_db()
        chain.append(case.handling_unit)
    # township centre → the county's centre (no emergency department in the test county) → the city's centre
    assert chain == [city.town.units.town, city.town.units.district, u.city]
    assert case.status == Status.DISPATCHED and case.escalations == 2
    assert inbox(p.city_leader).filter(kind="escalated", object_id=case.pk).exists()
    assert Case.objects.filter(waiting_for(p.city_dispatcher), pk=case.pk).exists()  # the city centre's desk
    scan(at(2026, 12, 15, 9, 0))  # overdue at the city too: no province in its routing, so it stays, overdue
    case.refresh_from_db()
    assert case.handling_unit == u.city and case.overdue
    assert Case.objects.visible_to(p.city_leader).filter(waiting_for(p.city_leader), pk=case.pk).exists()
    assert not Case.objects.visible_to(p.east_leader).filter(pk=case.pk).exists()


def test_a_category_without_a_city_level_stays_with_the_county(city, report):
    town = city.town.people
    case = report("0102").case  # exposed garbage: no "0" in its routing
    act(town.dispatcher, case, "register", at(2026, 11, 23, 9, 5))
    act(town.dispatcher, case, "dispatch", at(2026, 11, 23, 9, 6))
    for day in (24, 25, 26, 27):
        scan(at(2026, 11, day, 18, 0))
    case.refresh_from_db()
    assert case.handling_unit == city.town.units.urban and case.overdue
    with pytest.raises(ActionError, match="highest level"):
        act(town.dispatcher, case, "escalate", at(2026, 11, 30, 9, 0))


def test_a_petition_category_goes_on_to_the_province(city, report):
    town = city.town.people
    case = report("1501").case  # its routing names the city and the province
    act(town.dispatcher, case, "register", at(2026, 11, 23, 9, 5))
    act(town.dispatcher, case, "dispatch", at(2026, 11, 23, 9, 6))
    case.refresh_from_db()
    while case.handling_unit != city.units.province:
        case = act(town.dispatcher, case, "escalate", at(2026, 11, 23, 10, 0))
    assert case.escalations >= 2 and inbox(city.people.province_leader).filter(object_id=case.pk).exists()


def test_supervision_from_the_city_is_seen_by_the_county(city, report):
    p, town = city.people, city.town.people
    case = report().case
    act(town.dispatcher, case, "register", at(2026, 11, 23, 9, 5))
    act(town.dispatcher, case, "dispatch", at(2026, 11, 23, 9, 6))
    act(p.city_leader, case, "supervise", at(2026, 11, 23, 10, 0), note="市级督办：今日内清理")
    entry = Case.objects.visible_to(town.dispatcher).get(pk=case.pk).timeline.get(action="supervise")
    assert entry.actor == p.city_leader and "市级督办" in entry.note
    assert inbox(town.village_leader).filter(kind="supervised", object_id=case.pk).exists()  # the handling unit
    with pytest.raises(ActionError):  # a neighbour county does not see it, so cannot supervise it
        act(p.east_leader, case, "supervise", at(2026, 11, 23, 10, 5), note="x")


def test_a_unit_moves_within_its_county_but_never_to_another(city):
    """A county's unit holds only that county's cases (they go up and down their own area's path), and its figures
    are read from that county's partition (``kpis.scope_county``): moving it to another county is refused, in the
    back office's form and in code alike."""
    from django.core.exceptions import ValidationError

    from gridgov.cases.kpis import scope_county

    urban = city.town.units.urban
    assert scope_county(f"unit:{urban.pk}") == "110101"
    assert scope_county(f"unit:{city.units.city.pk}") is None  # a city's unit holds cases of any of its counties
    urban.area = city.areas["110101001"]  # a township of the same county
    urban.save()
    for elsewhere in ("110102", "110100"):  # another county, or the city above
        urban.area = city.areas[elsewhere]
        with pytest.raises(ValidationError, match="stays in its county"):
            urban.full_clean()
        with pytest.raises(ValidationError, match="stays in its county"):
            urban.save()
    assert Unit.objects.get(pk=urban.pk).area.code == "110101001"


def test_a_unit_is_never_above_itself(city):
    from django.core.exceptions import ValidationError

    district, township = city.town.units.district, city.town.units.town
    township.parent = district
    township.save()
    for above in (district, township):  # itself, or a unit below it
        district.parent = above
        with pytest.raises(ValidationError, match="above itself"):
            district.full_clean()
        with pytest.raises(ValidationError, match="above itself"):
            district.save()


def test_cases_placed_on_a_city_itself_count_in_the_city_and_in_the_province(city):
    """Rollups are kept from the county down: a city's figures add up its counties' and its own rows (cases placed
    on the city itself), a province's add up its own, its cities' own and their counties'."""
    from datetime import date

    from gridgov.cases import kpis
    from gridgov.cases.models import KpiMonth, KpiRollup

    for code, n in (("110000", 1), ("110100", 2), ("110101", 3), ("110102", 4)):
        KpiRollup.objects.create(scope=f"area:{code}", county=code, day=date(2026, 11, 20), metric="reported", value=n)
        KpiMonth.objects.create(scope=f"area:{code}", county=code, month=date(2026, 11, 1), metric="reported", value=n)
    for start, end in ((date(2026, 11, 1), date(2026, 11, 30)), (date(2026, 11, 20), date(2026, 11, 20))):
        got = kpis.compute_many(["area:110000", "area:110100", "area:110101"], start, end)
        assert [got[s]["reported_count"]["value"] for s in ("area:110000", "area:110100", "area:110101")] == \
            [1 + 2 + 3 + 4, 2 + 3 + 4, 3]
