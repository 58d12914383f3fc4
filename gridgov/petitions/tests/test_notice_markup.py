"""The acceptance notice prints the petition's request, the petitioners' names and the centre's name as text: an
``<img>`` in a request no longer embeds a file the server can read (another township's attachment included), and an
unclosed tag no longer breaks the notice."""

from __future__ import annotations

import pytest

from gridgov.cases.actions import take_action
from gridgov.cases.tests.conftest import POINT, at
from gridgov.cases.tests.pdftext import a_png, hostile, images_in, shows
from gridgov.org.models import Unit, mask_name
from gridgov.petitions import actions

pytestmark = pytest.mark.django_db


def test_the_acceptance_notice_prints_markup_in_the_request_and_names_as_text(town, client):
    picture = a_png()
    t = at(2026, 11, 23, 9, 0)
    request = hostile("诉", picture)
    case = actions.record_petition(town.people.intake, category="1502", request=request, lon=POINT[0], lat=POINT[1],
                                   channel="visit", petitioners=[{"name": "<b>张&三"}], now=t).case
    take_action(town.people.dispatcher, case.pk, "register", now=t)
    case.refresh_from_db()
    Unit.objects.filter(pk=case.owner_unit_id).update(name=hostile("中心"))
    client.force_login(town.people.dispatcher)
    pdf = client.get(f"/petitions/{case.pk}/acceptance.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    for value in (request, hostile("中心"), mask_name("<b>张&三")):
        assert shows(pdf.content, value), value
    assert images_in(pdf.content) == 0
