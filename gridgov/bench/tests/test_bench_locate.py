"""The benchmark's own correctness (not its speed): all three methods agree point for point."""

from gridgov.bench.locate import run

CONTRACT = {"points", "grids", "ours_pts_per_s", "geopandas_pts_per_s", "strtree_pts_per_s", "mismatches"}


def test_locate_benchmark_compares_three_methods_that_agree():
    out = run(points=20_000, district="460108", single=5_000)
    assert CONTRACT <= set(out)
    assert out["mismatches"] == 0
    assert out["points"] == 20_000 and out["grids"] == 1000
    assert 0 < out["inside"] < out["points"]
