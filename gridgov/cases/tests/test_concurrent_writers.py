"""The scan and reports write at the same time, each on its own connection, without "database is locked" on SQLite
(a transaction takes the write lock when it begins, and a writer waits for it)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from gridgov.cases import actions
from gridgov.cases.actions import take_action
from gridgov.cases.models import Case, TimelineEntry
from gridgov.cases.scan import scan

from .conftest import POINT, at

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_scan_that_has_read_a_case_still_marks_it_when_a_report_commits_meanwhile(town, report, monkeypatch):
    p = town.people
    late = report().case
    take_action(p.dispatcher, late.pk, "register", now=at(2026, 11, 23, 9, 5))
    take_action(p.dispatcher, late.pk, "dispatch", now=at(2026, 11, 23, 9, 6))  # the village station, due 14:36
    failures: list[Exception] = []
    reporters: list[threading.Thread] = []

    def report_from_a_phone() -> None:
        try:
            report(point=(POINT[0] + 0.01, POINT[1]), now=at(2026, 11, 23, 15, 0))
        except Exception as exc:  # noqa: BLE001 - what the other writer met is the finding
            failures.append(exc)
        finally:
            connection.close()

    read_history = actions.history

    def history_read_while_a_report_arrives(case_id: int) -> list:
        events = read_history(case_id)  # the scan's action has read the case, inside its transaction
        if not reporters:
            reporters.append(threading.Thread(target=report_from_a_phone))
            reporters[0].start()
            reporters[0].join(timeout=1)  # it commits now, or waits for the scan's transaction to end
        return events

    monkeypatch.setattr(actions, "history", history_read_while_a_report_arrives)
    result = scan(at(2026, 11, 23, 15, 0))
    reporters[0].join(timeout=30)
    assert failures == [] and (result.overdue, result.escalated) == (1, 1)
    assert Case.objects.count() == 2


def test_scans_and_reports_from_several_threads_all_get_written(town, report):
    p = town.people
    for i in range(6):
        case = report(point=(POINT[0] + 0.002 * i, POINT[1]), now=at(2026, 11, 23, 9, i)).case
        take_action(p.dispatcher, case.pk, "register", now=at(2026, 11, 23, 9, 10))
        take_action(p.dispatcher, case.pk, "dispatch", now=at(2026, 11, 23, 9, 11))
    failures: list[Exception] = []

    def writer(work) -> None:
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - collected and shown by the assertion below
            failures.append(exc)
        finally:
            connection.close()

    def reports() -> None:
        for i in range(6):
            report(point=(POINT[0] + 0.002 * i, POINT[1] + 0.01), now=at(2026, 11, 23, 15, i))

    threads = [threading.Thread(target=writer, args=(w,))
               for w in (reports, lambda: scan(at(2026, 11, 23, 15, 0)), lambda: scan(at(2026, 11, 23, 15, 0)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert failures == []
    assert TimelineEntry.objects.filter(action="overdue").count() == 6  # each late case once, by one scan or the other
    assert Case.objects.filter(escalations=1).count() == 6 and Case.objects.count() == 12
