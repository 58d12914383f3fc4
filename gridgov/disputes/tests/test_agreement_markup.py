"""The mediation agreement prints what people wrote as text: markup in the dispute's description, the parties'
names and roles, the agreed terms or the mediating unit's name neither breaks the PDF nor embeds a file."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gridgov.cases.models import Party
from gridgov.cases.tests.conftest import POINT, at
from gridgov.cases.tests.pdftext import a_png, hostile, images_in, shows
from gridgov.disputes import actions
from gridgov.disputes.tests.test_disputes import mediate
from gridgov.org.models import Unit

pytestmark = pytest.mark.django_db


def test_the_agreement_prints_markup_in_every_field_as_text(town, client):
    picture = a_png()
    t = at(2026, 11, 23, 9, 0)
    parties = [{"role": "<b>申请人", "name": "<para>张&大山", "id_number": "410101199001011234", "phone": "138000011"},
               {"role": "被申请人", "name": "李小河", "id_number": "410101198505052345", "phone": "139000022"}]
    case = actions.record_dispute(town.people.worker, dispute_type="neighbourhood", found_by="screening",
                                  description=hostile("述", picture), lon=POINT[0], lat=POINT[1], parties=parties,
                                  amount=Decimal("5000"), people_involved=2, risk="medium", now=t).case
    Unit.objects.filter(pk=town.units.station.pk).update(name=hostile("站"))
    mediate(town, case, t, "refer")
    actions.record_outcome(town.people.village_leader, case.pk, outcome="agreement",
                           notes=hostile("约", picture) + "\n第二条", now=t)
    client.force_login(town.people.village_leader)  # sees the parties in full
    pdf = client.get(f"/disputes/{case.pk}/agreement.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    shown = (hostile("述", picture), hostile("约", picture), "第二条", hostile("站"), "<b>申请人", "<para>张&大山")
    for value in shown:
        assert shows(pdf.content, value), value
    assert images_in(pdf.content) == 0
    assert Party.objects.filter(name="<para>张&大山").exists()
