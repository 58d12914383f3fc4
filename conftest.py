"""Shared test fixtures: a fixed clock, a small hand-made grid of squares, and staff on it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("GRIDGOV_DATA", tempfile.mkdtemp(prefix="gridgov-test-"))

import pytest  # noqa: E402

COUNTY = "110101"
X0, Y0, SIZE = 116.0, 39.6, 0.8


def square(x0: float, y0: float, x1: float, y1: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def feature(code: str, name: str, geom: dict, **props) -> dict:
    return {"type": "Feature", "properties": {"code": code, "name": name, **props}, "geometry": geom}


def small_grid_features() -> dict:
    """District 110101 is a square; two townships (west 001, east 101), each two villages (north 201, south 202),
    each two 4th-level grids (west 001, east 002), each two 5th-level grids (north 001, south 002): 31 areas."""
    feats = [feature(COUNTY, "测试区", square(X0, Y0, X0 + SIZE, Y0 + SIZE))]
    half = SIZE / 2
    for ti, tcode in enumerate(["001", "101"]):
        tx0 = X0 + ti * half
        t = COUNTY + tcode
        feats.append(feature(t, f"测试镇{tcode}", square(tx0, Y0, tx0 + half, Y0 + SIZE)))
        for vi, vcode in enumerate(["201", "202"]):  # north first
            vy1 = Y0 + SIZE - vi * half
            v = t + vcode
            feats.append(feature(v, f"测试村{vcode}", square(tx0, vy1 - half, tx0 + half, vy1)))
            q = half / 2
            for gi, gcode in enumerate(["001", "002"]):  # west first
                gx0 = tx0 + gi * q
                g = v + gcode
                feats.append(feature(g, f"网格{gcode}", square(gx0, vy1 - half, gx0 + q, vy1)))
                for fi, fcode in enumerate(["001", "002"]):  # north first
                    fy1 = vy1 - fi * q
                    feats.append(feature(g + fcode, f"微网格{fcode}", square(gx0, fy1 - q, gx0 + q, fy1),
                                         households=100, residents=300))
    return {"type": "FeatureCollection", "features": feats}


# -- the clock ---------------------------------------------------------------------------------------------------

FIXED_NOW = "2026-11-23T10:00:00+08:00"  # a Monday, a working day, the morning the engine's hand-written cases happen
SYSTEM_CLOCK = os.environ.get("GRIDGOV_TEST_CLOCK") == "system"  # ./dev test's run under faketime sets it


@pytest.fixture(autouse=True)
def fixed_clock(request):
    """Every test reads the time from a clock that starts at ``FIXED_NOW`` (and ticks), whatever today's date is.

    Exceptions: browser tests keep the system clock (Chromium runs in its own process, and a session cookie
    dated by a moved clock could expire the moment it arrives), so do tests marked ``system_clock`` (their other
    processes read the system clock), and so does every test when ``GRIDGOV_TEST_CLOCK``
    is ``system``: ``./dev test`` runs the suite once more under faketime, past the holiday calendar's last year, so
    that the code paths taking the real clock meet a date the calendar does not know. Tests marked ``fixed_clock``
    (month ends, quiet hours, retry times: the dates are what they test) keep the fixed clock in that run too."""
    pinned = request.node.get_closest_marker("fixed_clock") is not None  # about dates themselves: fixed even then
    if (SYSTEM_CLOCK and not pinned) or request.node.get_closest_marker("browser") \
            or request.node.get_closest_marker("system_clock"):
        yield None
        return
    import time_machine

    with time_machine.travel(FIXED_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def copies_checked_afresh():
    """Each test's database starts afresh: the per-process copies (units, categories, calendar) check their tables'
    revision tokens at their next use, as at the start of a request."""
    from gridgov.revisions.cache import check_at_next_use

    check_at_next_use()


@pytest.fixture
def small_grid(db):
    from gridgov.geo.actions import import_areas
    from gridgov.geo.models import Area

    imported = import_areas(small_grid_features(), "wgs84")
    assert not imported.problems, imported.problems
    return {a.code: a for a in Area.objects.all()}


@pytest.fixture
def make_staff(db):
    from django.contrib.auth import get_user_model

    from gridgov.geo.models import Area
    from gridgov.org.models import Staff

    def make(role: str, area_code: str, username: str | None = None, unit=None, password: str | None = None):
        username = username or f"{role}-{area_code}"
        user = get_user_model().objects.create_user(username=username, password=password,
                                                    is_staff=role == "administrator")
        Staff.objects.create(user=user, name=f"测试{username}", role=role, area=Area.objects.get(code=area_code),
                             unit=unit, work_phone="0000-1234567")
        return user

    return make


def url_patterns() -> list[str]:
    """Every URL pattern of the site, as Django prints it (``desk/cases/<int:pk>/``): the page tests walk them all."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)
    return sorted(walk(get_resolver().url_patterns))


# -- browser tests: a real headless Chromium (Debian's), our pages only ------------------------------------------

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PASSWORD = "a-long-password-1"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from gridgov import frontend

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    frontend.ensure()
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: ./dev test installs the Debian package 'chromium'")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM,
                              args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def open_page(browser, live_server):
    """``open_page(username=None, phone=False, **context_options)``: a fresh browser context on the live server,
    logged in when a user name is given, recording console errors and any request that leaves the box
    (both must stay empty: checked again when the test ends)."""
    from urllib.parse import urlparse

    host = urlparse(live_server.url).netloc
    pages = []

    def make(username: str | None = None, *, phone: bool = False, **options):
        viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 860}
        ctx = browser.new_context(viewport=viewport, locale="zh-CN", is_mobile=phone, has_touch=phone, **options)
        page = ctx.new_page()
        page.errors, page.foreign = [], []
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("request", lambda r: page.foreign.append(r.url)
                if urlparse(r.url).netloc not in (host, "") and not r.url.startswith(("data:", "blob:")) else None)
        page.url_of = lambda path: live_server.url + path
        if username:
            from django.contrib.auth import get_user_model

            user = get_user_model().objects.get(username=username)
            if not user.check_password(PASSWORD):
                user.set_password(PASSWORD)
                user.save(update_fields=["password"])
            page.goto(live_server.url + "/accounts/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state()
        pages.append(page)
        return page

    yield make
    for page in pages:
        errors, foreign = page.errors, page.foreign
        page.context.close()
        assert errors == [], errors
        assert foreign == [], foreign


def shot(page, name: str) -> None:
    """Save a screenshot as a test artifact."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


from gridgov.cases.tests.conftest import at, report, town  # noqa: E402,F401  (shared with every app's tests)
