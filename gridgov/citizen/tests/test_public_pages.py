"""The citizen's pages: report without login (photos, throttled), follow by tracking code, rate, reopen."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from gridgov.cases.actions import take_action
from gridgov.cases.models import Case
from gridgov.cases.tests.conftest import LEAF, POINT

pytestmark = pytest.mark.django_db


def photo(name: str = "p.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(out, "JPEG")
    out.seek(0)
    out.name = name
    return out


def send(client, **overrides):
    data = {"category": "0102", "description": "路灯不亮", "lon": POINT[0], "lat": POINT[1],
            "citizen_name": "李四", "citizen_phone": "13900001111", **overrides}
    return client.post("/report/?grid=" + LEAF, data, follow=True)


def test_a_citizen_reports_without_login_and_lands_on_the_tracking_page(town, client):
    page = client.get("/report/?grid=" + LEAF)
    assert page.status_code == 200 and LEAF in page.content.decode()
    response = send(client, photos=[photo()])
    case = Case.objects.get()
    assert response.redirect_chain[-1][0] == f"/track/{case.tracking_code}/"
    assert (case.channel, case.reporter, case.area_code) == ("public_web", None, LEAF)
    assert case.attachments.count() == 1
    assert case.tracking_code in response.content.decode()
    outline = client.get("/report/outline.geojson?grid=" + LEAF).json()
    assert [f["properties"]["code"] for f in outline["features"]] == [LEAF]


def test_bad_public_reports_are_explained_and_record_nothing(town, client):
    html = send(client, lon="", lat="").content.decode()
    assert "msg-error" in html and "在地图上点选" in html  # what to do, not a field name
    html = send(client, lon=10.0, lat=10.0).content.decode()
    assert "msg-error" in html and "不在辖区内" in html
    html = send(client, photos=[io.BytesIO(b"MZ not a photo")]).content.decode()
    assert "msg-error" in html
    assert Case.objects.count() == 0


def test_public_reports_are_throttled_per_address(town, client, settings):
    settings.GRIDGOV_PUBLIC_REPORTS_PER_HOUR = 2
    for _ in range(2):
        send(client)
    html = send(client).content.decode()
    assert Case.objects.count() == 2 and "msg-error" in html


def test_the_citizen_follows_rates_and_reopens_by_tracking_code(town, report, client):
    p = town.people
    c = report(who=p.intake, channel="hotline").case  # the citizen's call: they hold the code and rate
    for action, fields in (("register", {}), ("dispatch", {"unit": town.units.urban.pk})):
        take_action(p.dispatcher, c.pk, action, fields=fields)
    take_action(p.urban_handler, c.pk, "accept")
    take_action(p.urban_handler, c.pk, "submit_feedback", note="修好了")
    take_action(p.worker, c.pk, "check", fields={"passed": True})
    take_action(p.dispatcher, c.pk, "close")
    page = client.get(f"/track/{c.tracking_code.lower()}/").content.decode()
    assert "已办结" in page and 'id="rate"' in page and 'id="reopen"' in page
    client.post(f"/track/{c.tracking_code}/", {"action": "rate", "rating": "4"})
    c.refresh_from_db()
    assert c.rating == 4
    client.post(f"/track/{c.tracking_code}/", {"action": "reopen", "note": ""})
    c.refresh_from_db()
    assert c.status == "closed"  # a reopening needs a reason
    client.post(f"/track/{c.tracking_code}/", {"action": "reopen", "note": "又坏了"})
    c.refresh_from_db()
    assert c.status == "registered"


def test_an_unknown_tracking_code_says_so(client, db):
    response = client.get("/track/NOSUCHCODE/")
    assert response.status_code == 404 and "NOSUCHCODE" in response.content.decode()


def test_the_tracking_page_speaks_the_readers_language(town, report, client):
    c = report().case
    assert "您的反映已收到" in client.get(f"/track/{c.tracking_code}/").content.decode()
    client.cookies["django_language"] = "en"
    assert "Your report has been received" in client.get(f"/track/{c.tracking_code}/").content.decode()
