"""Every page works under the Content-Security-Policy, in a real headless Chromium: the desk and a case page, the
command map, the dashboard (charts and their tooltips), the phone pages, the public pages, the API docs and the back
office. The browser reports each blocked script, style or image both as a console message and as a
``securitypolicyviolation`` event; the test records both and expects none, while each page still draws its map or
charts."""

from __future__ import annotations

import pytest
from django.utils import timezone

from conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def watched(open_page, username=None, **options):
    page = open_page(username, **options)
    page.csp = []
    page.on("console", lambda m: page.csp.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(RECORD)
    return page


def no_violations(page, path: str) -> None:
    seen = page.evaluate("window.__csp")
    assert (seen, page.csp) == ([], []), path


def visit(page, path: str, ready: str) -> None:
    response = page.goto(page.url_of(path))
    assert response.status == 200, path
    assert "script-src 'self'" in response.headers["content-security-policy"], path
    page.wait_for_selector(ready, state="attached")
    no_violations(page, path)


def test_the_desk_map_dashboard_and_phone_pages_run_without_a_csp_violation(town, report, open_page):
    p = town.people
    case = report(now=timezone.now()).case

    desk = watched(open_page, p.dispatcher.username)
    visit(desk, "/desk/", "#bulk")
    visit(desk, f"/desk/cases/{case.pk}/", "#case-map canvas")  # the case's point drawn on its map
    visit(desk, "/desk/intake/", "#pick-map[data-ready]")
    visit(desk, "/disputes/new/", "#dispute-form #pick-map[data-ready]")
    visit(desk, "/petitions/new/", "#petition-form #pick-map[data-ready]")
    visit(desk, "/petitions/tours/", "main h1")
    visit(desk, "/command/", "#map[data-cases-loaded]")
    assert desk.locator("#map").get_attribute("data-open-cases") == "1"
    desk.check("#show-heat")
    no_violations(desk, "/command/ heatmap")
    shot(desk, "csp-command-map")
    visit(desk, "/command/dashboard/", "#dashboard[data-charts=ready]")
    desk.evaluate("""() => {  // the charts' tooltips, as a pointer over the last day would show them
        const chart = echarts.getInstanceByDom(document.getElementById("trend-chart"));
        const last = chart.getOption().xAxis[0].data.length - 1;
        chart.dispatchAction({ type: "showTip", seriesIndex: 0, dataIndex: last });
    }""")
    desk.wait_for_timeout(500)
    shot(desk, "csp-dashboard-tooltip")
    no_violations(desk, "/command/dashboard/ tooltip")
    desk.select_option("select[name=language]", "en")  # the language menu works without its inline handler
    desk.wait_for_selector("html[lang=en]", state="attached")
    no_violations(desk, "language switch")

    phone = watched(open_page, p.worker.username, phone=True)
    visit(phone, "/field/", "#grid-map[data-ready='1']")
    visit(phone, "/field/report/", "#report-map[data-ready='1']")
    visit(phone, "/field/patrol/", "#report-map[data-ready='1']")
    visit(phone, "/field/screening/", "#screening")
    shot(phone, "csp-field-home")

    citizen = watched(open_page, phone=True)
    visit(citizen, f"/report/?grid={case.area_code}", "#report-map[data-ready]")
    visit(citizen, f"/track/{case.tracking_code}/", "#progress")
    visit(citizen, "/accounts/login/", "input[name=username]")


def test_the_api_docs_and_back_office_load_from_this_site_only_under_the_policy(town, open_page):
    admin = town.people.admin
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    page = watched(open_page, admin.username)
    visit(page, "/api/v1/docs", "#swagger-ui .opblock")  # Swagger UI's files come from ninja's own static files
    page.locator("#swagger-ui .opblock-summary").first.click()
    page.wait_for_timeout(300)
    no_violations(page, "/api/v1/docs opened")
    shot(page, "csp-api-docs")
    visit(page, "/admin/", "#content")
    visit(page, "/admin/org/staff/", "#result_list")
