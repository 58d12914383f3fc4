"""After a logout the phone shows nothing of the worker who left: the service worker's cached pages are gone (offline,
/field/ no longer opens from the cache), while its cached assets stay; a report still waiting in the outbox stays on
the phone for the worker who made it and is never sent under the next person's login."""

from __future__ import annotations

import pytest

from conftest import PASSWORD
from gridgov.cases.models import Case
from gridgov.cases.tests.conftest import POINT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (functions, not expressions: Playwright polls an expression with eval, which the CSP forbids)
CACHED_HOME = "() => caches.open('gridgov-field-pages').then((c) => c.match('/field/')).then((r) => !!r)"


def cached_home(phone) -> None:
    """Open /field/ under the service worker, so that it keeps the page."""
    phone.goto(phone.url_of("/field/"))
    phone.wait_for_function("() => navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)")
    phone.reload()
    phone.wait_for_function(CACHED_HOME)


def test_after_logout_the_phone_no_longer_serves_the_previous_workers_pages(town, open_page):
    phone = open_page(town.people.worker.username, phone=True)
    cached_home(phone)
    phone.click("form[action$='/logout/'] button")
    phone.wait_for_selector("input[name=username]")
    assert phone.evaluate("caches.has('gridgov-field-pages')") is False
    assert phone.evaluate("caches.has('gridgov-field-assets-v2')") is True  # offline use of the next login stays

    phone.context.set_offline(True)
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED|ERR_FAILED"):
        phone.goto(phone.url_of("/field/"))
    assert phone.locator("#field-home").count() == 0
    phone.context.set_offline(False)
    phone.errors[:] = [e for e in phone.errors if "ERR_INTERNET_DISCONNECTED" not in e and "Failed to fetch" not in e]


def test_a_session_that_ends_by_itself_also_drops_the_cached_pages(town, open_page):
    phone = open_page(town.people.worker.username, phone=True)
    cached_home(phone)
    phone.context.clear_cookies()  # the session ends (idle timeout, or ended on the server)
    phone.goto(phone.url_of("/field/"))  # answered with a redirect to the login page
    phone.wait_for_selector("body[data-pages-dropped]", state="attached")
    assert phone.evaluate("caches.has('gridgov-field-pages')") is False


def test_unsent_reports_wait_for_the_worker_who_made_them(town, open_page):
    p = town.people
    p.worker.set_password(PASSWORD)
    p.worker.save(update_fields=["password"])
    phone = open_page(p.worker2.username, phone=True)
    phone.goto(phone.url_of("/field/report/"))
    phone.wait_for_function("() => !!window.gridgovOutbox")
    # a report the first worker left in the outbox (made without signal, not yet sent) before handing the phone over
    phone.evaluate("""([owner, point]) => new Promise((resolve, reject) => {
        const req = indexedDB.open("gridgov-field", 1);
        req.onsuccess = () => {
            const t = req.result.transaction("outbox", "readwrite");
            t.objectStore("outbox").put({ key: "left-behind", kind: "case", owner, created: Date.now(),
                body: { category: "0102", description: "上一位网格员未发送的上报", lon: point[0], lat: point[1],
                        crs: "wgs84", channel: "grid_app", urgency: "normal", idempotency_key: "left-behind" } });
            t.oncomplete = () => resolve(true);
            t.onerror = () => reject(t.error);
        };
    })""", [str(p.worker.pk), list(POINT)])
    assert phone.evaluate("window.gridgovOutbox.flush().then((sent) => sent.length)") == 0
    assert phone.evaluate("window.gridgovOutbox.all().then((items) => items.length)") == 0
    assert Case.objects.count() == 0

    phone.click("form[action$='/logout/'] button")
    phone.wait_for_selector("input[name=username]")
    phone.fill("input[name=username]", p.worker.username)
    phone.fill("input[name=password]", PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_selector("#field-home")
    phone.wait_for_selector("body[data-outbox='0']", state="attached")
    case = Case.objects.get()
    assert (case.reporter, case.description) == (p.worker, "上一位网格员未发送的上报")
