"""A camera in the test grid's first 5th-level grid, a registered alarm source, and a signed poster."""

from __future__ import annotations

import base64
import io
import json
import time
import uuid
from types import SimpleNamespace

import pytest

from gridgov.cases.tests.conftest import LEAF, POINT, VILLAGE

DEVICE = "11010100" + "00" + "132" + "1" + "000001"  # county 110101, IP camera


@pytest.fixture
def linked(town, make_staff):
    from gridgov.linkage.models import Camera
    from gridgov.linkage.sources import add_source

    liaison = make_staff("police_liaison", VILLAGE, "liaison-201", unit=town.units.police)
    camera = Camera.objects.create(device_id=DEVICE, centre_code=DEVICE[:8], industry="00", type_code="132",
                                   network="1", serial="000001", name="村口路口", kind="traffic", lon=POINT[0],
                                   lat=POINT[1], reported_lon=POINT[0], reported_lat=POINT[1], area_code=LEAF)
    source, secret = add_source("snow-light")
    return SimpleNamespace(town=town, camera=camera, source=source, secret=secret, liaison=liaison)


def png() -> str:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
    return base64.b64encode(out.getvalue()).decode()


def alarm(**kw) -> dict:
    return {"device_id": DEVICE, "event_type": "fence_intrusion", "occurred_at": "2026-11-23T09:58:00+08:00", **kw}


@pytest.fixture
def post(client, linked):
    """post(body, msg_id=None, secret=None, timestamp=None, signature=None, source="snow-light") → response."""
    from gridgov.linkage.signatures import sign

    def send(body: dict, *, msg_id: str | None = None, secret: str | None = None, timestamp: int | None = None,
             signature: str | None = None, source: str = "snow-light", headers: dict | None = None, c=None):
        raw = json.dumps(body).encode()
        msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
        ts = int(time.time()) if timestamp is None else timestamp
        sig = signature if signature is not None else sign(secret or linked.secret, msg_id, ts, raw)
        h = {"webhook-id": msg_id, "webhook-timestamp": str(ts), "webhook-signature": sig} if headers is None \
            else headers
        return (c or client).post(f"/api/v1/alarms/{source}", raw, content_type="application/json", headers=h)

    return send


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English (the pages and the API answer in the caller's language)."""
    from django.utils import translation

    with translation.override("en"):
        yield
