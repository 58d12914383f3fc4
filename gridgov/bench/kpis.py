"""KPI benchmark: the KPI call for the whole district over a year, at 100 k and at 1 M cases of history.

The history is made of synthetic case timelines (report, registration, dispatches and returns, extensions,
feedback, rework, overdue, closure, ratings; events, disputes and petitions; every category class) on the real
Huaiyang demo grid. Their rollups are generated through the same functions the actions use: ``kpis.facts`` turns
each timeline into its facts, on their own days, and ``kpis.scopes_of`` names the scopes it counts in (the five areas
of its path, the same per category class and per kind, its handling unit, its reporting grid worker), asked once per
distinct combination of what decides them; numpy adds each fact to its case's scopes and the rows go in with COPY.
Timed in the same run, warm: ``kpis.compute`` for the district, a small scope (one grid), the
whole ``GET /api/v1/kpis`` request as a district leader, the dashboard's rollup queries, and the baseline: naive SQL
over a one-row-per-case table holding the same facts, in the same PostgreSQL.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np

from .dashboard import MONTHS
from .pgtemp import TempPostgres

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
BASE = date(2025, 12, 1).toordinal()  # day numbers in the arrays count from here
KINDS = ("event", "dispute", "petition")


SIZES = (100_000, 1_000_000)


def run(sizes: tuple[int, int] = SIZES) -> dict[str, Any]:
    with TempPostgres() as url:
        env = {**os.environ, "DATABASE_URL": url, "GRIDGOV_DATA": tempfile.mkdtemp(prefix="gridgov-kbench-"),
               "GRIDGOV_BENCH_SIZES": ",".join(map(str, sizes))}
        out = subprocess.run([sys.executable, "-m", "gridgov.bench.kpis"], env=env, check=True,
                             capture_output=True, text=True)
        return json.loads(out.stdout.strip().splitlines()[-1])


def timeline(rng: np.random.Generator, kind: str) -> list[Any]:
    """One synthetic case's timeline as the actions would write it (what ``kpis.facts`` reads)."""
    from gridgov.cases.kpis import Event

    t = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=int(rng.integers(0, 365 * 86400)))
    r = rng.random(12)
    if kind == "event" and r[0] < 0.12:
        return [Event(t, "self_handle", "closed", {"kind": kind})]
    first = Event(t, "report", "reported", {"kind": kind, "register_due": (t + timedelta(minutes=30)).isoformat()})
    ev = [first]
    t += timedelta(minutes=int(5 + r[1] * 40))
    ev.append(Event(t, "register", "registered", {}))
    t += timedelta(minutes=int(5 + r[2] * 30))
    due = t + timedelta(days=int(1 + r[3] * 7))
    ev.append(Event(t, "dispatch", "dispatched", {"handle_due": due.isoformat()}))
    if r[4] < 0.04:
        t += timedelta(hours=2)
        ev += [Event(t, "return", "registered", {}), Event(t + timedelta(minutes=20), "dispatch", "dispatched",
                                                             {"handle_due": due.isoformat()})]
    t += timedelta(hours=float(1 + r[5] * 6))
    ev.append(Event(t, "accept", "in_progress", {}))
    if r[6] < 0.06:
        due += timedelta(days=3)
        ev.append(Event(t + timedelta(hours=1), "approve_extension", "", {"handle_due": due.isoformat()}))
    if r[7] >= 0.9:  # still open
        if r[8] < 0.5:
            ev.append(Event(due + timedelta(minutes=1), "overdue", "", {}))
        return ev
    t += timedelta(hours=float(2 + r[8] * 24 * 8))
    if t > due:
        ev.append(Event(due + timedelta(minutes=1), "overdue", "", {}))
    fb = {"outcome": "agreement" if r[9] < 0.9 else "failed", "level": int(1 + r[9] * 3) % 3 + 1} \
        if kind == "dispute" else {"first_visit": bool(r[9] < 0.9)} if kind == "petition" else {}
    ev.append(Event(t, "submit_feedback", "feedback", fb))
    if r[10] < 0.07:
        t += timedelta(hours=3)
        ev += [Event(t, "check", "check_failed", {}), Event(t, "rework", "in_progress", {}),
               Event(t + timedelta(hours=5), "submit_feedback", "feedback", fb)]
        t += timedelta(hours=5)
    t += timedelta(hours=1)
    ev += [Event(t, "check", "checked", {}), Event(t + timedelta(minutes=30), "close", "closed", {})]
    if r[11] < 0.3:
        ev.append(Event(t + timedelta(days=1), "rate", "", {"rating": int(rng.integers(1, 6)) if r[11] < 0.02 else 5}))
    return ev


