"""Locate benchmark: the demo grid, N random points, ours vs GeoPandas ``sjoin`` vs Shapely ``STRtree``,
warm against warm and cold against cold in the same run.

Every method goes from coordinate arrays to one answer per point (the finest grid covering it, smallest code on a
shared edge, nothing outside) and the three answers are compared point for point.
"""

from __future__ import annotations

import os
import platform
import time
from typing import Any

import numpy as np
import shapely

from gridgov.demo.build import plan_grid, walk
from gridgov.geo.index import OUTSIDE, GridSnapshot, LocateIndex, best_by_rank


def snapshot_of(root: Any) -> GridSnapshot:
    cells = sorted(walk(root), key=lambda c: c.code)
    pos = {c.code: i for i, c in enumerate(cells)}
    return GridSnapshot(
        codes=[c.code for c in cells], names=[c.name for c in cells],
        levels=np.array([c.level for c in cells]),
        parents=np.array([pos[c.parent.code] if c.parent else -1 for c in cells]),
        geoms=np.array([c.geom for c in cells], dtype=object),
    )


def run(points: int = 1_000_000, district: str = "411603", seed: int = 7, single: int = 300_000) -> dict[str, Any]:
    """Warm against warm (every method's index built before its clock starts) and cold against cold (building
    the index inside the clock), on the same points, in the same process."""
    import geopandas as gpd

    t = time.perf_counter()
    snap = snapshot_of(plan_grid(district, seed=1))
    grid_s = time.perf_counter() - t

    finest = int(snap.levels.max())
    leaves = np.flatnonzero(snap.levels == finest)
    minx, miny, maxx, maxy = snap.geoms[snap.levels == 1][0].bounds
    rng = np.random.default_rng(seed)
    xs, ys = rng.uniform(minx, maxx, points), rng.uniform(miny, maxy, points)

    def finest_only(found: np.ndarray) -> np.ndarray:
        return np.where((found != OUTSIDE) & (snap.levels[np.maximum(found, 0)] == finest), found, OUTSIDE)

    # -- building each method's index (the cold part) --
    t = time.perf_counter()
    index = LocateIndex(snap)
    ours_build_s = time.perf_counter() - t
    t = time.perf_counter()
    tree = shapely.STRtree(snap.geoms[leaves])
    strtree_build_s = time.perf_counter() - t
    t = time.perf_counter()
    polys = gpd.GeoDataFrame({"idx": leaves}, geometry=list(snap.geoms[leaves]), crs="EPSG:4326")
    _ = polys.sindex  # GeoPandas builds its spatial index lazily; build it here so the warm timing excludes it
    gpd_build_s = time.perf_counter() - t

    # -- answering with the index already built (the warm part) --
    t = time.perf_counter()
    ours = finest_only(index.locate_many(xs, ys))
    ours_s = time.perf_counter() - t

    n1 = min(single, points)  # ours, one call per point (as a request handler would)
    xl, yl = xs[:n1].tolist(), ys[:n1].tolist()
    loc = index.locate
    t = time.perf_counter()
    one = finest_only(np.array([loc(x, y) for x, y in zip(xl, yl, strict=True)]))
    single_s = time.perf_counter() - t

    t = time.perf_counter()
    p, a = tree.query(shapely.points(xs, ys), predicate="intersects")
    strtree = best_by_rank(snap, points, p, leaves[a])
    strtree_s = time.perf_counter() - t

    t = time.perf_counter()
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(xs, ys), crs="EPSG:4326")
    joined = gpd.sjoin(pts, polys, how="inner", predicate="intersects")
    gp = best_by_rank(snap, points, joined.index.to_numpy(), joined["idx"].to_numpy())
    gpd_s = time.perf_counter() - t

    mismatches = int(np.count_nonzero((ours != strtree) | (ours != gp)) + np.count_nonzero(one != ours[:n1]))
    cold = {"ours": ours_build_s + ours_s, "strtree": strtree_build_s + strtree_s, "geopandas": gpd_build_s + gpd_s}
    return {
        "benchmark": "locate",
        "district": district,
        "points": points,
        "grids": int(leaves.size),
        "areas": len(snap),
        "inside": int(np.count_nonzero(ours != OUTSIDE)),
        "warm": {  # every index built before the clock starts
            "ours_pts_per_s": round(points / ours_s),
            "ours_single_pts_per_s": round(n1 / single_s),
            "strtree_pts_per_s": round(points / strtree_s),
            "geopandas_pts_per_s": round(points / gpd_s),
            "ratio_vs_strtree": round(strtree_s / ours_s, 1),
            "ratio_vs_geopandas": round(gpd_s / ours_s, 1),
        },
        "cold": {  # building the index inside the clock, then the same points
            "ours_s": round(cold["ours"], 3),
            "strtree_s": round(cold["strtree"], 3),
            "geopandas_s": round(cold["geopandas"], 3),
            "ours_pts_per_s": round(points / cold["ours"]),
            "strtree_pts_per_s": round(points / cold["strtree"]),
            "geopandas_pts_per_s": round(points / cold["geopandas"]),
        },
        "index_build_s": {"ours": round(ours_build_s, 3), "strtree": round(strtree_build_s, 3),
                          "geopandas": round(gpd_build_s, 3)},
        "single_points": n1,
        "mismatches": mismatches,
        "index_cells": index.W * index.H,
        "boundary_cell_fraction": round(index.boundary_fraction, 4),
        "grid_generation_s": round(grid_s, 2),
        "timing": "wall clock from coordinate arrays to one answer per point, same process, same points; warm: "
                  "indexes built beforehand; cold: each method's index building included",
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "shapely": shapely.__version__,
                    "geopandas": gpd.__version__},
    }
