"""The whole loop in a real headless Chromium: a grid worker reports from the phone page, the command map shows it
arrive, a dispatcher dispatches from the workbench, a handler gives feedback with a photo, the grid worker checks
it, the dispatcher closes it, the tracking page shows it concluded (a grid worker's own finding has no citizen to rate
it: staff never rate), and the dashboard counts it."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone

from conftest import shot
from gridgov.cases.models import Case
from gridgov.cases.tests.conftest import LEAF, POINT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), "#e63946").save(out, "PNG")
    return out.getvalue()


def act(page, action: str, note: str = "", passed: str | None = None) -> None:
    """Open the action's form on the case page, fill it, submit, and expect the success message."""
    form = page.locator(f"details.action[data-action={action}]")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    if passed is not None:
        form.locator(f"input[name=passed][value='{passed}']").check()
    if note:
        form.locator("textarea[name=note]").fill(note)
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".messages .msg-success")


def test_a_phone_report_travels_the_whole_loop_in_the_browser(town, open_page, live_server):
    p = town.people
    leader = open_page(p.leader.username)
    leader.goto(leader.url_of("/command/?poll=1000"))
    leader.wait_for_selector("#map[data-cases-loaded]", state="attached")

    # 1. the grid worker reports from the phone, with the GPS position
    phone = open_page(p.worker.username, phone=True, geolocation={"longitude": POINT[0], "latitude": POINT[1]},
                      permissions=["geolocation"])
    phone.goto(phone.url_of("/field/report/"))
    phone.select_option("select[name=category]", "0102")
    phone.fill("textarea[name=description]", "小区门口垃圾堆放，已影响通行")
    phone.click("#gps")
    phone.wait_for_function("() => document.getElementById('point').textContent.includes(',')")
    phone.set_input_files("input[name=photos]", files=[{"name": "scene.png", "mimeType": "image/png",
                                                         "buffer": png()}])
    phone.click("#field-report button[type=submit]")
    phone.wait_for_selector("#result[data-number]")
    case = Case.objects.get()
    assert phone.locator("#result").get_attribute("data-number") == case.number
    assert (case.status, case.channel, case.area_code, case.verified) == ("reported", "grid_app", LEAF, True)
    assert case.attachments.count() == 1
    shot(phone, "loop-1-phone-report")

    # the command map shows it arrive without reloading
    leader.wait_for_selector(f"#live-feed li:has-text('{case.number}')")
    assert leader.locator("#map").get_attribute("data-open-cases") == "1"
    shot(leader, "loop-2-command-map")

    # 2. the township dispatcher registers it and dispatches it from the inbox, to the urban management department
    desk = open_page(p.town_dispatcher.username)
    desk.goto(desk.url_of("/desk/"))
    desk.click(f"a:has-text('{case.number}')")
    act(desk, "register")
    desk.goto(desk.url_of("/desk/"))
    desk.check(f"input[name=case][value='{case.pk}']")
    desk.select_option("#bulk select[name=unit]", label=town.units.urban.name)
    desk.click("#bulk button[type=submit]")
    desk.wait_for_selector(".messages .msg-success")
    case.refresh_from_db()
    assert (case.status, case.handling_unit_id) == ("dispatched", town.units.urban.pk)
    shot(desk, "loop-3-workbench-inbox")

    # 3. the department handler accepts and gives feedback with a photo
    handler = open_page(p.urban_handler.username)
    handler.goto(handler.url_of(f"/desk/cases/{case.pk}/"))
    act(handler, "accept")
    form = handler.locator("details.action[data-action=submit_feedback]")
    form.locator("summary").click()
    form.locator("input[name=photos]").set_input_files(files=[{"name": "done.png", "mimeType": "image/png",
                                                                "buffer": png()}])
    form.locator("textarea[name=note]").fill("已清运完毕")
    form.locator("button[type=submit]").click()
    handler.wait_for_selector(".messages .msg-success")
    shot(handler, "loop-4-handler-feedback")

    # 4. the grid worker checks it on site, from the task list (the task opens the phone's case page)
    phone.goto(phone.url_of("/field/"))
    phone.click(f"#tasks a:has-text('{case.number}')")
    phone.click("form[data-action=check] button[name=passed][value='1']")
    phone.wait_for_selector(".messages .msg-success")

    # 5. the dispatcher closes it
    desk.goto(desk.url_of(f"/desk/cases/{case.pk}/"))
    act(desk, "close")
    case.refresh_from_db()
    assert case.status == "closed"

    # 6. the tracking page (no login) shows it concluded, and offers no rating: no citizen brought this case
    citizen = open_page(phone=True)
    citizen.goto(citizen.url_of("/track/"))
    citizen.fill("input[name=code]", case.tracking_code)
    citizen.click("button[type=submit]")
    citizen.wait_for_selector("#progress")
    assert citizen.locator("#rate").count() == 0
    shot(citizen, "loop-5-citizen-tracking")

    # the timeline tells the whole story
    actions = list(case.timeline.values_list("action", flat=True))
    assert actions == ["report", "register", "dispatch", "accept", "submit_feedback", "check", "close"]

    # 7. the dashboard counts it
    today = timezone.localdate().isoformat()
    leader.goto(leader.url_of(f"/command/dashboard/?from={today}&to={today}"))
    leader.wait_for_selector("#dashboard[data-charts=ready]", state="attached")
    figure = {k: leader.locator(f"#kpis [data-kpi={k}] b, #activity-kpis [data-kpi={k}] b").inner_text() for k in
              ("reported_count", "closed_count", "satisfaction_rate")}
    assert figure == {"reported_count": "1", "closed_count": "1", "satisfaction_rate": "—"}  # nobody rated it
    shot(leader, "loop-6-dashboard")