class History:
    """The facts of synthetic cases, as arrays: one entry per (case, day, metric) with its amount, and per case what
    decides its scopes (grid, unit, category class, kind, whether its grid worker reported it)."""

    def __init__(self) -> None:
        self.metrics: list[str] = []
        self.metric_id: dict[str, int] = {}

    def make(self, n: int, rng: np.random.Generator, n_leaves: int, n_classes: int, n_units: int,
             leaf_codes: list[str], cases: list[tuple]) -> None:
        from array import array

        from gridgov.cases.kpis import facts

        self.kinds = rng.choice(len(KINDS), n, p=[0.9, 0.06, 0.04])
        self.leaves = rng.integers(0, n_leaves, n)
        self.units = rng.integers(0, n_units, n)
        self.classes = rng.integers(0, n_classes, n)
        self.by_worker = rng.random(n) < 0.6  # reported by the grid's worker on the phone (the worker scope)
        fc, fd, fm, fa = array("l"), array("l"), array("l"), array("q")
        for i in range(n):
            f = facts(timeline(rng, KINDS[self.kinds[i]]))
            for (day, metric), amount in f.items():
                if metric not in self.metric_id:
                    self.metric_id[metric] = len(self.metrics)
                    self.metrics.append(metric)
                fc.append(i)
                fd.append(day.toordinal() - BASE)
                fm.append(self.metric_id[metric])
                fa.append(amount)
            metrics = {m for (_, m) in f}
            cases.append((leaf_codes[self.leaves[i]], next(d for (d, m) in f if m == "reported"),
                          next((d for (d, m) in f if m == "registered"), None), "cohort_valid" in metrics,
                          "cohort_closed" in metrics, "cohort_closed_on_time" in metrics,
                          "registered_on_time" in metrics))
        self.fc, self.fd, self.fm, self.fa = (np.frombuffer(a, dtype=np.int64) for a in (fc, fd, fm, fa))


def rollup_rows(h: History, leaf_codes: list[str], classes: list[str], worker_ids: list[int],
                scope_names: list[str]) -> Any:
    """The rollup rows (scope, day, metric, value), one scope column at a time. Which scopes a case counts in is
    asked of ``kpis.scopes_of`` once per distinct grid × class × kind (the areas of its path, per class, per kind),
    per unit and per grid worker; numpy then adds every fact to each of its case's scopes."""
    from gridgov.cases.kpis import scopes_of

    ids: dict[str, int] = {name: i for i, name in enumerate(scope_names)}

    def sid(name: str) -> int:
        if name not in ids:
            ids[name] = len(scope_names)
            scope_names.append(name)
        return ids[name]

    n_cls, n_kinds = len(classes), len(KINDS)
    groups, group_of_case = np.unique((h.leaves * n_cls + h.classes) * n_kinds + h.kinds, return_inverse=True)
    lists = []
    for g in groups.tolist():
        leaf, rest = divmod(g, n_cls * n_kinds)
        c, k = divmod(rest, n_kinds)
        lists.append([sid(s) for s in scopes_of(leaf_codes[leaf], None, None, classes[c], KINDS[k])])
    table = np.full((len(lists), max(map(len, lists))), -1, dtype=np.int64)
    for row, found in enumerate(lists):
        table[row, :len(found)] = found
    unit_sid = np.array([sid(s) for u in range(int(h.units.max()) + 1) for s in scopes_of("", 1_000_000 + u, None)])
    worker_sid = np.array([sid(s) for w in worker_ids for s in scopes_of("", None, w)])
    columns = [table[group_of_case[h.fc], col] for col in range(table.shape[1])]
    columns.append(unit_sid[h.units[h.fc]])
    columns.append(np.where(h.by_worker[h.fc], worker_sid[h.leaves[h.fc]], -1))
    for scope in columns:  # a scope belongs to one column only, so each column's rows are distinct from the others'
        keep = scope >= 0
        key = (scope[keep] << 20) | (h.fd[keep] << 8) | h.fm[keep]
        uniq, inv = np.unique(key, return_inverse=True)
        yield uniq >> 20, (uniq >> 8) & 0xFFF, uniq & 0xFF, np.bincount(inv, weights=h.fa[keep]).astype(np.int64)


