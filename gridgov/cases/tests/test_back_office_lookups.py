"""The back office filters a list only by what the list offers: a query string cannot search personal data field by
field (a prefix filter recovered a masked phone digit by digit), and a case's tracking code shows masked there."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gridgov.cases.actions import report_case
from gridgov.disputes.actions import record_dispute

from .conftest import POINT, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def back_office(client, town):
    admin = town.people.admin  # the system administrator
    client.force_login(admin)
    return client


@pytest.fixture
def dispute(town):
    return record_dispute(town.people.intake, dispute_type="neighbourhood", found_by="walk_in", description="宅基地",
                          lon=POINT[0], lat=POINT[1], amount=Decimal("1"), now=at(2026, 11, 23, 9, 0),
                          parties=[{"name": "张大山", "phone": "13912345678", "id_number": "411603199001011234"}]).case


@pytest.mark.parametrize("query", ["phone=13912345678", "phone__startswith=1391", "id_number__startswith=4116",
                                   "name__contains=大"])
def test_parties_cannot_be_filtered_by_their_details_from_the_query_string(back_office, dispute, query):
    assert back_office.get(f"/admin/cases/party/?{query}").status_code == 400


@pytest.mark.parametrize("query", ["citizen_phone=13800138000", "citizen_phone__startswith=1380",
                                   "tracking_code__startswith=A", "description__contains=垃圾"])
def test_cases_cannot_be_filtered_by_fields_the_list_does_not_offer(back_office, town, query):
    report_case(None, category=town.cat["0102"], description="垃圾", lon=POINT[0], lat=POINT[1],
                channel="public_web", citizen_phone="13800138000", now=at(2026, 11, 23, 9, 0))
    assert back_office.get(f"/admin/cases/case/?{query}").status_code == 400


def test_the_filters_a_list_offers_still_work(back_office, town):
    report_case(None, category=town.cat["0102"], description="垃圾", lon=POINT[0], lat=POINT[1],
                channel="public_web", now=at(2026, 11, 23, 9, 0))
    assert back_office.get("/admin/cases/case/?status__exact=reported").status_code == 200
    assert back_office.get("/admin/cases/case/?kind__exact=event&overdue__exact=0").status_code == 200


def test_the_back_office_shows_a_cases_tracking_code_masked(back_office, town):
    case = report_case(None, category=town.cat["0102"], description="垃圾", lon=POINT[0], lat=POINT[1],
                       channel="public_web", now=at(2026, 11, 23, 9, 0)).case
    page = back_office.get(f"/admin/cases/case/{case.pk}/change/").content.decode()
    assert case.tracking_code not in page and "*" * len(case.tracking_code) in page
