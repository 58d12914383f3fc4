"""Where reads and writes go once a replica is configured (here an alias of the test database itself, on SQLite and
PostgreSQL alike; ``test_replicas`` streams a real standby)."""

from __future__ import annotations

import copy

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections, transaction

from gridgov.replicas import may_lag, read_alias

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica1"])


@pytest.fixture(scope="module", autouse=True)
def replica(django_db_setup):
    connections.settings["replica1"] = {**copy.deepcopy(connection.settings_dict), "TEST": {"MIRROR": "default"}}
    yield
    connections["replica1"].close()
    del connections["replica1"]
    del connections.settings["replica1"]


def test_only_reads_declared_to_lag_go_to_the_replica_and_never_inside_a_transaction():
    assert read_alias() == "default"
    with may_lag():
        assert read_alias() == "replica1"
        with transaction.atomic():
            assert read_alias() == "default"  # a transaction reads its own writes
        assert read_alias() == "replica1"
    assert read_alias() == "default"


def test_a_write_goes_to_the_primary_and_pins_the_rest_of_its_block(small_grid, make_staff):
    make_staff("leader", "110101", "lead")
    User = get_user_model()
    with may_lag():
        user = User.objects.get(username="lead")
        assert user._state.db == "replica1"
        user.first_name = "改"
        user.save()  # Django would save it where it was read from; the router sends it to the primary
        assert read_alias() == "default"
    assert User.objects.get(username="lead").first_name == "改"
    with may_lag():
        assert read_alias() == "replica1"  # the next block reads the replica again


def test_a_decorated_view_keeps_its_parameters_for_django_ninja(client):
    from gridgov.command.api import dashboard

    assert [p for p in dashboard.__signature__.parameters] == ["request", "q"]
    assert client.get("/api/v1/command/dashboard").status_code == 401  # answered by the API, not a 500
