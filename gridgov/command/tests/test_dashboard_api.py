"""The dashboard as JSON (GET /api/v1/command/dashboard) is what the page, the exports and the situation report
show; each figure says whether it counts a flow or a cohort, so a grid or a period never contradicts itself."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from gridgov.cases.actions import take_action
from gridgov.cases.scan import scan
from gridgov.cases.tests.conftest import LEAF, POINT, at
from gridgov.command.figures import build, duration
from gridgov.command.labels import BASIS_LABELS
from gridgov.disputes.actions import record_dispute, record_outcome
from gridgov.petitions.actions import record_petition

pytestmark = pytest.mark.django_db
CLOCK = at(2026, 11, 27, 18, 0)
PERIOD = {"from": "2026-11-24", "to": "2026-11-27"}


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: CLOCK)


@pytest.fixture
def story(town, report):
    """a: received on the 20th, closed on the 25th. b: received on the 25th, overdue and escalated that evening.
    p: a petition received on the 20th, accepted on the 24th. d: a dispute received on the 25th, resolved on the
    26th by the village station."""
    p = town.people

    def act(who, case, action, when, **fields):
        take_action(who, case.pk, action, note="ok", fields=fields, now=when)

    a = report(now=at(2026, 11, 20, 9, 0)).case
    act(p.dispatcher, a, "register", at(2026, 11, 20, 9, 5))
    act(p.dispatcher, a, "dispatch", at(2026, 11, 20, 9, 10), unit=town.units.urban.pk)
    act(p.urban_handler, a, "accept", at(2026, 11, 20, 10, 0))
    act(p.urban_handler, a, "submit_feedback", at(2026, 11, 25, 9, 0))
    act(p.worker, a, "check", at(2026, 11, 25, 9, 5), passed=True)
    act(p.dispatcher, a, "close", at(2026, 11, 25, 9, 10))
    b = report(now=at(2026, 11, 25, 9, 0)).case
    act(p.dispatcher, b, "register", at(2026, 11, 25, 9, 5))
    act(p.dispatcher, b, "dispatch", at(2026, 11, 25, 9, 10))  # the village station, due the same afternoon
    scan(at(2026, 11, 25, 17, 45))
    petition = record_petition(p.intake, category="1502", request="拖欠工资", lon=POINT[0], lat=POINT[1],
                               channel="visit", petitioners=[{"name": "张三", "phone": "13800001111"}],
                               now=at(2026, 11, 20, 10, 0)).case
    act(p.dispatcher, petition, "register", at(2026, 11, 24, 9, 0))
    d = record_dispute(p.worker, dispute_type="neighbourhood", found_by="screening", description="边界争执",
                       lon=POINT[0], lat=POINT[1], parties=[{"role": "申请人", "name": "李四"}],
                       now=at(2026, 11, 25, 10, 0)).case
    for who, action in ((p.dispatcher, "register"), (p.dispatcher, "dispatch"), (p.village_leader, "accept")):
        act(who, d, action, at(2026, 11, 25, 10, 5))
    record_outcome(p.village_leader, d.pk, outcome="agreement", notes="以围墙为界", now=at(2026, 11, 26, 9, 0))
    act(p.worker, d, "check", at(2026, 11, 26, 9, 30), passed=True)
    act(p.dispatcher, d, "close", at(2026, 11, 26, 10, 0))
    return a, b, petition, d


def cards(d) -> dict:
    return {c.name: c for section in ("cases", "activity", "now") for c in d.cards[section]}


def test_the_dashboard_api_gives_every_card_and_table_the_page_shows(town, story, client):
    client.force_login(town.people.leader)
    r = client.get("/api/v1/command/dashboard", {"area": "110101", **PERIOD})
    assert r.status_code == 200, r.content
    data = r.json()
    assert (data["area"]["code"], data["from"], data["to"]) == ("110101", "2026-11-24", "2026-11-27")
    for section in ("cases", "activity", "now", "dispute", "petition"):
        for card in data["cards"][section]:
            assert {"value", "numerator", "denominator", "definition", "basis", "label"} <= card.keys()
            assert card["basis"] in ("flow", "cohort", "now") and card["definition"]
    assert data == build(town.people.leader, town.areas["110101"], date(2026, 11, 24), date(2026, 11, 27)).as_json()
    html = client.get("/command/dashboard/", {"area": "110101", **PERIOD}).content.decode()
    for section in data["cards"].values():
        for card in section:
            assert f'data-kpi="{card["name"]}" data-basis="{card["basis"]}"' in html
    escalated = data["tables"]["escalated"]
    assert [row[0] for row in escalated["rows"]] == [story[1].number] and escalated["length"] == \
        "cohort_escalated_count"
    assert {c["kind"] for c in data["tables"]["categories"]["columns"]} == {"label", "count", "rate"}


def test_a_grid_shows_closures_of_earlier_cases_as_a_flow_beside_its_own_cohort(town, story):
    d = build(town.people.leader, town.areas[LEAF], date(2026, 11, 24), date(2026, 11, 27))
    c = cards(d)
    assert c["closed_count"].value == 2 and c["closed_count"].basis == "flow"  # a (received on the 20th) and d
    assert (c["reported_count"].value, c["cohort_closed_count"].value) == (2, 1)  # b and d received; d closed
    assert (c["closure_rate"].numerator, c["closure_rate"].denominator) == (1, 2)
    for card in (c["closure_rate"], c["closed_count"]):  # the hover text says what the card counts
        assert str(BASIS_LABELS[card.basis]) in card.hover and str(card.definition) in card.hover


def test_acceptance_and_resolution_count_in_the_period_the_case_was_received(town, story):
    later = build(town.people.leader, town.areas["110101"], date(2026, 11, 24), date(2026, 11, 27))
    petitions = {c.name: c.value for c in later.cards["petition"]}
    assert petitions["petitions_received"] == 0 and petitions["petitions_accepted"] == 0  # accepted on the 24th
    whole = build(town.people.leader, town.areas["110101"], date(2026, 11, 20), date(2026, 11, 27))
    assert {c.name: c.value for c in whole.cards["petition"]}["petitions_accepted"] == 1
    disputes = {c.name: c for c in later.cards["dispute"]}
    assert [disputes[n].value for n in ("disputes_received", "disputes_accepted", "disputes_resolved")] == [1, 1, 1]
    assert (disputes["resolution_rate"].numerator, disputes["resolution_rate"].denominator) == (1, 1)
    assert later.tables["dispute_types"].rows == [["邻里纠纷", 1, 1]]


def test_the_overdue_and_escalated_cards_count_their_lists(town, story):
    d = build(town.people.leader, town.areas["110101"], date(2026, 11, 24), date(2026, 11, 27))
    c = cards(d)
    assert c["cohort_overdue_count"].value == len(d.tables["overdue"].rows) == 1  # b, though escalated since
    assert c["cohort_escalated_count"].value == len(d.tables["escalated"].rows) == 1
    assert c["overdue_now"].value == len(d.tables["overdue_now"].rows) == 0  # b runs on the township's deadline
    assert c["overdue_count"].value == 1 and c["overdue_count"].basis == "flow"


def test_areas_outside_the_jurisdiction_and_bad_periods_are_refused_with_a_reason(town, client):
    client.force_login(town.people.town_dispatcher)
    assert client.get("/api/v1/command/dashboard", {"area": "110101001", **PERIOD}).status_code == 200
    en = {"HTTP_ACCEPT_LANGUAGE": "en"}
    r = client.get("/api/v1/command/dashboard", {"area": "110101101", **PERIOD}, **en)
    assert r.status_code == 404 and "jurisdiction" in r.json()["detail"]
    r = client.get("/api/v1/command/dashboard", {"from": "2026-12-01", "to": "2026-11-01"}, **en)
    assert r.status_code == 400 and "from" in r.json()["detail"]
    assert client.get("/api/v1/command/dashboard", {"to": "9999-12-31"}).status_code == 400
    assert client.get("/api/v1/command/dashboard", {"from": "yesterday"}).status_code in (400, 422)
    client.logout()
    assert client.get("/api/v1/command/dashboard").status_code == 401


def test_the_situation_report_prints_durations_and_the_days_trend(town, story, client):
    client.force_login(town.people.leader)
    pdf = client.get("/command/report/daily.pdf", {"area": "110101", "date": "2026-11-25"}).content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    seconds = int((at(2026, 11, 25, 9, 10) - at(2026, 11, 20, 9, 10)).total_seconds())  # a: 5 days
    assert str(seconds) not in text  # the average's numerator is not printed in seconds
    assert "5.0" in text  # 120 hours, shown as 5.0 days
    assert "2026-11-25" in text  # the day-by-day table under the chart
    d = build(town.people.leader, town.areas["110101"], date(2026, 11, 25), date(2026, 11, 25))
    assert d.tables["trend"].rows == [[date(2026, 11, 25), 2, 1, 1]]  # reported b and d; closed a; b overdue
    row = next(r for r in d.tables["kpis"].shown_rows() if r[0] == str(d.card("average_handling_hours").label))
    assert row[2] == duration(120.0, "hours") and row[3] is None and row[4] == 1  # 5.0 days over 1 closure


def test_exports_are_the_dashboards_tables(town, story, client):
    client.force_login(town.people.leader)
    d = build(town.people.leader, town.areas["110101"], date(2026, 11, 24), date(2026, 11, 27))
    for key, table in d.tables.items():
        book = load_workbook(io.BytesIO(client.get(f"/command/dashboard/{key}.xlsx", PERIOD).content))
        got = [[c.value for c in row] for row in book.active.iter_rows(min_row=2)]
        assert len(got) == len(table.rows), key
    assert [[c.value for c in row] for row in load_workbook(io.BytesIO(client.get(
        "/command/dashboard/dispute_types.xlsx", PERIOD).content)).active.iter_rows()] == [
        [str(h) for h in d.tables["dispute_types"].headers], ["邻里纠纷", 1, 1]]


def test_the_upgrade_migration_recomputes_the_rollups_the_actions_keep(town, story):
    import importlib
    from pathlib import Path

    from django.apps import apps

    from gridgov.cases import migrations
    from gridgov.cases.models import KpiRollup

    name = next(Path(migrations.__file__).parent.glob("*_figures_cohort_rollups.py")).stem
    rebuild = importlib.import_module(f"gridgov.cases.migrations.{name}").rebuild
    before = sorted(KpiRollup.objects.exclude(value=0).values_list("scope", "day", "metric", "value"))
    KpiRollup.objects.update(value=0)
    rebuild(apps, None)
    assert sorted(KpiRollup.objects.exclude(value=0).values_list("scope", "day", "metric", "value")) == before
    assert any(metric == "cohort_closed" for _, _, metric, _ in before)


@pytest.mark.parametrize("query", ["date=0001-01-01", "date=9999-12-31", "date=1900-01-01", "date=2100-01-01"])
def test_a_report_for_a_date_outside_2000_to_2099_is_refused_not_a_server_error(town, client, query):
    client.force_login(town.people.leader)
    for kind in ("daily", "weekly", "monthly"):
        assert client.get(f"/command/report/{kind}.pdf?{query}").status_code == 400


@pytest.mark.parametrize("poll", ["²", "9" * 5000, "12"])
def test_the_map_takes_only_a_sane_poll_interval(town, client, poll):
    client.force_login(town.people.leader)
    r = client.get("/command/", {"poll": poll})
    assert r.status_code == 200 and b"15000" in r.content


def test_bulk_dispatch_skips_ids_in_other_scripts(town, client):
    client.force_login(town.people.dispatcher)
    assert client.post("/desk/dispatch", {"case": ["²", "٣"], "unit": "²"}).status_code == 302