def inner(sizes: tuple[int, int] = SIZES) -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gridgov.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from gridgov.bench.locate import snapshot_of
    from gridgov.cases import kpis
    from gridgov.cases.models import KpiRollup
    from gridgov.demo.build import plan_grid
    from gridgov.geo.models import Area
    from gridgov.org.models import Role, Staff

    call_command("migrate", verbosity=0)
    snap = snapshot_of(plan_grid("411603", seed=1))
    leaf_codes = [c for c, lv in zip(snap.codes, snap.levels, strict=True) if lv == 5]
    catalogue = json.loads((_cases_dir() / "catalogue.json").read_text())["categories"]
    classes = sorted({c["code"][:2] for c in catalogue if c.get("parent")})
    n_units, worker_ids = 600, [2_000_000 + i for i in range(len(leaf_codes))]
    district = Area.objects.create(code="411603", name="淮阳区", level=1, geometry=snap.geoms[0].wkb)
    leader = get_user_model().objects.create_user("bench-leader", password="bench-leader-password-1")
    Staff.objects.create(user=leader, name="bench", role=Role.LEADER, area=district)
    client = Client()
    client.force_login(leader)
    table = KpiRollup._meta.db_table
    with connection.cursor() as cur:
        cur.execute("CREATE TABLE bench_case (area_code varchar(30), report_day date, registered_day date, "
                    "valid bool, closed bool, closed_on_time bool, registered_on_time bool)")
        cur.execute("CREATE INDEX ON bench_case (area_code varchar_pattern_ops)")
    rng = np.random.default_rng(11)
    results: dict[str, Any] = {}
    total = 0
    townships = sorted({f"area:{c[:9]}" for c in leaf_codes})
    one_grid = leaf_codes[len(leaf_codes) // 2]
    scope_names: list[str] = []
    h = History()  # its metric numbers and the scope names stay the same from one size to the next
    labels = {sizes[0]: "100k", sizes[1]: "1m"} if sizes == SIZES else {sizes[0]: "small", sizes[1]: "large"}
    for target in sizes:
        cases: list[tuple] = []
        t0 = time.perf_counter()
        h.make(target - total, rng, len(leaf_codes), len(classes), n_units, leaf_codes, cases)
        with connection.cursor() as cur:
            cur.execute("CREATE TEMP TABLE incoming (scope varchar(60), day date, metric varchar(40), value bigint)")
            with cur.copy("COPY incoming (scope, day, metric, value) FROM STDIN") as copy:
                for scope, day, metric, value in rollup_rows(h, leaf_codes, classes, worker_ids, scope_names):
                    for row in zip(scope.tolist(), day.tolist(), metric.tolist(), value.tolist(), strict=True):
                        copy.write_row((scope_names[row[0]], date.fromordinal(BASE + row[1]), h.metrics[row[2]],
                                        row[3]))
            generate_s = time.perf_counter() - t0
            cur.execute(f"INSERT INTO {table} (scope, day, metric, value, county) SELECT scope, day, metric, value, "
                        f"'411603' FROM incoming ON CONFLICT (scope, day, metric, county) DO UPDATE SET value = "
                        f"{table}.value + excluded.value")
            cur.execute("DROP TABLE incoming")
            cur.execute("DELETE FROM cases_kpimonth")  # the months beside the days, as the actions keep them
            cur.execute(MONTHS)
            with cur.copy("COPY bench_case FROM STDIN") as copy:
                for row in cases:
                    copy.write_row(row)
        if not connection.get_autocommit():
            connection.commit()
        with connection.cursor() as cur:  # the steady state autovacuum keeps: statistics and visibility map
            cur.execute(f"VACUUM ANALYZE {table}")
            cur.execute("VACUUM ANALYZE cases_kpimonth")
            cur.execute("VACUUM ANALYZE bench_case")
        total = target

        def ours() -> dict:
            return kpis.compute("area:411603", *YEAR)

        def small() -> dict:
            return kpis.compute(f"area:{one_grid}", *YEAR)

        def api() -> None:
            r = client.get("/api/v1/kpis", {"area": "411603", "from": YEAR[0].isoformat(), "to": YEAR[1].isoformat()})
            assert r.status_code == 200, r.content[:300]

        def naive() -> tuple:
            with connection.cursor() as cur:
                cur.execute("SELECT count(*) FILTER (WHERE valid AND report_day BETWEEN %s AND %s), "
                            "count(*) FILTER (WHERE closed AND report_day BETWEEN %s AND %s), "
                            "count(*) FILTER (WHERE closed_on_time AND report_day BETWEEN %s AND %s), "
                            "count(*) FILTER (WHERE registered_day BETWEEN %s AND %s), "
                            "count(*) FILTER (WHERE registered_on_time AND registered_day BETWEEN %s AND %s) "
                            "FROM bench_case WHERE area_code LIKE %s", [*YEAR * 5, "411603%"])
                return cur.fetchone()

        def dashboard() -> None:
            """The rollup queries of the district dashboard: its KPIs, its trend, its townships, the units it
            ranks (60), the kinds' figures, and a township's grid-worker ranking."""
            kpis.compute("area:411603", *YEAR)
            kpis.series("area:411603", *YEAR, ("reported", "closed", "overdue_cases"))
            kpis.compute_many(townships, *YEAR)
            kpis.compute_many([f"unit:{1_000_000 + i}" for i in range(60)], *YEAR)
            kpis.compute_kind("dispute", "411603", *YEAR)
            kpis.compute_kind("petition", "411603", *YEAR)
            kpis.compute_many([f"worker:{w}" for w, c in zip(worker_ids, leaf_codes, strict=True)
                               if c.startswith(townships[0][5:])], *YEAR)

        for fn in (ours, small, api, naive, dashboard):
            fn()  # warm
        label = labels[target]
        results[f"ms_at_{label}"] = round(statistics.median(_timed(ours) for _ in range(15)), 2)
        results[f"one_grid_ms_at_{label}"] = round(statistics.median(_timed(small) for _ in range(15)), 2)
        results[f"api_ms_at_{label}"] = round(statistics.median(_timed(api) for _ in range(15)), 2)
        results[f"naive_sql_ms_at_{label}"] = round(statistics.median(_timed(naive) for _ in range(5)), 1)
        results[f"dashboard_rollups_ms_at_{label}"] = round(statistics.median(_timed(dashboard) for _ in range(5)), 1)
        results[f"rollup_rows_at_{label}"] = KpiRollup.objects.count()
        results[f"history_generated_s_at_{label}"] = round(generate_s, 1)
        check, n = ours(), naive()
        results[f"closure_rate_at_{label}"] = check["closure_rate"]["value"]
        assert (check["closure_rate"]["denominator"], check["closure_rate"]["numerator"],
                check["on_time_closure_rate"]["numerator"]) == (n[0], n[1], n[2]), (check, n)
        assert check["timely_registration_rate"]["denominator"] == n[3], (check["timely_registration_rate"], n)
    results.update({
        "benchmark": "kpis", "database": "postgresql", "scope": "area:411603", "small_scope": f"area:{one_grid}",
        "period": "2026", "timing": "median of warm calls; history generated through kpis.facts and kpis.scopes_of",
        "cases": list(sizes),
    })
    small_label, large_label = labels[sizes[0]], labels[sizes[1]]
    results[f"ratio_{large_label}_vs_{small_label}"] = round(results[f"ms_at_{large_label}"] /
                                                             results[f"ms_at_{small_label}"], 2)
    results[f"naive_vs_ours_at_{large_label}"] = round(results[f"naive_sql_ms_at_{large_label}"] /
                                                      results[f"ms_at_{large_label}"], 1)
    return results


def _cases_dir() -> Any:
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "cases"


def _timed(fn: Any) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


if __name__ == "__main__":
    given = os.environ.get("GRIDGOV_BENCH_SIZES")
    print(json.dumps(inner(tuple(int(x) for x in given.split(",")) if given else SIZES)))  # type: ignore[arg-type]
