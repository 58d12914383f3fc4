"""The dashboard's exports carry real numbers: a rate is its number with a percent format in Excel and the number in
CSV, counts are numbers; the page and the report still show "100.0%"."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from gridgov.cases.actions import take_action
from gridgov.cases.tests.conftest import at

pytestmark = pytest.mark.django_db
PERIOD = {"from": "2026-11-23", "to": "2026-11-23"}


@pytest.fixture
def closed_and_rated(town, report):
    p, t = town.people, at(2026, 11, 23, 9, 0)
    case = report(who=p.intake, channel="hotline", now=t).case  # a citizen's call: the citizen rates it
    urban = {"unit": town.units.urban.pk}
    for actor, action, fields in ((p.dispatcher, "register", {}), (p.dispatcher, "dispatch", urban),
                                  (p.urban_handler, "accept", {}), (p.urban_handler, "submit_feedback", {}),
                                  (p.worker, "check", {"passed": True}), (p.dispatcher, "close", {}),
                                  (None, "rate", {"rating": 5})):
        take_action(actor, case.pk, action, fields=fields, note="ok", now=t)
    return case


def test_rates_export_as_numbers_with_a_percent_format(town, closed_and_rated, client):
    client.force_login(town.people.leader)
    ws = load_workbook(io.BytesIO(client.get("/command/dashboard/kpis.xlsx", PERIOD).content)).active
    assert [c.value for c in ws[1]] == ["指标", "口径", "数值", "分子", "分母"]
    values = {r[0].value: r[2] for r in ws.iter_rows(min_row=2)}
    satisfaction = values["满意率"]
    assert (satisfaction.value, satisfaction.data_type, satisfaction.number_format) == (1, "n", "0.0%")
    assert (values["受理"].value, values["受理"].data_type) == (1, "n")
    by_area = load_workbook(io.BytesIO(client.get("/command/dashboard/subareas.xlsx", PERIOD).content)).active
    closure = [r[4] for r in by_area.iter_rows(min_row=2) if r[0].value == "110101001"][0]
    assert (closure.value, closure.number_format) == (1, "0.0%")
    rows = list(csv.reader(io.StringIO(client.get("/command/dashboard/kpis.csv", PERIOD).content.decode("utf-8-sig"))))
    assert {r[0]: r[2] for r in rows[1:]}["满意率"] == "1.0"
    page = client.get("/command/dashboard/", PERIOD).content.decode()
    assert "100.0%" in page
