"""When the database cannot be reached, the API says so with 503 and Retry-After (a phone then tries again later),
and the pages with a short plain page: never an HTML server error."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connections

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-password-1"


@pytest.fixture
def client():
    """A client that returns what the server answers when a middleware (the session read) meets the outage, instead
    of raising the exception the way the test client does by default."""
    from django.test import Client

    return Client(raise_request_exception=False)


@contextmanager
def database_down(error=OperationalError):
    with mock.patch.object(type(connections["default"]), "cursor", side_effect=error("could not connect to server")):
        yield


def token_for(client, user) -> dict:
    user.set_password(PASSWORD)
    user.save()
    r = client.post("/api/v1/auth/token", {"username": user.username, "password": PASSWORD},
                    content_type="application/json")
    return {"HTTP_AUTHORIZATION": f"Bearer {r.json()['token']}", "HTTP_ACCEPT_LANGUAGE": "en"}


def assert_try_again(r) -> dict:
    assert r.status_code == 503, r.content[:300]
    assert int(r["Retry-After"]) > 0
    assert r["Content-Type"].startswith("application/json")
    out = r.json()
    assert out["code"] == "database_unavailable" and "try again" in out["message"]
    return out


def test_an_api_call_while_the_database_is_down_answers_503_with_retry_after(client, town):
    headers = token_for(client, town.people.worker)
    with database_down():
        assert_try_again(client.get("/api/v1/cases", **headers))
        assert_try_again(client.post("/api/v1/cases", {"category": "0102", "description": "垃圾", "lon": 116.05,
                                                       "lat": 40.35}, content_type="application/json", **headers))


def test_a_lost_connection_is_answered_the_same_way(client, town):
    headers = token_for(client, town.people.worker)
    with database_down(InterfaceError):
        assert_try_again(client.get("/api/v1/auth/me", **headers))


def test_anonymous_tracking_while_the_database_is_down_answers_503(client, db):
    with database_down():
        assert_try_again(client.get("/api/v1/track/ABCDEFGHJK", HTTP_ACCEPT_LANGUAGE="en"))


def test_a_page_while_the_database_is_down_is_a_short_plain_page(client, town):
    client.force_login(town.people.dispatcher)
    with database_down():
        r = client.get("/desk/", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 503 and int(r["Retry-After"]) > 0
    assert r["Content-Type"].startswith("text/plain") and b"try again" in r.content
