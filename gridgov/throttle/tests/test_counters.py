"""Throttle counters live in the database: two processes hitting the same key at once let exactly the limit
through between them, a new window starts the count again, and the client's address is the one the proxy saw."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import RequestFactory

from gridgov.cases.tests.conftest import at
from gridgov.throttle.counters import client_address, hit, used_up
from gridgov.throttle.models import Counter

HITS = """
import django
django.setup()
from gridgov.throttle.counters import hit
print(sum(hit("public-report:198.51.100.7", 10) for _ in range(15)))
"""


def database_url() -> str:
    """The test database, for a process of its own: the configured URL with the test database's name."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()


@pytest.mark.system_clock  # the two processes count in the system clock's hour
@pytest.mark.django_db(transaction=True)
def test_two_processes_hitting_at_once_let_exactly_the_limit_through():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gridgov.settings", "DATABASE_URL": database_url()}
    workers = [subprocess.Popen([sys.executable, "-c", HITS], env=env, stdout=subprocess.PIPE, text=True)
               for _ in range(2)]
    allowed = [int(w.communicate()[0].strip()) for w in workers]  # no timeout: its polling sleep fails under faketime
    assert sum(allowed) == 10, allowed  # 30 tries, limit 10: a per-process count would let 20 through
    assert Counter.objects.get(key="public-report:198.51.100.7").count == 30
    assert used_up("public-report:198.51.100.7", 10)


@pytest.mark.django_db
def test_a_new_window_starts_the_count_again():
    nine = at(2026, 11, 23, 9, 5)
    assert [hit("k", 2, now=nine) for _ in range(3)] == [True, True, False]
    assert used_up("k", 2, now=nine + timedelta(minutes=50))
    ten = at(2026, 11, 23, 10, 0)
    assert not used_up("k", 2, now=ten)
    assert hit("k", 2, now=ten) and Counter.objects.get(key="k").count == 1
    assert hit("other", 2, now=ten)  # keys count apart


def test_the_address_is_the_sockets_or_the_one_the_trusted_proxy_saw(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9")
    assert client_address(request) == "10.0.0.2"  # no proxy configured: the header is anybody's to write
    settings.GRIDGOV_PROXY_COUNT = 1
    assert client_address(request) == "203.0.113.9"  # the entry our proxy appended, not the one the client sent
    assert client_address(RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"
