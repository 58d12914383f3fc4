"""The cycle benchmark's own correctness (not its speed): real server, real PostgreSQL, complete cycles, no errors."""

import json
import os

import pytest

from gridgov.bench.cycle import run


@pytest.mark.skipif(os.environ.get("GRIDGOV_TEST_CLOCK") == "system",
                    reason="under faketime (the suite's shifted-clock run) the server it starts completed no cycle in "
                           "time (0 cycles, no errors); the benchmark has no date logic of its own")
def test_cycle_benchmark_completes_cycles_over_http_without_errors():
    out = run(seconds=3, clients=2, history_days=2)
    assert {"cycles_per_s", "p50_ms", "p99_ms", "db_insert_per_s", "database"} <= set(out)
    assert out["errors"] == 0, out["first_error"]
    assert out["cycles"] > 0 and out["database"] == "postgresql" and out["db_insert_per_s"] > 0
    assert out["teams"]["grid_worker_to_village_station"] > 0 and out["teams"]["township_desk_to_centre"] > 0
    assert out["history_days"] == 2
    assert out["ceiling_requests_per_s"] > 0 and 0 < out["share_of_ceiling"]  # the ceiling was measured, not zero


@pytest.mark.skipif(os.environ.get("GRIDGOV_TEST_CLOCK") == "system",
                    reason="under faketime the servers it starts complete no cycle in time (see above)")
def test_the_cycle_benchmark_with_two_nodes_prints_the_throughput_for_one_and_for_two(capsys):
    from django.core.management import call_command

    call_command("bench", "cycle", "--nodes", "2", "--seconds", "2", "--clients", "2", "--workers", "1",
                 "--threads", "2", "--days", "1")
    out = json.loads(capsys.readouterr().out)
    assert out["nodes"] == 2 and [s["nodes"] for s in out["scaling"]] == [1, 2]
    for step in out["scaling"]:
        assert {"cycles_per_s", "requests_per_s", "p50_ms", "p99_ms", "errors", "ceiling_requests_per_s", "speedup",
                "load_1m"} <= set(step)
        assert step["errors"] == 0 and step["cycles_per_s"] > 0
    assert out["server"].startswith("2 × gridgov serve") and out["limit"]
