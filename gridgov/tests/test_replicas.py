"""Reads that may lag (the dashboard, the map's data, the case lists) come from a streaming replica when one is
configured; writes, and a person's reads right after their own write, from the primary. On PostgreSQL the test
makes a real hot standby of the test cluster (``pg_basebackup -R``) and pauses its replay to tell the two apart."""

from __future__ import annotations

import copy

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gridgov.cases.tests.conftest import POINT
from gridgov.replicas import PIN_COOKIE, ReplicaRouter, may_lag, read_alias

pytestmark = pytest.mark.django_db(transaction=True)  # the standby only sees what the primary commits
REPORT = {"category": "0102", "description": "垃圾", "lon": POINT[0], "lat": POINT[1]}


def test_without_a_replica_every_read_goes_to_the_primary_and_no_cookie_is_set(town, client):
    with may_lag():
        assert read_alias() == "default"
    assert ReplicaRouter().db_for_read(None) is None
    client.force_login(town.people.worker)
    r = client.post("/api/v1/cases", REPORT, content_type="application/json")
    assert r.status_code == 201 and PIN_COOKIE not in r.cookies


@pytest.fixture(scope="module")
def standby(django_db_setup):
    """A hot standby of the test cluster, streaming from it, known to Django as ``replica1`` (set up before the
    test's database access is, so that the test may name it; a mirror of ``default``, so that it is never flushed)."""
    if connection.vendor != "postgresql":
        pytest.skip("streaming replication needs PostgreSQL; SQLite has no replicas")
    from gridgov.bench.pgtemp import TempStandby

    primary = copy.deepcopy(connection.settings_dict)
    host = primary["OPTIONS"].pop("host", "") or primary["HOST"]  # DATABASE_URL's ?host= lands in OPTIONS
    with TempStandby(host, primary["PORT"] or 5432, primary["USER"] or "postgres") as standby:
        connections.settings["replica1"] = {**primary, "HOST": standby.socket, "TEST": {"MIRROR": "default"}}
        try:
            yield standby
        finally:
            connections["replica1"].close()
            del connections["replica1"]
            del connections.settings["replica1"]


def dashboard(client: Client) -> tuple[dict, int]:
    """The dashboard as JSON, and how many statements were sent to the replica for it."""
    with CaptureQueriesContext(connections["replica1"]) as on_replica:
        r = client.get("/api/v1/command/dashboard", {"area": "110101"})
    assert r.status_code == 200, r.content
    return r.json(), len(on_replica)


@pytest.mark.django_db(transaction=True, databases=["default", "replica1"])
def test_the_dashboard_is_served_by_a_streaming_replica_and_ones_own_write_is_read_from_the_primary(town, standby):
    leader, worker = Client(), Client()
    leader.force_login(town.people.leader)
    worker.force_login(town.people.worker)
    assert worker.post("/api/v1/cases", REPORT, content_type="application/json").status_code == 201
    standby.caught_up(connection.settings_dict["NAME"])
    before, on_replica = dashboard(leader)
    assert on_replica > 0  # the figures were read from the standby

    with connections["replica1"].cursor() as cur:
        cur.execute("SELECT pg_wal_replay_pause()")  # the standby now lags behind the primary
    reported = worker.post("/api/v1/cases", {**REPORT, "description": "又一堆垃圾"}, content_type="application/json")
    assert reported.status_code == 201 and reported.cookies[PIN_COOKIE]["max-age"] == 10

    lagging, on_replica = dashboard(leader)
    assert on_replica > 0 and lagging == before  # the leader reads the replica: the new case is not there yet
    with CaptureQueriesContext(connections["replica1"]) as on_replica:
        mine = worker.get("/api/v1/cases").json()  # the worker just wrote: pinned to the primary
    assert len(on_replica) == 0 and reported.json()["id"] in [c["id"] for c in mine["results"]]
    leader.cookies[PIN_COOKIE] = "1"  # any client that has just written reads the primary
    fresh, on_replica = dashboard(leader)
    assert on_replica == 0 and fresh != before
    del leader.cookies[PIN_COOKIE]

    with connections["replica1"].cursor() as cur:
        cur.execute("SELECT pg_wal_replay_resume()")
    standby.caught_up(connection.settings_dict["NAME"])
    replicated, on_replica = dashboard(leader)
    assert on_replica > 0 and replicated == fresh  # replayed: the replica now shows it too
