"""The station's linkage page lists the cameras of the villages its rooms serve and the alarms of the last week."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from gridgov.cases.tests.conftest import LEAF, POINT

pytestmark = pytest.mark.django_db


def camera(serial: str, name: str, area_code: str):
    from gridgov.linkage.models import Camera

    device = "11010100" + "00" + "132" + "1" + serial
    return Camera.objects.create(device_id=device, centre_code=device[:8], industry="00", type_code="132",
                                 network="1", serial=serial, name=name, kind="traffic", lon=POINT[0], lat=POINT[1],
                                 reported_lon=POINT[0], reported_lat=POINT[1], area_code=area_code)


def test_the_station_page_shows_the_cameras_of_its_villages_and_the_weeks_alarms(client, police, report):
    from gridgov.linkage.models import Alarm
    from gridgov.linkage.sources import add_source

    near = camera("000001", "村口路口<b>", LEAF)
    camera("000002", "别的镇摄像机", "110101101201001001")  # another township's
    source, _secret = add_source("snow-light")
    case = report("1201").case
    now = timezone.now()
    for n, when in enumerate((now - timedelta(hours=2), now - timedelta(days=9))):
        Alarm.objects.create(source=source, webhook_id=f"m{n}", camera=near, event_type="fence_intrusion",
                             occurred_at=when, received_at=when, lon=POINT[0], lat=POINT[1], case=case)
    client.force_login(police.handler)
    body = client.get(f"/police/stations/{police.station.pk}/").content.decode()
    cams = body.split('id="station-cameras"')[1].split("</section>")[0]
    assert "村口路口&lt;b&gt;" in cams and "别的镇摄像机" not in cams and 'data-count="1"' in cams
    alarms = body.split('id="station-alarms"')[1].split("</section>")[0]
    assert alarms.count("<li>") == 1 and case.number in alarms
