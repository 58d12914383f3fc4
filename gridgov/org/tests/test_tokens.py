"""API tokens expire (idle and absolute lifetimes), die on logout, password change and deactivation, and are
listed and revoked by their holder. Time comes from a fixed clock."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gridgov.org.auth import user_for_token
from gridgov.org.models import ApiToken, Staff

from .clock import START, clock_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-9"
IDLE = settings.GRIDGOV_TOKEN_IDLE_MINUTES


def login(client, username: str = "disp", name: str = "") -> dict:
    r = client.post("/api/v1/auth/token", {"username": username, "password": PASSWORD, "name": name},
                    content_type="application/json")
    assert r.status_code == 200, r.content
    return r.json()


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def disp(make_staff, small_grid):
    return make_staff("dispatcher", "110101", username="disp", password=PASSWORD)


def test_a_token_expires_after_its_idle_lifetime_without_use(disp, client, clock):
    token = login(client)["token"]
    clock.advance(minutes=IDLE - 1)
    assert user_for_token(token) == disp  # used: the idle time starts again
    clock.advance(minutes=IDLE - 1)
    assert user_for_token(token) == disp
    clock.advance(minutes=IDLE, seconds=1)
    assert user_for_token(token) is None
    assert client.get("/api/v1/auth/me", **bearer(token)).status_code == 401


def test_a_token_is_never_accepted_longer_than_the_idle_lifetime_after_its_last_use(disp, client, clock):
    token = login(client)["token"]
    clock.advance(minutes=59)  # used, but last_used is not rewritten this soon
    assert user_for_token(token) == disp
    assert ApiToken.objects.get().last_used == START
    clock.advance(minutes=IDLE, seconds=1)
    assert user_for_token(token) is None


def test_last_used_is_written_at_most_once_per_touch_interval(disp, client, clock):
    token = login(client)["token"]
    clock.advance(minutes=10)
    with CaptureQueriesContext(connection) as queries:
        assert user_for_token(token) == disp
    assert len(queries) == 1  # the token check stays one statement; no write
    clock.advance(minutes=51)
    with CaptureQueriesContext(connection) as queries:
        assert user_for_token(token) == disp
    assert len(queries) == 2 and ApiToken.objects.get().last_used == clock.now


def test_a_token_expires_after_its_absolute_lifetime_even_in_steady_use(disp, client, clock):
    body = login(client)
    token, days = body["token"], settings.GRIDGOV_TOKEN_MAX_DAYS
    assert datetime.fromisoformat(body["expires_at"]) == START + timedelta(days=days)
    for _ in range(int(days * 24 / 4) - 1):
        clock.advance(hours=4)
        assert user_for_token(token) == disp
    clock.advance(hours=4, seconds=1)
    assert user_for_token(token) is None


def test_a_user_lists_their_tokens_never_their_secrets_and_revokes_one(disp, client, clock, make_staff):
    phone = login(client, name="工作手机")
    clock.advance(minutes=5)
    laptop = login(client, name="laptop")
    listed = client.get("/api/v1/auth/tokens", **bearer(phone["token"])).json()
    assert [t["name"] for t in listed] == ["laptop", "工作手机"]
    assert [t["current"] for t in listed] == [False, True]
    assert set(listed[0]) == {"id", "name", "created_at", "last_used", "expires_at", "current"}
    assert phone["token"] not in str(listed) and laptop["token"] not in str(listed)
    assert listed[1]["created_at"].endswith("+08:00")  # shown in Asia/Shanghai
    assert client.delete(f"/api/v1/auth/tokens/{laptop['id']}", **bearer(phone["token"])).status_code == 204
    assert client.get("/api/v1/auth/me", **bearer(laptop["token"])).status_code == 401
    assert client.delete(f"/api/v1/auth/tokens/{laptop['id']}", **bearer(phone["token"])).status_code == 404
    make_staff("dispatcher", "110101001", username="other", password=PASSWORD)
    theirs = login(client, "other")
    r = client.delete(f"/api/v1/auth/tokens/{theirs['id']}", **bearer(phone["token"]))
    assert r.status_code == 404 and client.get("/api/v1/auth/me", **bearer(theirs["token"])).status_code == 200


def test_logout_revokes_the_token_presented_and_no_other(disp, client, clock):
    first, second = login(client)["token"], login(client)["token"]
    assert client.post("/api/v1/auth/logout", **bearer(first)).status_code == 204
    assert client.get("/api/v1/auth/me", **bearer(first)).status_code == 401
    assert client.get("/api/v1/auth/me", **bearer(second)).status_code == 200
    browser = client.__class__()
    browser.post("/accounts/login/", {"username": "disp", "password": PASSWORD})
    assert browser.post("/accounts/logout/").status_code == 302  # a web logout ends only its session
    assert client.get("/api/v1/auth/me", **bearer(second)).status_code == 200


def test_changing_the_password_revokes_every_token(disp, client, clock):
    first, second = login(client)["token"], login(client)["token"]
    r = client.post("/api/v1/auth/password", {"old_password": "wrong", "new_password": "x"},
                    content_type="application/json", **bearer(first))
    assert r.status_code == 400 and client.get("/api/v1/auth/me", **bearer(first)).status_code == 200
    r = client.post("/api/v1/auth/password", {"old_password": PASSWORD, "new_password": "zhangwei19900101"},
                    content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **bearer(first))
    assert r.status_code == 400 and "common" in r.json()["detail"]
    r = client.post("/api/v1/auth/password", {"old_password": PASSWORD, "new_password": "Marble-kettle-77-Owl"},
                    content_type="application/json", **bearer(first))
    assert r.status_code == 204
    assert ApiToken.objects.count() == 0
    assert client.get("/api/v1/auth/me", **bearer(second)).status_code == 401
    r = client.post("/api/v1/auth/token", {"username": "disp", "password": PASSWORD}, content_type="application/json")
    assert r.status_code == 401  # the old password no longer works


def test_a_password_set_anywhere_else_revokes_the_tokens_too(disp, client, clock):
    token = login(client)["token"]
    disp.set_password("Marble-kettle-77-Owl")
    disp.save()
    assert client.get("/api/v1/auth/me", **bearer(token)).status_code == 401


def test_deactivated_staff_lose_their_tokens_and_cannot_log_in_anywhere(disp, client, clock):
    token = login(client)["token"]
    browser = client.__class__()
    assert browser.post("/accounts/login/", {"username": "disp", "password": PASSWORD}).status_code == 302
    assert browser.get("/desk/").status_code == 200
    staff = Staff.objects.get(user=disp)
    staff.active = False
    staff.save()
    assert not ApiToken.objects.filter(user=disp).exists()
    assert client.get("/api/v1/auth/me", **bearer(token)).status_code == 401
    assert browser.get("/desk/").status_code == 302  # the open session ends too
    r = client.post("/api/v1/auth/token", {"username": "disp", "password": PASSWORD}, content_type="application/json")
    assert r.status_code == 401
    r = client.post("/accounts/login/", {"username": "disp", "password": PASSWORD})
    assert r.status_code == 200 and "_auth_user_id" not in client.session


def test_a_token_of_deactivated_staff_is_refused_even_if_it_survived(disp, client, clock):
    token = login(client)["token"]
    Staff.objects.filter(user=disp).update(active=False)  # a bulk update sends no signal: the check still holds
    assert user_for_token(token) is None


def test_a_user_holds_a_bounded_number_of_live_tokens(disp, client, clock):
    tokens = [login(client, name=f"t{i}")["token"] for i in range(settings.GRIDGOV_TOKEN_MAX_PER_USER + 2)]
    assert ApiToken.objects.filter(user=disp).count() == settings.GRIDGOV_TOKEN_MAX_PER_USER
    assert user_for_token(tokens[0]) is None and user_for_token(tokens[-1]) == disp


def test_token_requests_are_bounded(disp, client):
    r = client.post("/api/v1/auth/token", {"username": "disp", "password": PASSWORD, "name": "x" * 101},
                    content_type="application/json")
    assert r.status_code == 422
    r = client.post("/api/v1/auth/token", {"username": "u" * 151, "password": PASSWORD},
                    content_type="application/json")
    assert r.status_code == 422
