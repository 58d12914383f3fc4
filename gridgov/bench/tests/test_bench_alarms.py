"""The alarm benchmark's own correctness (not its speed): its measured part, on a tiny input (the test grid, three
cameras, a live server), posts signed alarms and plain cases without errors and prints every key."""

import json
from urllib.parse import urlparse

import pytest

from gridgov.bench.alarms import _drive
from gridgov.cases.tests.conftest import OTHER_POINT, POINT

pytestmark = pytest.mark.django_db(transaction=True)
KEYS = {"alarms_per_s", "p99_ms", "cases_created", "plain_cases_per_s", "errors", "alarms"}


def test_the_alarm_benchmark_posts_signed_alarms_and_plain_cases_and_reports_its_figures(town, live_server):
    from gridgov.linkage.cameras import import_cameras
    from gridgov.linkage.sources import add_source

    rows = [f"1101010000132100000{i},cam{i},{x},{y},wgs84,traffic"
            for i, (x, y) in enumerate([POINT, OTHER_POINT, (POINT[0] + 0.01, POINT[1])], start=1)]
    assert not import_cameras("device_id,name,lon,lat,crs,kind\n" + "\n".join(rows)).problems
    _, secret = add_source("bench")
    admin = town.people.admin
    admin.set_password("a-long-password-1")
    admin.save()
    logins = {admin.username: {"role": "administrator", "password": "a-long-password-1"}}
    out = _drive(urlparse(live_server.url).port, logins, secret, seconds=1.0, clients=2)
    assert KEYS <= set(json.loads(json.dumps(out)))
    assert out["errors"] == 0 and out["plain_errors"] == 0, out["first_error"]
    assert out["alarms"] > 0 and 0 < out["cases_created"] <= out["alarms"] and out["plain_cases_per_s"] > 0
