"""The dashboard benchmark's own working (not its speed): it fills a kept PostgreSQL once through the actions' fact
and scope functions, reuses it on the next run, and prints every scenario with its keys; the dashboard's figures and
the naive SQL over the cases table agree on what they count (``measure`` asserts it)."""

import shutil
import tempfile
from pathlib import Path

from gridgov.bench.dashboard import run


def test_dashboard_benchmark_fills_once_reuses_its_folder_and_prints_every_scenario():
    folder = Path(tempfile.mkdtemp(prefix="gg-bench-dash-"))
    folder.chmod(0o755)  # the postgres account keeps its cluster in it
    try:
        first = run(sizes=(1_500,), folder=folder, repeats=2)
        again = run(sizes=(1_500,), folder=folder, repeats=2)
        assert (folder / "bench-dashboard" / "pg-1500" / "db" / "PG_VERSION").exists()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert [f["fill_reused"] for f in (*first["fills"], *again["fills"])] == [False, True]
    assert first["fills"][0]["rollup_rows"] > 0
    assert len(again["scenarios"]) == 4  # a county and the city, 30 days and a year
    for s in again["scenarios"]:
        assert {"cases", "scope", "period", "p50_ms", "p95_ms", "naive_p95_ms"} <= s.keys()
        assert s["cases"] == 1_500 and 0 < s["p50_ms"] <= s["p95_ms"] and s["naive_p95_ms"] > 0
    assert {s["scope"].split()[0] for s in again["scenarios"]} == {"county", "city"}
