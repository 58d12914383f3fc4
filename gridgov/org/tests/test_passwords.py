"""Passwords: at least 12 characters, not a common one (Django's list, common Chinese ones, and names with years,
love numbers or keyboard rows); changed by their holder at /account/password/, which ends the other sessions and
revokes the API tokens. Sessions end after an idle period and when the browser closes."""

from __future__ import annotations

import numpy as np
import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from gridgov.audit.models import AuditEvent
from gridgov.org.models import ApiToken, Role

from .clock import clock_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-9"
NEW = "Marble-kettle-77-Owl"

WEAK = ["zhangwei1990", "zhangxiaowei19900101", "Wang.Fang@1988", "liuyang199001", "woaini13145200",
        "woaini5201314", "qwer1234qwer1234", "1qaz2wsx3edc", "chenjing520520", "huangli888888", "aa12345678912",
        "qwertyuiop123", "password1234", "Short-1"]
STRONG = [PASSWORD, NEW, "Xk9#mQ2$vL7pTz", "tr0ub4dor&3horse", "rainy-yak-glass-oven"]


@pytest.mark.parametrize("password", WEAK)
def test_short_common_and_pinyin_name_year_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", STRONG)
def test_long_uncommon_passwords_pass(password):
    validate_password(password)


def test_the_minimum_is_twelve_characters():
    with pytest.raises(ValidationError, match="12"):
        validate_password("Xk9#mQ2$vL7")
    validate_password("Xk9#mQ2$vL7p")


def test_the_demo_logins_random_passwords_pass_the_rules():
    from gridgov.demo.build import People
    from gridgov.geo.models import Area

    people = People(np.random.default_rng(7), "0394")
    for i in range(50):
        people.add(f"demo{i}", Role.DISPATCHER, Area(code="411603"), None, login=True)  # validates each
    for row in people.logins:
        validate_password(row["password"])


@pytest.fixture
def disp(make_staff, small_grid):
    return make_staff("dispatcher", "110101", username="disp", password=PASSWORD)


def test_a_user_changes_their_password_and_their_other_sessions_and_tokens_end(disp, client):
    other = client.__class__()
    assert other.post("/accounts/login/", {"username": "disp", "password": PASSWORD}).status_code == 302
    token = client.post("/api/v1/auth/token", {"username": "disp", "password": PASSWORD},
                        content_type="application/json").json()["token"]
    assert client.get("/account/password/").status_code == 302  # logged in only
    client.post("/accounts/login/", {"username": "disp", "password": PASSWORD})
    page = client.get("/account/password/")
    assert page.status_code == 200 and 'name="new_password1"' in page.content.decode()
    r = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": "zhangwei1990",
                                           "new_password2": "zhangwei1990"})
    assert r.status_code == 200 and 'class="error"' in r.content.decode()  # refused, with the reason
    assert ApiToken.objects.filter(user=disp).exists()  # a refused change changes nothing
    r = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert r.status_code == 302 and r.url == "/account/password/done/"
    assert client.get("/desk/").status_code == 200  # this session goes on
    assert other.get("/desk/").status_code == 302  # the other one has ended
    assert not ApiToken.objects.filter(user=disp).exists()
    assert other.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    event = AuditEvent.objects.get(verb="password.change")
    assert event.actor == disp and PASSWORD not in str(event.changes) and NEW not in str(event.changes)


def test_a_session_ends_after_the_idle_period(disp, client, clock):
    idle = settings.GRIDGOV_SESSION_IDLE_MINUTES
    assert client.post("/accounts/login/", {"username": "disp", "password": PASSWORD}).status_code == 302
    clock.advance(minutes=idle - 1)
    assert client.get("/desk/").status_code == 200  # a request renews the session
    clock.advance(minutes=idle - 1)
    assert client.get("/desk/").status_code == 200
    clock.advance(minutes=idle, seconds=1)
    r = client.get("/desk/")
    assert r.status_code == 302 and r.url.startswith("/accounts/login/")


def test_the_session_cookie_ends_with_the_browser(disp, client):
    r = client.post("/accounts/login/", {"username": "disp", "password": PASSWORD})
    cookie = r.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == "" and cookie["httponly"]
    assert settings.SESSION_COOKIE_AGE == settings.GRIDGOV_SESSION_IDLE_MINUTES * 60 == 30 * 60
