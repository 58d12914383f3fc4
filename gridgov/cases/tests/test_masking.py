"""A phone or ID number never shows more than its last four characters, whatever its length; unmasked details
travel only in the body of the audited reveal, never in a cookie, a message or a redirect."""

from __future__ import annotations

import pytest

from gridgov.cases.parties import mask_id
from gridgov.cases.tests.conftest import POINT, at
from gridgov.org.models import mask_phone

DIGITS = "98765432109876543210"


@pytest.mark.parametrize("length", range(1, 21))
@pytest.mark.parametrize("mask", [mask_phone, mask_id])
def test_a_number_shows_at_most_its_last_four_characters_and_hides_at_least_four(mask, length):
    number = DIGITS[:length]
    shown = mask(number)
    visible = shown.lstrip("*")
    assert len(shown) == length and len(visible) <= 4 and number.endswith(visible)
    assert shown.count("*") >= min(4, length)  # a short number is hidden whole, a 7-digit one keeps 4 hidden
    assert shown != number


def test_a_seven_digit_number_is_not_shown_in_full():
    assert mask_phone("6543210") == "****210"
    assert mask_phone("13812345678") == "*******5678" and mask_id("410101199001011234") == "**************1234"


@pytest.mark.django_db
def test_an_unmasked_party_travels_only_in_the_audited_page_body(town, client):
    from gridgov.audit.models import AuditEvent
    from gridgov.disputes import actions

    case = actions.record_dispute(
        town.people.worker, dispute_type="neighbourhood", found_by="screening", description="边界争执",
        lon=POINT[0], lat=POINT[1], parties=[{"role": "申请人", "name": "张大山", "id_number": "410101199001011234",
                                             "phone": "13800001111"}],
        people_involved=1, risk="low", now=at(2026, 11, 23, 9, 0)).case
    party = case.parties.get()
    client.force_login(town.people.dispatcher)
    r = client.post(f"/desk/cases/{case.pk}/parties/{party.pk}/reveal")
    assert r.status_code == 200 and "410101199001011234" in r.content.decode()
    assert r["Cache-Control"] == "no-store"
    assert all("410101199001011234" not in c.value and "13800001111" not in c.value for c in r.cookies.values())
    assert "410101199001011234" not in str(client.session.items())  # no message left in the session
    page = client.get(f"/desk/cases/{case.pk}/").content.decode()
    assert "410101199001011234" not in page and "13800001111" not in page  # nothing carried to the next page
    assert AuditEvent.objects.filter(verb="reveal_party", object_id=str(party.pk)).count() == 1


@pytest.mark.django_db
def test_the_back_office_shows_the_citizen_masked(town, report, client):
    from django.contrib.auth import get_user_model

    case = report(citizen_name="王小明", citizen_phone="13812345678").case
    client.force_login(get_user_model().objects.create_superuser("root", password="x"))
    html = client.get(f"/admin/cases/case/{case.pk}/change/").content.decode()
    assert "*******5678" in html and "13812345678" not in html and "王小明" not in html
