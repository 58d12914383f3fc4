"""The dashboard agrees with itself on a simulated district: for random periods and areas, what a leader reads never
contradicts itself (accepted ≤ received, resolved ≤ accepted, every rate's numerator ≤ its denominator, a table's rows
add up to their card, grouped tables have one row per key, a card counts the cases of its list) and the KPI API says
what the dashboard says. The demo district is built and 20 days are simulated once for the module, on a fixed
clock, with fixed seeds."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from gridgov.command.figures import Dashboard, build
from gridgov.geo.models import Area
from gridgov.org.models import Role, Staff

pytestmark = pytest.mark.django_db
END = date(2026, 11, 20)
CLOCK = datetime(2026, 11, 20, 23, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
DAYS = 20
GROUPED = {"categories": 0, "subareas": 0, "units": 1, "workers": 1, "dispute_types": 0, "trend": 0}


@pytest.fixture(scope="module")
def district(django_db_setup, django_db_blocker):
    """Demo district 460108 with 20 simulated days, kept for the module and rolled back after it."""
    from gridgov.demo.build import build_demo
    from gridgov.demo.simulate import Simulation

    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as mp:
        mp.setattr(timezone, "now", lambda: CLOCK)
        with transaction.atomic():
            build_demo("460108", seed=2, data_dir=Path(settings.DATA_DIR), log=lambda _: None)
            counts = Simulation(days=DAYS, per_day=25, seed=3, end=END).run()
            yield counts
            transaction.set_rollback(True)


@pytest.fixture
def leader(district):
    return Staff.objects.select_related("user", "area").get(role=Role.LEADER, area__level=1).user


def draws(n: int, seed: int) -> list[tuple[str, date, date]]:
    """Random (area, from, to): the district, its townships, villages and grids; periods inside, across and before
    the simulated days."""
    rng = random.Random(seed)
    areas = {level: list(Area.objects.filter(level=level).order_by("code").values_list("code", flat=True))
             for level in (1, 2, 3, 4, 5)}
    out = []
    for _ in range(n):
        level = rng.choice([1, 1, 2, 2, 3, 4, 5])
        start = END - timedelta(days=rng.randint(0, DAYS + 5))
        end = min(END + timedelta(days=2), start + timedelta(days=rng.choice([0, 1, 6, 13, 29])))
        out.append((rng.choice(areas[level]), start, end))
    return out


def check(d: Dashboard) -> None:
    where = f"{d.area.code} {d.start}..{d.end}"
    cards = {c.name: c for c in d.cards["cases"] + d.cards["activity"] + d.cards["now"]}
    dispute = {c.name: c for c in d.cards["dispute"]}
    petition = {c.name: c for c in d.cards["petition"]}
    for section in d.cards.values():
        for c in section:
            if c.kind == "rate":
                assert 0 <= c.numerator <= c.denominator, (where, c.name, c.numerator, c.denominator)
            assert c.basis in ("flow", "cohort", "now"), c.name
    v = {name: c.value for name, c in cards.items()}
    assert v["cohort_closed_count"] <= cards["closure_rate"].denominator <= v["reported_count"], where
    assert v["self_handled_count"] <= v["cohort_closed_count"], where
    assert v["cohort_escalated_count"] <= v["reported_count"] and v["cohort_overdue_count"] <= v["reported_count"]
    assert dispute["disputes_accepted"].value <= dispute["disputes_received"].value, where
    assert dispute["disputes_resolved"].value <= dispute["disputes_accepted"].value, where
    assert dispute["disputes_resolved"].value <= dispute["disputes_closed"].value <= \
        dispute["disputes_received"].value, where
    assert sum(dispute[f"resolved_at_{lv}"].value for lv in ("village", "township", "district")) == \
        dispute["disputes_resolved"].value, where
    assert petition["petitions_accepted"].value <= petition["petitions_received"].value, where
    assert petition["petitions_replied"].value <= petition["petitions_received"].value, where
    every = {**cards, **dispute, **petition}
    for key, table in d.tables.items():
        for column, card in table.sums.items():
            assert sum(row[column] for row in table.rows) == every[card].value, (where, key, card)
        if table.length:
            assert len(table.rows) == every[table.length].numerator, (where, key, table.length)
        if key in GROUPED:
            keys = [row[GROUPED[key]] for row in table.rows]
            assert len(keys) == len(set(keys)), (where, key)
    police, villages = d.card("police_circle_share"), d.tables["police_coverage"].rows  # the card = its village list
    assert (police.numerator, police.denominator) == (sum(r[3] for r in villages), sum(r[2] for r in villages)), where
    for key in ("categories", "subareas"):
        for row in d.tables[key].rows:
            received, closed = row[-6 if key == "categories" else -7], row[-5 if key == "categories" else -6]
            assert closed <= received, (where, key, row)  # no category closes more than it received


def test_the_simulation_escalated_and_went_overdue(district):
    assert district.get("escalated", 0) > 5 and district.get("overdue", 0) > 5, district


def test_the_figures_agree_for_random_periods_and_areas(leader):
    for code, start, end in draws(40, seed=12):
        check(build(leader, Area.objects.get(code=code), start, end))


def test_the_whole_simulation_agrees_and_its_lists_hold_every_case(leader, district):
    d = build(leader, Area.objects.get(level=1), END - timedelta(days=DAYS), END)
    check(d)
    assert d.card("cohort_escalated_count").value == len(d.tables["escalated"].rows) > 5
    assert d.card("cohort_overdue_count").value == len(d.tables["overdue"].rows) > 5
    assert 0 < d.card("police_circle_share").numerator < d.card("police_circle_share").denominator  # demo's posts
    types = [row[0] for row in d.tables["dispute_types"].rows]
    assert 1 < len(types) <= 10  # grouped by type, not one row per dispute


def test_a_township_sees_its_township_as_the_district_leader_does(leader):
    town = Area.objects.filter(level=2).order_by("code").first()
    dispatcher = Staff.objects.filter(role=Role.DISPATCHER, area=town).first().user
    start = END - timedelta(days=13)
    mine, theirs = build(dispatcher, town, start, END).as_json(), build(leader, town, start, END).as_json()
    assert mine == theirs


def test_the_kpi_api_says_what_the_dashboard_says(leader, client):
    client.force_login(leader)
    for code, start, end in draws(8, seed=5):
        d = build(leader, Area.objects.get(code=code), start, end)
        period = {"area": code, "from": start.isoformat(), "to": end.isoformat()}
        api = client.get("/api/v1/kpis", period).json()
        for section, answer in (("cases", api["kpis"]), ("activity", api["kpis"]), ("dispute", api["disputes"]),
                                ("petition", api["petitions"])):
            for c in d.cards[section]:
                if c.name in answer:
                    got = answer[c.name]
                    assert (got["value"], got["numerator"], got["denominator"], got["basis"]) == \
                        (c.value, c.numerator, c.denominator, c.basis), (code, start, end, c.name)
        assert client.get("/api/v1/command/dashboard", period).json() == d.as_json()


def test_overdue_now_is_what_the_leaders_desk_filter_shows(leader):
    from gridgov.cases.scan import scan
    from gridgov.workbench.views import filtered

    scan(CLOCK + timedelta(days=10))  # ten days on: cases at the top stay overdue (nowhere to escalate them)
    request = RequestFactory().get("/desk/", {"overdue": "1"})
    request.user = get_user_model().objects.get(pk=leader.pk)
    d = build(leader, Area.objects.get(level=1), END, END)
    assert d.card("overdue_now").value == filtered(request).count() == len(d.tables["overdue_now"].rows) > 0
    check(d)


def test_lists_cut_to_their_first_rows_still_count_what_their_cards_count(leader):
    """The page and the API keep a list's first rows (``limit``); its total is still the card's count."""
    for code, start, end in draws(10, seed=7):
        area = Area.objects.get(code=code)
        whole, cut = build(leader, area, start, end), build(leader, area, start, end, limit=2)
        assert cut.as_json()["cards"] == whole.as_json()["cards"]
        for key, table in whole.tables.items():
            assert cut.tables[key].rows == (table.rows[:2] if table.length else table.rows), (code, key)
            assert cut.tables[key].count == len(table.rows), (code, start, end, key)
    d = build(leader, Area.objects.get(level=1), END - timedelta(days=DAYS), END, limit=2)
    assert len(d.tables["overdue"].rows) == 2 < d.tables["overdue"].as_json()["total_rows"] == \
        d.card("cohort_overdue_count").value


def test_disputes_by_type_from_the_rollups_are_the_disputes_received_grouped_by_type(leader):
    from django.db.models import Count, Q

    from gridgov.command.figures import dispute_types, period_bounds
    from gridgov.disputes.models import Dispute

    seen = 0
    for code, start, end in draws(30, seed=9):
        lo, hi = period_bounds(start, end)
        direct = (Dispute.objects.filter(case__area_code__startswith=code, case__created_at__gte=lo,
                                         case__created_at__lt=hi).values("dispute_type")
                  .annotate(n=Count("pk"), closed=Count("pk", filter=Q(case__status="closed"))))
        expected = sorted(((r["dispute_type"], r["n"], r["closed"]) for r in direct), key=lambda r: (-r[1], r[0]))
        assert dispute_types(code, start, end) == expected, (code, start, end)
        seen += len(expected)
    assert seen > 5


def test_the_migration_adds_the_type_facts_of_disputes_already_recorded(district):
    import importlib

    from django.apps import apps

    from gridgov.cases.models import KpiRollup

    def types() -> list:
        return sorted(KpiRollup.objects.filter(metric__startswith="type_").exclude(value=0)
                      .values_list("scope", "day", "metric", "value"))

    before = types()
    KpiRollup.objects.filter(metric__startswith="type_").delete()
    importlib.import_module("gridgov.cases.migrations.0014_dispute_type_facts").add_type_facts(apps, None)
    assert types() == before and len(before) > 5


def test_the_monthly_rollups_are_the_sums_of_the_days(district):
    from collections import Counter

    from gridgov.cases.models import KpiMonth, KpiRollup

    days: Counter = Counter()
    for scope, county, day, metric, value in KpiRollup.objects.values_list("scope", "county", "day", "metric",
                                                                           "value"):
        days[(scope, county, day.replace(day=1), metric)] += value
    months = Counter({(s, c, m, k): v for s, c, m, k, v in KpiMonth.objects.values_list("scope", "county", "month",
                                                                                       "metric", "value")})
    assert +days == +months and len(+months) > 100


def test_figures_read_with_the_months_equal_the_days_alone_for_random_periods(leader, monkeypatch):
    from gridgov.cases import kpis

    rng = random.Random(21)
    scopes = sorted(kpis.KpiRollup.objects.values_list("scope", flat=True).distinct())
    crossed = subtracted = 0
    for _ in range(150):
        start = date(2026, 8, 1) + timedelta(days=rng.randint(0, 150))
        end = start + timedelta(days=rng.choice([0, 3, 30, 31, 45, 61, 92, 200]))
        chosen = rng.sample(scopes, 5)
        monkeypatch.setattr(kpis, "USE_MONTHS", True)
        with_months = kpis.compute_many(chosen, start, end)
        months, _added, taken = kpis.period_pieces(start, end)
        crossed += months is not None
        subtracted += bool(taken)
        monkeypatch.setattr(kpis, "USE_MONTHS", False)
        assert kpis.compute_many(chosen, start, end) == with_months, (chosen, start, end)
    assert crossed > 50 and subtracted > 30  # months read, and months less their days outside the period
    for code, start, end in draws(6, seed=4):  # and the whole dashboard, over periods holding whole months
        start = start.replace(day=1) - timedelta(days=40)
        monkeypatch.setattr(kpis, "USE_MONTHS", True)
        whole = build(leader, Area.objects.get(code=code), start, end).as_json()
        monkeypatch.setattr(kpis, "USE_MONTHS", False)
        assert build(leader, Area.objects.get(code=code), start, end).as_json() == whole, (code, start, end)


def test_the_flags_behind_the_overdue_and_escalated_lists_are_what_the_timelines_say(district):
    """The lists read ``went_overdue`` and ``escalations`` (partial indexes) instead of the timeline: a case has the
    flag exactly when its timeline has the entry, also after a new deadline cleared ``overdue``; the migration sets
    the flag from the timelines of an install's cases."""
    import importlib

    from django.apps import apps

    from gridgov.cases.models import Case, TimelineEntry

    def ids(action: str) -> set[int]:
        return set(TimelineEntry.objects.filter(action=action).values_list("case_id", flat=True))

    went = set(Case.objects.filter(went_overdue=True).values_list("pk", flat=True))
    assert went == ids("overdue") and len(went) > 5
    assert set(Case.objects.filter(escalations__gt=0).values_list("pk", flat=True)) == ids("escalate")
    assert Case.objects.filter(went_overdue=True, overdue=False).exists()  # a new deadline cleared the mark only
    Case.objects.update(went_overdue=False)
    importlib.import_module("gridgov.cases.migrations.0015_went_overdue").fill(apps, None)
    assert set(Case.objects.filter(went_overdue=True).values_list("pk", flat=True)) == went


