"""The desk takes a 110 handover on its intake form, without the API: the form offers the 110 transfer and its
incident number to the desk only, checks the number as the API does, and a refused form stores nothing."""

from __future__ import annotations

import pytest

from gridgov.cases.tests.conftest import POINT

pytestmark = pytest.mark.django_db


def form(**over) -> dict:
    return {"channel": "police_110", "incident_number": "J4116032026112300123", "category": "0102",
            "urgency": "normal", "description": "110转来：路边垃圾堆积", "citizen_name": "", "citizen_phone": "",
            "lon": str(POINT[0]), "lat": str(POINT[1])} | over


def test_the_desk_records_a_110_handover_from_the_intake_form(client, town, police):
    from gridgov.police.models import Transfer110

    client.force_login(town.people.intake)
    page = client.get("/desk/intake/").content.decode()
    assert 'value="police_110"' in page and 'name="incident_number"' in page
    r = client.post("/desk/intake/", form())
    transfer = Transfer110.objects.select_related("case").get()
    assert r.status_code == 302 and r["Location"] == f"/desk/cases/{transfer.case.pk}/"
    assert transfer.incident_number == "J4116032026112300123" and transfer.station == town.units.police
    assert transfer.case.channel == "police_110" and transfer.case.description == "110转来：路边垃圾堆积"


@pytest.mark.parametrize("number", ["", "12345", "J41<script>", "A" * 33, "-123456"])
def test_a_bad_incident_number_on_the_form_is_refused_and_stores_nothing(client, town, police, number):
    from gridgov.cases.models import Case

    client.force_login(town.people.intake)
    before = Case.objects.count()
    r = client.post("/desk/intake/", form(incident_number=number), follow=True)
    assert r.status_code == 200 and "incident_number: " in r.content.decode()  # the message names the field
    assert Case.objects.count() == before


def test_only_the_desk_is_offered_the_110_transfer_and_others_are_refused(client, town, police):
    from gridgov.cases.models import Case

    client.force_login(town.people.village_leader)  # takes events on the round, not 110 handovers
    page = client.get("/desk/intake/").content.decode()
    assert 'value="police_110"' not in page and 'name="incident_number"' not in page
    r = client.post("/desk/intake/", form(), follow=True)
    assert "只有受理席" in r.content.decode() and not Case.objects.exists()
