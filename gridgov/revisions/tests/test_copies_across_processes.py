"""Units, categories and the holiday calendar are kept in each process; a change made in any process reaches the
others at their next request (or the worker's next scan), through one revision token per table."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from gridgov.cases.actions import category_by_code
from gridgov.cases.models import Category
from gridgov.cases.scan import run_forever
from gridgov.cases.tests.conftest import at
from gridgov.org import directory
from gridgov.org.models import Unit
from gridgov.revisions.models import Revision
from gridgov.worktime.calendar import deadline_for

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-password-1"


def another_process(sql: str, params: list, table: str) -> None:
    """What another process does: change the table and bump its token, in SQL (no signal reaches this process)."""
    with connection.cursor() as cur:
        cur.execute(sql, params)
        cur.execute(f"DELETE FROM {Revision._meta.db_table} WHERE name = %s", [table])
        cur.execute(f"INSERT INTO {Revision._meta.db_table} (name, token) VALUES (%s, %s)", [table, "elsewhere"])


def my_unit(client) -> str:
    return client.get("/api/v1/auth/me").json()["unit"]


def token_of(table: str) -> str:
    return Revision.objects.get(name=table).token


class OneRound(threading.Event):
    """A stop signal that lets the worker's loop run once."""

    rounds = 0

    def is_set(self) -> bool:
        self.rounds += 1
        return self.rounds > 1


def test_a_unit_renamed_in_another_process_shows_from_the_next_request_on(town, client):
    station = town.units.station
    client.force_login(town.people.worker)
    assert my_unit(client) == "station-201"
    another_process("UPDATE org_unit SET name = %s WHERE id = %s", ["二〇一站", station.pk], "org_unit")
    assert directory.unit(station.pk).name == "station-201"  # within a request the copy is not checked again
    assert my_unit(client) == "二〇一站"


def test_a_category_renamed_in_another_process_shows_from_the_next_request_on(town, report, client):
    case = report().case
    client.force_login(town.people.dispatcher)
    assert client.get(f"/api/v1/cases/{case.pk}").json()["category_name"] == "暴露垃圾"
    another_process("UPDATE cases_category SET name = %s WHERE code = %s", ["垃圾暴露", "0102"], "cases_category")
    assert client.get(f"/api/v1/cases/{case.pk}").json()["category_name"] == "垃圾暴露"


def test_a_holiday_added_in_another_process_counts_from_the_next_request_on(client):
    friday, monday = at(2027, 1, 1, 10, 0), date(2027, 1, 4)  # 2027: a year the calendar does not know yet
    assert deadline_for(friday, "1wd").date() == monday
    another_process("INSERT INTO worktime_specialday (date, workday, name) VALUES (%s, %s, %s)",
                    [connection.ops.adapt_datefield_value(monday), False, "元旦"], "worktime_specialday")
    client.get("/accounts/login/")  # any request
    assert deadline_for(friday, "1wd").date() == date(2027, 1, 5)


def test_the_worker_checks_the_tokens_before_each_scan(town):
    station = town.units.station
    assert directory.unit(station.pk).name == "station-201"
    another_process("UPDATE org_unit SET name = %s WHERE id = %s", ["二〇一站", station.pk], "org_unit")
    run_forever(0, stop=OneRound())
    assert directory.unit(station.pk).name == "二〇一站"


def test_a_change_through_the_orm_bumps_its_tables_token_in_its_own_transaction(town):
    station = town.units.station
    before = token_of("org_unit")
    with pytest.raises(RuntimeError), transaction.atomic():
        Unit.objects.filter(pk=town.units.police.pk).first().delete()
        assert token_of("org_unit") != before
        raise RuntimeError("undo")
    assert token_of("org_unit") == before  # rolled back with the change
    station.name = "二〇一站"
    station.save()
    assert token_of("org_unit") != before
    assert directory.unit(station.pk).name == "二〇一站"  # this process sees its own change at once


def test_a_change_rolled_back_in_this_process_leaves_its_copy_at_the_next_request(town, client):
    station = town.units.station
    client.force_login(town.people.worker)
    with pytest.raises(RuntimeError), transaction.atomic():
        station.name = "改了又撤回"
        station.save()
        assert directory.unit(station.pk).name == "改了又撤回"
        raise RuntimeError("undo")
    assert my_unit(client) == "station-201"


def test_categories_saved_and_deleted_through_the_orm_are_seen_at_once(town):
    litter = category_by_code("0102")
    litter.name = "垃圾暴露"
    litter.save()
    assert category_by_code("0102").name == "垃圾暴露"
    Category.objects.create(code="0198", name="其他", parent=litter.parent)
    assert category_by_code("0198").name == "其他"
    Category.objects.filter(code="0198").first().delete()
    assert category_by_code("0198") is None


def test_an_api_call_checks_every_token_in_one_statement_beside_the_token_lookup(town, client):
    user = town.people.worker
    user.set_password(PASSWORD)
    user.save()
    token = client.post("/api/v1/auth/token", {"username": user.username, "password": PASSWORD},
                        content_type="application/json").json()["token"]
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.get("/api/v1/auth/me", **bearer)  # the first call also stamps the token's last use
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/auth/me", **bearer).json()["unit"] == "station-201"
        statements = [q["sql"] for q in queries.captured_queries]
        assert len(statements) == 2, statements  # who holds the token; the revision tokens (units: from the copy)
        assert sum(Revision._meta.db_table in s for s in statements) == 1
