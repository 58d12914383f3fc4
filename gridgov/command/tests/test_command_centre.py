"""The command centre: dashboard figures from the rollups, every table exported, the situation report PDF, grid
cards, and the map's data, all scoped."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image

from gridgov.cases import kpis
from gridgov.cases.actions import take_action
from gridgov.cases.tests.conftest import LEAF, OTHER_POINT, VILLAGE
from gridgov.command import cards
from gridgov.command.figures import build as figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(town, report):
    """Today: one case closed and rated, one overdue and escalated, one in the other township."""
    p = town.people
    now = timezone.now()
    a = report(who=p.intake, channel="hotline", now=now - timezone.timedelta(hours=3)).case  # a citizen rates it
    urban = {"unit": town.units.urban.pk}
    for actor, action, fields in ((p.dispatcher, "register", {}), (p.dispatcher, "dispatch", urban),
                                  (p.urban_handler, "accept", {}), (p.urban_handler, "submit_feedback", {}),
                                  (p.worker, "check", {"passed": True}), (p.dispatcher, "close", {}),
                                  (None, "rate", {"rating": 5})):
        take_action(actor, a.pk, action, fields=fields, note="ok")
    b = report(category="0101", now=now - timezone.timedelta(hours=2)).case
    take_action(p.dispatcher, b.pk, "register")
    take_action(p.dispatcher, b.pk, "dispatch", fields={"unit": town.units.station.pk})
    take_action(p.village_leader, b.pk, "escalate", note="需要镇里协调")
    c = report(point=OTHER_POINT, who=p.intake, channel="hotline", now=now - timezone.timedelta(hours=1)).case
    return a, b, c


def test_the_dashboard_shows_the_rollup_figures_of_the_area_in_view(town, day, client):
    client.force_login(town.people.leader)
    html = client.get("/command/dashboard/").content.decode()
    today = timezone.localdate()
    k = kpis.compute("area:110101", today, today)
    assert k["reported_count"]["value"] == 3 and k["closed_count"]["value"] == 1
    assert 'data-kpi="reported_count"' in html and "100.0%" in html  # satisfaction 1 / 1
    assert day[1].number in html  # in the escalated list


def test_the_dashboard_drills_down_and_stays_in_the_jurisdiction(town, day, client):
    client.force_login(town.people.town_dispatcher)
    assert client.get("/command/dashboard/", {"area": "110101001"}).status_code == 200
    assert client.get("/command/dashboard/", {"area": "110101101"}).status_code == 404
    f = figures(town.people.town_dispatcher, town.areas["110101001"], timezone.localdate(), timezone.localdate())
    assert [r[0] for r in f.tables["subareas"].rows] == ["110101001201", "110101001202"]
    assert day[2].number not in [r[0] for r in f.tables["escalated"].rows]


def test_bad_periods_are_refused_with_a_reason(town, client):
    client.force_login(town.people.leader)
    response = client.get("/command/dashboard/", {"from": "2026-12-01", "to": "2026-11-01"})
    assert response.status_code == 400 and "from" in response.content.decode()
    assert client.get("/command/dashboard/", {"from": "yesterday"}).status_code == 400


def test_every_dashboard_table_exports_to_excel_and_csv(town, day, client):
    client.force_login(town.people.leader)
    today = timezone.localdate()
    f = figures(town.people.leader, town.areas["110101"], today, today)
    period = {"from": today.isoformat(), "to": today.isoformat()}
    for name, table in f.tables.items():
        rows = list(csv.reader(io.StringIO(client.get(f"/command/dashboard/{name}.csv", period)
                                           .content.decode("utf-8-sig"))))
        assert rows[0] == [str(h) for h in table.headers] and len(rows) == len(list(table.rows)) + 1, name
        book = load_workbook(io.BytesIO(client.get(f"/command/dashboard/{name}.xlsx", period).content))
        assert book.active.max_row == len(list(table.rows)) + 1, name
    assert client.get("/command/dashboard/nothing.csv").status_code == 404


def test_the_situation_report_is_a_pdf_with_an_embedded_chinese_font(town, day, client):
    client.force_login(town.people.leader)
    for kind in ("daily", "weekly", "monthly"):
        response = client.get(f"/command/report/{kind}.pdf")
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    pdf = response.content
    assert b"/FontFile2" in pdf  # a TrueType font is embedded, so Chinese renders without the viewer's fonts
    assert client.get("/command/report/hourly.pdf").status_code == 404
    assert client.get("/command/report/daily.pdf", {"date": "23/11/2026"}).status_code == 400


def test_a_grid_card_names_its_people_and_points_its_qr_code_at_the_report_page(town, client, settings):
    settings.GRIDGOV_PUBLIC_URL = "https://grid.example.gov.cn"
    leaf = town.areas[LEAF]
    people = cards.people(leaf)
    assert [(p.role, p.name) for p in people] == [("网格员", "测试grid_worker-110101001201001001"),
                                                  ("网格长", "测试grid_leader-110101001201")]
    assert all(p.phone == "0000-1234567" for p in people)
    assert cards.report_url(leaf) == f"https://grid.example.gov.cn/report/?grid={LEAF}"
    client.force_login(town.people.village_leader)
    png = client.get(f"/command/cards/{LEAF}.png")
    img = Image.open(io.BytesIO(png.content))
    assert png["Content-Type"] == "image/png" and img.size == (cards.WIDTH, cards.HEIGHT)
    assert client.get(f"/command/cards/{LEAF}.pdf").content.startswith(b"%PDF")
    assert client.get("/command/cards/110101101201001001.png").status_code == 404  # another township's grid


def test_the_map_data_is_scoped_and_reports_what_changed(town, day, client):
    a, b, c = day
    client.force_login(town.people.town_dispatcher)
    data = client.get("/api/v1/command/points").json()
    assert {p[0] for p in data["open"]} == {b.pk}  # a is closed, c is in the other township
    assert len(data["heat"]) == 2
    since = (timezone.now() - timezone.timedelta(hours=1, minutes=30)).isoformat()
    changes = client.get("/api/v1/command/changes", {"since": since}).json()
    assert changes["new"] == [] and changes["overdue"] == []
    client.force_login(town.people.dispatcher)
    changes = client.get("/api/v1/command/changes", {"since": since}).json()
    assert [p[0] for p in changes["new"]] == [c.pk]
    from django.utils.dateparse import parse_datetime

    assert parse_datetime(changes["at"]) < timezone.now() - timezone.timedelta(seconds=29)  # answers overlap
    assert [p[0] for p in client.get(f"/api/v1/command/grid/{VILLAGE}/cases").json()] == [b.pk]
    assert json.loads(client.get("/api/v1/command/changes", {"since": "soon"}).content)["detail"]
