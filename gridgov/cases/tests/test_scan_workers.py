"""Several scans at once (app nodes, worker processes) never act twice on a case: each case is claimed by one scan
(``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL), and marked overdue and escalated in that one transaction."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter

import pytest
from django.db import connection, transaction

from gridgov.cases import handlers
from gridgov.cases.models import Case, Status, TimelineEntry
from gridgov.cases.scan import scan

from .conftest import POINT, at

pytestmark = pytest.mark.django_db(transaction=True)  # the other processes and threads see committed rows only
LATE = at(2026, 11, 23, 9, 0)  # a deadline long gone at the scans' moment
SCAN_AT = at(2026, 11, 23, 16, 0)


def overdue_cases(town, report, n: int) -> list[int]:
    """``n`` cases handled by the village station, their deadline passed: each due for marking and escalation."""
    pks = [report(point=(POINT[0] + 0.0001 * (i % 50), POINT[1] - 0.0001 * (i // 50)), now=at(2026, 11, 23, 8, 0))
           .case.pk for i in range(n)]
    Case.objects.filter(pk__in=pks).update(status=Status.DISPATCHED, handling_unit=town.units.station,
                                           handle_due=LATE, deadline_warn_at=None)
    return pks


def per_case(action: str) -> Counter:
    return Counter(TimelineEntry.objects.filter(action=action).values_list("case_id", flat=True))


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    host = s["OPTIONS"].get("host") or s["HOST"]
    return f"postgresql://{s['USER'] or 'postgres'}@/{s['NAME']}?host={host}&port={s['PORT'] or 5432}"


def test_two_worker_processes_scanning_at_once_escalate_every_case_exactly_once(town, report):
    pks = overdue_cases(town, report, 240)
    env = {**os.environ, "DATABASE_URL": database_url(), "GRIDGOV_CONN_MAX_AGE": "0"}
    command = [sys.executable, "-m", "gridgov.cli", "scan", "--at", SCAN_AT.isoformat()]
    workers = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(2)]
    outputs = [w.communicate() for w in workers]  # no timeout: Popen's timed waits sleep, unreliable under faketime
    assert [w.returncode for w in workers] == [0, 0], [err[-2000:] for _, err in outputs]
    escalated = per_case("escalate")
    assert set(escalated) == set(pks) and set(escalated.values()) == {1}
    assert set(per_case("overdue").values()) == {1}
    counts = [int(out.split('"escalated": ')[1].rstrip("}\n")) for out, _ in outputs]
    assert sum(counts) == len(pks)  # between them, each counted the cases it escalated itself


def test_a_scan_that_fails_while_escalating_leaves_the_case_due_not_half_done(town, report, monkeypatch):
    [pk] = overdue_cases(town, report, 1)

    def broken(ctx) -> None:
        raise RuntimeError("the escalation broke down midway")

    monkeypatch.setitem(handlers.APPLY, "escalate", broken)
    with pytest.raises(RuntimeError):
        scan(SCAN_AT)
    assert Case.objects.get(pk=pk).overdue is False and per_case("overdue") == Counter()
    monkeypatch.undo()
    result = scan(SCAN_AT)  # the next scan finds it still due, and does both
    assert (result.overdue, result.escalated) == (1, 1) and per_case("escalate") == Counter({pk: 1})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks that others skip: PostgreSQL only")
def test_a_scan_skips_a_case_another_scan_holds_instead_of_waiting_for_it(town, report):
    held, other = overdue_cases(town, report, 2)
    locked, release, failures = threading.Event(), threading.Event(), []

    def another_scan_holding_it() -> None:
        try:
            with transaction.atomic():
                list(Case.objects.select_for_update().filter(pk=held).values_list("pk"))
                locked.set()
                release.wait(30)  # a real clock's wait: the monotonic clock is never faked
        except Exception as exc:  # noqa: BLE001 - shown by the assertion below
            failures.append(exc)
        finally:
            connection.close()

    holder = threading.Thread(target=another_scan_holding_it)
    holder.start()
    locked.wait(30)
    try:
        result = scan(SCAN_AT)  # waiting for the lock, it would only go on once the holder gives up (30 s)
    finally:
        release.set()
        holder.join()
    assert not failures and (result.overdue, result.escalated) == (1, 1)
    assert set(per_case("escalate")) == {other}
    assert scan(SCAN_AT).escalated == 1 and set(per_case("escalate")) == {held, other}