def test_a_period_reads_whole_months_as_months_and_a_partial_month_whichever_way_reads_fewer_rows():
    from gridgov.cases.kpis import period_pieces

    today = date(2026, 12, 31)
    assert period_pieces(date(2026, 1, 1), date(2026, 12, 31), today) == ((date(2026, 1, 1), date(2026, 12, 1)),
                                                                          [], [])
    # the last 30 days of a month: the month less its first day
    assert period_pieces(date(2026, 12, 2), date(2026, 12, 31), today) == ((date(2026, 12, 1), date(2026, 12, 1)),
                                                                           [], [(date(2026, 12, 1),
                                                                                 date(2026, 12, 1))])
    # a few days: the days themselves
    assert period_pieces(date(2026, 12, 10), date(2026, 12, 12), today) == (None, [(date(2026, 12, 10),
                                                                                    date(2026, 12, 12))], [])
    # 30 days across two months, across a year's end too: their days, one range
    assert period_pieces(date(2026, 11, 12), date(2026, 12, 11), date(2026, 12, 11)) == (
        None, [(date(2026, 11, 12), date(2026, 12, 11))], [])
    assert period_pieces(date(2025, 12, 30), date(2026, 1, 28), today) == (
        None, [(date(2025, 12, 30), date(2026, 1, 28))], [])
    # a year up to today, the 15th of December: its months less the days after today, which hold nothing yet
    assert period_pieces(date(2026, 1, 1), date(2026, 12, 15), date(2026, 12, 15)) == (
        (date(2026, 1, 1), date(2026, 12, 1)), [], [(date(2026, 12, 16), date(2026, 12, 31))])
    # the same year seen a year later: its whole months and the days of December's part
    assert period_pieces(date(2026, 1, 1), date(2026, 12, 15), date(2027, 12, 15)) == (
        (date(2026, 1, 1), date(2026, 11, 1)), [(date(2026, 12, 1), date(2026, 12, 15))], [])
    # a February of a leap year, whole; the middle of a month that has passed: its days
    assert period_pieces(date(2024, 2, 1), date(2024, 2, 29), today) == ((date(2024, 2, 1), date(2024, 2, 1)), [],
                                                                         [])
    assert period_pieces(date(2026, 3, 10), date(2026, 3, 20), today) == (None, [(date(2026, 3, 10),
                                                                                   date(2026, 3, 20))], [])
