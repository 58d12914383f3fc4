"""In the browser: the banner of an area in an emergency, and a grid worker recording a batch of visits on a
390×844 phone, offline first (kept in the outbox) and sent once when the network returns."""

from __future__ import annotations

import pytest

from conftest import shot
from gridgov.cases.tests.conftest import LEAF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_grid_worker_sees_the_banner_and_records_a_visit_batch_offline_on_the_phone(town, open_page):
    from gridgov.emergencies.actions import switch_on
    from gridgov.emergencies.models import GridTask, VisitBatch

    e, _ = switch_on(town.people.dispatcher, area_code="110101001", plan_code="flood", reason="暴雨")
    phone = open_page(town.people.worker.username, phone=True)
    phone.goto(phone.url_of("/field/"))
    assert phone.locator("#emergency-banner").is_visible()
    assert phone.locator(".campaign-card").count() == 1  # the campaign first
    phone.click(".campaign-card a")
    phone.wait_for_selector("form.visits")
    phone.context.set_offline(True)
    phone.fill("input[name=place]", "3号楼")
    phone.fill("input[name=visited]", "12")
    phone.fill("input[name=nobody_home]", "2")
    phone.fill("input[name=need-relief]", "1")
    phone.click("form.visits button[type=submit]")
    phone.wait_for_selector("#result[data-state='queued']", state="attached")
    phone.wait_for_selector("body[data-outbox='1']", state="attached")
    assert VisitBatch.objects.count() == 0
    shot(phone, "campaign-1-queued")
    phone.context.set_offline(False)  # the outbox sends it when the network is back
    phone.wait_for_selector("body[data-outbox='0']", state="attached", timeout=20000)
    task = GridTask.objects.get(emergency=e, area_code=LEAF)
    assert (task.visited, task.nobody_home, task.needs_found) == (12, 2, 1)
    assert VisitBatch.objects.count() == 1
    shot(phone, "campaign-2-sent")
    phone.errors[:] = [x for x in phone.errors if "ERR_INTERNET_DISCONNECTED" not in x and "Failed to fetch" not in x]
