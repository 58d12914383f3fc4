"""The KPI benchmark's own correctness (not its speed): its history goes through the actions' fact and scope
functions, and the KPI call, the API and the naive baseline agree on what they count."""

from gridgov.bench.kpis import run


def test_kpi_benchmark_times_the_call_the_api_and_a_small_scope_against_naive_sql_that_agrees():
    out = run(sizes=(2_000, 5_000))  # run() asserts that our figures equal the naive SQL's
    for label in ("small", "large"):
        assert out[f"ms_at_{label}"] > 0 and out[f"api_ms_at_{label}"] > 0 and out[f"one_grid_ms_at_{label}"] > 0
        assert out[f"rollup_rows_at_{label}"] > 0
    assert out["rollup_rows_at_large"] > out["rollup_rows_at_small"]
    assert 0 < out["closure_rate_at_large"] < 1
