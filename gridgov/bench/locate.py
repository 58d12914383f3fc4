"""Locate benchmark: the demo grid, N random points, ours vs GeoPandas ``sjoin`` vs Shapely ``STRtree``.

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
    import geopandas as gpd

    t = time.perf_counter()
    snap = snapshot_of(plan_grid(district, seed=1))
    grid_s = time.perf_counter() - t
    t = time.perf_counter()
    index = LocateIndex(snap)
    build_s = time.perf_counter() - t

    finest = int(snap.levels.max())
    leaves = np.flatnonzero(snap.levels == finest)
    minx, miny, maxx, maxy = snap.geoms[snap.levels == 1][0].bounds
    rng = np.random.default_rng(seed)
    xs, ys = rng.uniform(minx, maxx, points), rng.uniform(miny, maxy, points)

    # ours, bulk
    t = time.perf_counter()
    ours = index.locate_many(xs, ys)
    ours_s = time.perf_counter() - t
    ours = np.where((ours != OUTSIDE) & (snap.levels[np.maximum(ours, 0)] == finest), ours, OUTSIDE)

    # ours, one call per point (as a request handler would)
    n1 = min(single, points)
    xl, yl = xs[:n1].tolist(), ys[:n1].tolist()
    loc = index.locate
    t = time.perf_counter()
    one = [loc(x, y) for x, y in zip(xl, yl, strict=True)]
    single_s = time.perf_counter() - t
    one = np.array(one)
    one = np.where((one != OUTSIDE) & (snap.levels[np.maximum(one, 0)] == finest), one, OUTSIDE)

    # Shapely STRtree over the finest grids
    t = time.perf_counter()
    tree = shapely.STRtree(snap.geoms[leaves])
    p, a = tree.query(shapely.points(xs, ys), predicate="intersects")
    strtree = best_by_rank(snap, points, p, leaves[a])
    strtree_s = time.perf_counter() - t

    # GeoPandas sjoin over the finest grids
    t = time.perf_counter()
    polys = gpd.GeoDataFrame({"idx": leaves}, geometry=list(snap.geoms[leaves]), crs="EPSG:4326")
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(xs, ys), crs="EPSG:4326")
    joined = gpd.sjoin(pts, polys, how="inner", predicate="intersects")
    gp = best_by_rank(snap, points, joined.index.to_numpy(), joined["idx"].to_numpy())
    gpd_s = time.perf_counter() - t

    mismatches = int(np.count_nonzero((ours != strtree) | (ours != gp)) + np.count_nonzero(one != ours[:n1]))
    return {
        "benchmark": "locate",
        "district": district,
        "points": points,
        "grids": int(leaves.size),
        "areas": len(snap),
        "inside": int(np.count_nonzero(ours != OUTSIDE)),
        "ours_pts_per_s": round(points / ours_s),
        "ours_single_pts_per_s": round(n1 / single_s),
        "single_points": n1,
        "geopandas_pts_per_s": round(points / gpd_s),
        "strtree_pts_per_s": round(points / strtree_s),
        "ratio_vs_geopandas": round(gpd_s / ours_s, 1),
        "ratio_vs_strtree": round(strtree_s / ours_s, 1),
        "mismatches": mismatches,
        "index_build_s": round(build_s, 2),
        "index_cells": index.W * index.H,
        "boundary_cell_fraction": round(index.boundary_fraction, 4),
        "grid_generation_s": round(grid_s, 2),
        "timing": "wall clock from coordinate arrays to one answer per point, same process, same points",
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "shapely": shapely.__version__,
                    "geopandas": gpd.__version__},
    }
