"""A report made without signal waits on the phone and is sent once the network is back: exactly one case, even
when the phone sends it again."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from conftest import shot
from gridgov.cases.models import Case
from gridgov.cases.tests.conftest import LEAF, OTHER_POINT, POINT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_offline_report_syncs_once_when_the_network_returns(town, open_page):
    phone = open_page(town.people.worker.username, phone=True,
                      geolocation={"longitude": POINT[0], "latitude": POINT[1]}, permissions=["geolocation"])
    phone.goto(phone.url_of("/field/report/"))
    phone.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.ready.then(() => true)")

    phone.context.set_offline(True)
    phone.select_option("select[name=category]", "0102")
    phone.fill("textarea[name=description]", "地下室有积水（无信号处上报）")
    phone.click("#gps")
    phone.wait_for_function("() => document.getElementById('point').textContent.includes(',')")
    phone.click("#field-report button[type=submit]")
    phone.wait_for_selector("body[data-outbox='1']", state="attached")
    queued = phone.locator("#field-report").get_attribute("data-msg-queued")
    assert phone.locator("#result").inner_text() == queued and queued
    assert Case.objects.count() == 0
    shot(phone, "offline-1-queued")

    phone.context.set_offline(False)  # the page hears "online" and sends what waits
    phone.wait_for_selector("body[data-outbox='0']", state="attached", timeout=20000)
    case = Case.objects.get()
    assert case.description == "地下室有积水（无信号处上报）" and case.idempotency_key

    body = {"category": "0102", "description": "again", "lon": POINT[0], "lat": POINT[1],
            "idempotency_key": case.idempotency_key}
    again = phone.evaluate("""async (body) => {
        const csrf = document.cookie.match(/csrftoken=([^;]+)/)[1];
        const r = await fetch('/api/v1/cases', {method: 'POST', credentials: 'same-origin',
            headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrf}, body: JSON.stringify(body)});
        return [r.status, await r.json()];
    }""", body)
    assert again[0] == 200 and again[1]["number"] == case.number
    assert Case.objects.count() == 1, json.dumps(again)

    phone.goto(phone.url_of("/field/"))  # the page itself also opens from the phone's cache when offline
    phone.context.set_offline(True)
    phone.reload()
    assert phone.locator("#field-home").count() == 1
    phone.context.set_offline(False)
    shot(phone, "offline-2-home-from-cache")
    # requests that failed while the phone had no network are the point of this test, not page errors
    phone.errors[:] = [e for e in phone.errors if "ERR_INTERNET_DISCONNECTED" not in e]


def test_a_report_the_server_refuses_says_why_and_can_be_discarded(town, open_page):
    phone = open_page(town.people.worker.username, phone=True, geolocation={"longitude": 10.0, "latitude": 10.0},
                      permissions=["geolocation"])
    phone.goto(phone.url_of("/field/report/"))
    phone.select_option("select[name=category]", "0102")
    phone.fill("textarea[name=description]", "在辖区外")
    phone.click("#gps")
    phone.wait_for_function("() => document.getElementById('point').textContent.includes(',')")
    phone.click("#field-report button[type=submit]")
    phone.wait_for_selector("#outbox-status .refused")
    assert "不在辖区内" in phone.locator("#outbox-status .refused").inner_text()  # the server's reason
    phone.click("#outbox-status .refused button")
    phone.wait_for_selector("#outbox-status .refused", state="detached")
    assert Case.objects.count() == 0
    phone.errors[:] = [e for e in phone.errors if "400" not in e]  # the refused request is the point of the test


def fill_report(phone, description: str) -> None:
    phone.goto(phone.url_of("/field/report/"))
    phone.select_option("select[name=category]", "0102")
    phone.fill("textarea[name=description]", description)
    phone.click("#gps")
    # ``expect`` polls from Playwright's own script: a bare expression in ``wait_for_function`` is evaluated with
    # ``eval`` in the page, which the page's CSP refuses whenever the first look finds it false
    expect(phone.locator("#point")).to_contain_text(",")
    phone.click("#field-report button[type=submit]")


def test_a_report_that_meets_a_server_error_stays_queued_and_is_sent_again(town, open_page):
    phone = open_page(town.people.worker.username, phone=True,
                      geolocation={"longitude": POINT[0], "latitude": POINT[1]}, permissions=["geolocation"])
    phone.route("**/api/v1/cases", lambda route: route.fulfill(status=500, content_type="text/html",
                                                               body="<h1>Server Error (500)</h1>"))
    fill_report(phone, "服务器出错时上报")
    phone.wait_for_selector("body[data-outbox='1']", state="attached")
    assert phone.locator("#outbox-status .refused").count() == 0  # not offered for discarding: it will be sent
    assert phone.locator("#result").inner_text() == phone.locator("#field-report").get_attribute("data-msg-queued")
    assert Case.objects.count() == 0
    phone.unroute("**/api/v1/cases")
    phone.evaluate("window.gridgovOutbox.flush()")  # what the page does every 30 s and when the network returns
    phone.wait_for_selector("body[data-outbox='0']", state="attached", timeout=20000)
    assert Case.objects.get().description == "服务器出错时上报"
    phone.errors[:] = [e for e in phone.errors if "500" not in e]  # the failed request is the point of the test


def test_a_point_outside_the_jurisdiction_is_confirmed_before_it_is_stored(town, open_page):
    phone = open_page(town.people.worker.username, phone=True,
                      geolocation={"longitude": OTHER_POINT[0], "latitude": OTHER_POINT[1]},
                      permissions=["geolocation"])
    fill_report(phone, "邻镇路口井盖缺失")
    question = phone.wait_for_selector("#outbox-status .refused[data-code=outside_jurisdiction]")
    assert "GCJ-02" in question.inner_text() and Case.objects.count() == 0  # asked first, nothing stored
    assert phone.locator("#outbox-status select[name=crs] option").count() == 4
    shot(phone, "report-outside-asks")
    phone.click("#outbox-status .refused button.confirm")
    phone.wait_for_selector("#result[data-number]", state="attached", timeout=20000)
    case = Case.objects.get()
    assert case.reporter == town.people.worker and not case.area_code.startswith(LEAF)
    assert phone.locator("#result").get_attribute("data-number") == case.number
    phone.errors[:] = [e for e in phone.errors if "409" not in e]  # the question is the point of the test
