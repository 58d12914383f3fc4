"""KPI benchmark: the KPI call for the whole district over a year, at 100 k and at 1 M cases of history.

The history's rollups are generated in bulk (this is a benchmark fixture, not the demo): each synthetic case gets
the facts a real one contributes (reported, registered, dispatched, due, closed on time or late, reworked, rated …)
on random days of one year, for the same scopes the actions write (the five areas of its path, a unit, the grid
worker of its grid on the real Huaiyang demo grid), aggregated into ``KpiRollup`` rows with COPY. The baseline is
naive SQL over a one-row-per-case table holding the same facts, in the same PostgreSQL, in the same run.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from typing import Any

import numpy as np

from .pgtemp import TempPostgres

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
METRICS = ["reported", "registered", "registered_on_time", "dispatches", "dispatches_returned", "dispatched_cases",
           "extended_cases", "feedback_cases", "reworked_cases", "due", "due_closed", "due_closed_on_time",
           "overdue_cases", "closed", "closed_dispatched", "handling_seconds", "rated", "satisfied", "self_handled"]


def run() -> dict[str, Any]:
    with TempPostgres() as url:
        env = {**os.environ, "DATABASE_URL": url, "GRIDGOV_DATA": tempfile.mkdtemp(prefix="gridgov-kbench-")}
        out = subprocess.run([sys.executable, "-m", "gridgov.bench.kpis"], env=env, check=True,
                             capture_output=True, text=True)
        return json.loads(out.stdout.strip().splitlines()[-1])


def facts_for(n: int, rng: np.random.Generator, n_leaves: int, n_units: int) -> dict[str, np.ndarray]:
    day = rng.integers(0, 365, n)
    leaf = rng.integers(0, n_leaves, n)
    f: dict[str, np.ndarray] = {"day": day, "leaf": leaf, "unit": rng.integers(0, n_units, n)}
    self_h = rng.random(n) < 0.12
    f["self_handled"] = self_h
    f["registered"] = ~self_h
    f["registered_on_time"] = f["registered"] & (rng.random(n) < 0.95)
    f["dispatched_cases"] = f["registered"]
    f["dispatches_returned"] = f["registered"] & (rng.random(n) < 0.04)
    f["extended_cases"] = f["registered"] & (rng.random(n) < 0.06)
    f["feedback_cases"] = f["registered"] & (rng.random(n) < 0.9)
    f["reworked_cases"] = f["feedback_cases"] & (rng.random(n) < 0.07)
    f["due"] = f["registered"]
    f["due_closed"] = f["feedback_cases"] & (rng.random(n) < 0.97)
    f["due_closed_on_time"] = f["due_closed"] & (rng.random(n) < 0.92)
    f["overdue_cases"] = f["registered"] & (rng.random(n) < 0.06)
    f["closed"] = f["due_closed"] | self_h
    f["closed_dispatched"] = f["due_closed"]
    f["handling_seconds"] = np.where(f["due_closed"], rng.integers(1800, 5 * 86400, n), 0)
    f["rated"] = f["closed"] & (rng.random(n) < 0.3)
    f["satisfied"] = f["rated"] & (rng.random(n) < 0.93)
    return f


def inner() -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gridgov.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gridgov.bench.locate import snapshot_of
    from gridgov.cases import kpis
    from gridgov.cases.models import KpiRollup
    from gridgov.demo.build import plan_grid

    call_command("migrate", verbosity=0)
    snap = snapshot_of(plan_grid("411603", seed=1))
    leaf_codes = [c for c, lv in zip(snap.codes, snap.levels, strict=True) if lv == 5]
    # scope ids: the areas (codes), then 600 units, then one grid worker per grid
    area_scopes = sorted(set(snap.codes))
    area_id = {c: i for i, c in enumerate(area_scopes)}
    n_units = 600
    scopes = [f"area:{c}" for c in area_scopes] + [f"unit:{i}" for i in range(n_units)] + \
        [f"worker:{i}" for i in range(len(leaf_codes))]
    leaf_paths = np.array([[area_id[code[:k]] for k in (6, 9, 12, 15, 18)] for code in leaf_codes])
    unit0, worker0 = len(area_scopes), len(area_scopes) + n_units
    rng = np.random.default_rng(11)
    table = KpiRollup._meta.db_table
    with connection.cursor() as cur:
        cur.execute("CREATE TABLE bench_case (area_code varchar(30), due_day date, registered bool, "
                    "registered_on_time bool, due bool, due_closed bool, due_closed_on_time bool, rated bool, "
                    "satisfied bool)")
        cur.execute("CREATE INDEX ON bench_case (area_code varchar_pattern_ops)")
    results: dict[str, Any] = {}
    total = 0
    townships = [f"area:{c}" for c in area_scopes if len(c) == 9]
    town_workers = [f"worker:{i}" for i, c in enumerate(leaf_codes) if c.startswith(area_scopes[1])]
    for target in (100_000, 1_000_000):
        n = target - total
        f = facts_for(n, rng, len(leaf_codes), n_units)
        cols = [leaf_paths[f["leaf"], k] for k in range(5)] + [unit0 + f["unit"], worker0 + f["leaf"]]
        keys, amounts = [], []
        for m_i, m in enumerate(METRICS):
            amount = np.ones(n, dtype=np.int64) if m in ("reported", "dispatches") else f[m].astype(np.int64)
            if m == "dispatches":
                amount = f["registered"].astype(np.int64) + f["dispatches_returned"]
            sel = amount != 0
            for scope_col in cols:
                keys.append((scope_col[sel].astype(np.int64) << 16) | (f["day"][sel] << 5) | m_i)
                amounts.append(amount[sel])
        k, a = np.concatenate(keys), np.concatenate(amounts)
        uniq, inv = np.unique(k, return_inverse=True)
        sums = np.bincount(inv, weights=a).astype(np.int64)
        start = date(2026, 1, 1).toordinal()
        with connection.cursor() as cur:
            cur.execute("CREATE TEMP TABLE incoming (scope varchar(40), day date, metric varchar(30), value bigint)")
            with cur.copy("COPY incoming (scope, day, metric, value) FROM STDIN") as copy:
                for key, value in zip(uniq.tolist(), sums.tolist(), strict=True):
                    copy.write_row((scopes[key >> 16], date.fromordinal(start + ((key >> 5) & 511)),
                                    METRICS[key & 31], value))
            cur.execute(f"INSERT INTO {table} (scope, day, metric, value) SELECT scope, day, metric, value FROM "
                        f"incoming ON CONFLICT (scope, day, metric) DO UPDATE SET value = {table}.value + "
                        f"excluded.value")
            cur.execute("DROP TABLE incoming")
            with cur.copy("COPY bench_case FROM STDIN") as copy:
                for i in range(n):
                    copy.write_row((leaf_codes[f["leaf"][i]], date.fromordinal(start + int(f["day"][i])),
                                    bool(f["registered"][i]), bool(f["registered_on_time"][i]), bool(f["due"][i]),
                                    bool(f["due_closed"][i]), bool(f["due_closed_on_time"][i]), bool(f["rated"][i]),
                                    bool(f["satisfied"][i])))
        if not connection.get_autocommit():
            connection.commit()
        with connection.cursor() as cur:  # the steady state autovacuum keeps: statistics and visibility map
            cur.execute(f"VACUUM ANALYZE {table}")
            cur.execute("VACUUM ANALYZE bench_case")
        total = target

        def ours() -> dict:
            return kpis.compute("area:411603", *YEAR)

        def naive() -> tuple:
            with connection.cursor() as cur:
                cur.execute("SELECT count(*) FILTER (WHERE due), count(*) FILTER (WHERE due_closed), "
                            "count(*) FILTER (WHERE due_closed_on_time), count(*) FILTER (WHERE registered), "
                            "count(*) FILTER (WHERE registered_on_time), count(*) FILTER (WHERE rated), "
                            "count(*) FILTER (WHERE satisfied) FROM bench_case "
                            "WHERE area_code LIKE %s AND due_day BETWEEN %s AND %s", ["411603%", *YEAR])
                return cur.fetchone()

        def dashboard() -> None:
            """The rollup queries of the district dashboard: its KPIs, its trend, its townships, the units it
            ranks (60: departments and township centres), and a township's grid-worker ranking."""
            kpis.compute("area:411603", *YEAR)
            kpis.series("area:411603", *YEAR, ("reported", "closed", "overdue_cases"))
            kpis.compute_many(townships, *YEAR)
            kpis.compute_many([f"unit:{i}" for i in range(60)], *YEAR)
            kpis.compute_many(town_workers, *YEAR)

        for fn in (ours, naive, dashboard):
            fn()  # warm
        t_ours = [_timed(ours) for _ in range(15)]
        t_naive = [_timed(naive) for _ in range(5)]
        t_dash = [_timed(dashboard) for _ in range(5)]
        check = ours()
        label = "100k" if target == 100_000 else "1m"
        results[f"ms_at_{label}"] = round(statistics.median(t_ours), 2)
        results[f"naive_sql_ms_at_{label}"] = round(statistics.median(t_naive), 1)
        results[f"dashboard_rollups_ms_at_{label}"] = round(statistics.median(t_dash), 1)
        results["township_workers_ranked"] = len(town_workers)
        results[f"rollup_rows_at_{label}"] = KpiRollup.objects.count()
        results[f"closure_rate_at_{label}"] = check["closure_rate"]["value"]
        n_due = naive()[0]
        assert check["closure_rate"]["denominator"] == n_due, (check["closure_rate"], n_due)
    results.update({
        "benchmark": "kpis", "database": "postgresql", "scope": "area:411603", "period": "2026",
        "ratio_1m_vs_100k": round(results["ms_at_1m"] / results["ms_at_100k"], 2),
        "naive_vs_ours_at_1m": round(results["naive_sql_ms_at_1m"] / results["ms_at_1m"], 1),
    })
    return results


def _timed(fn: Any) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


if __name__ == "__main__":
    print(json.dumps(inner()))
