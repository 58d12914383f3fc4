"""The benchmark's own correctness (not its speed): all three methods agree point for point, and it reports
warm against warm and cold against cold."""

from gridgov.bench.locate import run

METHODS = {"ours", "strtree", "geopandas"}


def test_locate_benchmark_compares_three_methods_that_agree_warm_and_cold():
    out = run(points=20_000, district="460108", single=5_000)
    assert out["mismatches"] == 0
    assert out["points"] == 20_000 and out["grids"] == 1000
    assert 0 < out["inside"] < out["points"]
    assert {f"{m}_pts_per_s" for m in METHODS} <= set(out["warm"])
    assert {f"{m}_pts_per_s" for m in METHODS} <= set(out["cold"])
    assert set(out["index_build_s"]) == METHODS


def test_cold_timings_include_building_each_index():
    out = run(points=5_000, district="460108", single=1_000)
    for m in METHODS:  # cold = build + the same query as warm, so it is never faster than building alone
        assert out["cold"][f"{m}_s"] >= out["index_build_s"][m]
        assert out["cold"][f"{m}_pts_per_s"] < out["warm"][f"{m}_pts_per_s"]
