"""Free text in the command centre's documents is printed as text: a description, an area's or a unit's name with
markup in it neither breaks the situation reports nor embeds a file from the server's disk; grid cards draw such names
as they are. And no PDF module builds a paragraph except through ``gridgov.pdf``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from gridgov.cases.actions import report_case, take_action
from gridgov.cases.models import Category
from gridgov.cases.tests.conftest import LEAF, POINT, VILLAGE, at
from gridgov.cases.tests.pdftext import a_png, hostile, images_in, shows
from gridgov.command import cards
from gridgov.geo.models import Area
from gridgov.org.models import Staff, Unit
from gridgov.pdf import plain

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile_names(town):
    """Every free-text field the situation report prints carries markup; one escalated case shows them."""
    picture = a_png()
    Area.objects.filter(code="110101").update(name=hostile("区", picture))
    Area.objects.filter(code="110101001").update(name=hostile("镇"))
    Area.objects.filter(code=LEAF).update(name=hostile("格"))
    Unit.objects.filter(pk=town.units.town.pk).update(name=hostile("站", picture))  # handles it once escalated
    Category.objects.filter(code="0102").update(name=hostile("类"))
    p, t = town.people, at(2026, 11, 23, 9, 0)
    case = report_case(p.worker, category=Category.objects.get(code="0102"), description=hostile("述", picture),
                       lon=POINT[0], lat=POINT[1], now=t).case
    take_action(p.dispatcher, case.pk, "register", now=t)
    take_action(p.dispatcher, case.pk, "dispatch", fields={"unit": town.units.station.pk}, now=t)
    take_action(p.village_leader, case.pk, "escalate", note=hostile("注", picture), now=t)
    return picture


@pytest.mark.parametrize("kind", ["daily", "weekly", "monthly"])
def test_the_situation_report_prints_markup_in_names_and_descriptions_as_text(town, hostile_names, client, kind):
    client.force_login(town.people.leader)
    response = client.get(f"/command/report/{kind}.pdf", {"date": "2026-11-23"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    pdf = response.content
    for value in (hostile("区", hostile_names), hostile("镇"), hostile("格"), hostile("类"),
                  hostile("述", hostile_names)[:80]):  # the case lists show a description's first 80 characters
        assert shows(pdf, value), value
    assert shows(pdf, hostile("站", hostile_names)[:40])  # the unit column is narrow: the start is enough
    assert images_in(pdf) == 0  # nothing from the server's disk


def test_a_grid_card_draws_names_with_markup_as_they_are(town, client):
    Area.objects.filter(code=LEAF).update(name='<img src="/etc/passwd"/> <b>格 & <para>')
    Staff.objects.filter(area__code=VILLAGE).update(name="<b>网格长 & <para>")
    client.force_login(town.people.village_leader)
    png = client.get(f"/command/cards/{LEAF}.png")
    assert png.status_code == 200 and Image.open(io.BytesIO(png.content)).size == (cards.WIDTH, cards.HEIGHT)
    pdf = client.get(f"/command/cards/{LEAF}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert [p.name for p in cards.people(Area.objects.get(code=LEAF))][-1] == "<b>网格长 & <para>"


def test_paragraph_text_is_escaped_and_keeps_its_line_breaks():
    escaped = '&lt;img src="/etc/passwd"/&gt; &amp; &lt;b&gt;<br/>二行'
    assert plain('<img src="/etc/passwd"/> & <b>\r\n二行\x00') == escaped
    assert plain(None) == "" and plain(12) == "12"


def test_only_gridgov_pdf_builds_paragraphs():
    root = Path(__file__).resolve().parents[2]
    builders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                if "tests" not in p.parts and "Paragraph(" in p.read_text(encoding="utf-8")]
    assert builders == ["pdf.py"]  # relative to the gridgov package

