"""The dispute and petition desks in a real headless Chromium: a dispute recorded at the desk, mediated and referred
on from the case page with the chain shown; a repeat petition flagged on its page."""

from __future__ import annotations

import pytest
from django.utils import timezone

from conftest import shot
from gridgov.cases.models import Case
from gridgov.cases.tests.conftest import LEAF, POINT
from gridgov.org.models import Unit, UnitKind
from gridgov.petitions.actions import record_petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def act(page, action: str, note: str, **fill) -> None:
    form = page.locator(f"details.action[data-action={action}]")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    for name, value in fill.items():
        field = form.locator(f"[name={name}]").first
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    form.locator("textarea[name=note]").fill(note)
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".messages .msg-success")


def test_a_dispute_is_recorded_mediated_and_referred_on_from_the_pages(town, open_page):
    Unit.objects.create(code="court", name="法院诉讼服务中心", kind=UnitKind.DEPARTMENT, department="court",
                        area=town.areas["110101"])
    desk = open_page(town.people.dispatcher.username)
    desk.goto(desk.url_of("/disputes/new/"))
    desk.wait_for_selector("#pick-map[data-ready]", state="attached")
    desk.select_option("select[name=dispute_type]", "neighbourhood")
    desk.fill("textarea[name=description]", "两户因排水沟争执")
    desk.fill("#place", "微网格001")
    desk.click("#places button >> nth=0")
    desk.wait_for_function("() => document.getElementById('lon').value !== ''")
    desk.fill("input[name=party0_name]", "张大山")
    desk.fill("input[name=party0_phone]", "13800001111")
    desk.fill("input[name=party1_name]", "李小河")
    desk.click("#dispute-form button[type=submit]")
    desk.wait_for_selector("#dispute-panel")
    case = Case.objects.get(kind="dispute")
    assert case.area_code == LEAF and "*******1111" in desk.locator("#dispute-panel").inner_text()
    act(desk, "register", "受理")
    act(desk, "dispatch", "派村调委会")

    mediator = open_page(town.people.village_leader.username)
    mediator.goto(mediator.url_of(f"/desk/cases/{case.pk}/"))
    act(mediator, "accept", "签收")
    today = timezone.localdate().isoformat()  # a browser test runs on the system clock: the session was held today
    act(mediator, "record_session", "双方各执一词", held_on=today, participants="张大山、李小河、调解员")
    act(mediator, "refer", "引导当事人起诉", stage="court")
    chain = mediator.locator("#chain").inner_text()
    assert "法院诉讼服务中心" in chain and "调解不成" in chain  # the first stage's outcome: failed
    assert "引导当事人起诉" not in chain  # notes stay on the timeline
    assert [li.get_attribute("data-stage") for li in mediator.locator("#chain > li").all()] == ["mediation", "court"]
    case.refresh_from_db()
    assert case.status == "dispatched" and case.handling_unit.department == "court"
    shot(mediator, "dispute-chain")


def test_a_repeat_petition_is_flagged_on_its_page(town, open_page):
    first = record_petition(town.people.intake, category="1502", request="欠薪", lon=POINT[0], lat=POINT[1],
                            channel="visit", petitioners=[{"name": "张三", "phone": "13600000001"}]).case
    again = record_petition(town.people.intake, category="1502", request="欠薪，再次反映", lon=POINT[0],
                            lat=POINT[1], channel="visit", petitioners=[{"name": "张三", "phone": "13600000001"}]).case
    page = open_page(town.people.dispatcher.username)
    page.goto(page.url_of(f"/desk/cases/{again.pk}/"))
    assert first.number in page.locator("#repeat-flag").inner_text()
    shot(page, "petition-repeat")
