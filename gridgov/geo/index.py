"""Point location on the grid: a plain point-in-polygon reference and a fast raster index that answers the same.

Semantics (one deterministic answer for every point):
  among all areas whose closed boundary covers the point, take the deepest level; among those, the smallest code.
A point on an edge shared by two grids therefore belongs to the grid with the smaller code, and a point that no area
covers is outside the jurisdiction (-1).

The index lays a uniform raster over the grid's bounding box. Every cell that any area boundary passes through (or
comes within half a sampling step of) is a *boundary cell*; every other cell lies wholly inside the same set of
areas, so all its points share one answer. Connected runs of such *pure cells* are labelled at once and one point of
each run is located with the plain test. Boundary cells keep the candidate areas that intersect them, in answer
order (deepest level, then smallest code); a lookup tests them with the exact predicate until one covers the point.
Exactness therefore never depends on the raster resolution, only speed does.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from scipy import ndimage

OUTSIDE = -1


@dataclass
class GridSnapshot:
    """What locate needs to know about the grid, detached from the database."""

    codes: list[str]
    names: list[str]
    levels: np.ndarray  # int, 1 = district
    parents: np.ndarray  # index into the snapshot, -1 for the root
    geoms: np.ndarray  # shapely geometries, WGS-84
    ids: list[int] = field(default_factory=list)  # database ids, when the snapshot comes from the database
    rank: np.ndarray = field(init=False)  # answer order: deepest level first, then smallest code

    def __post_init__(self) -> None:
        self.levels = np.asarray(self.levels, dtype=np.int64)
        self.parents = np.asarray(self.parents, dtype=np.int64)
        self.geoms = np.asarray(self.geoms, dtype=object)
        shapely.prepare(self.geoms)
        order = sorted(range(len(self.codes)), key=lambda i: (-int(self.levels[i]), self.codes[i]))
        self.rank = np.empty(len(order), dtype=np.int64)
        self.rank[order] = np.arange(len(order))

    def __len__(self) -> int:
        return len(self.codes)

    def path(self, i: int) -> list[int]:
        """Indexes from the root down to area ``i``."""
        out: list[int] = []
        while i >= 0:
            out.append(i)
            i = int(self.parents[i])
        return out[::-1]


def locate_plain(snap: GridSnapshot, x: float, y: float) -> int:
    """The reference: test the point against every area, keep the best by answer order."""
    hits = np.flatnonzero(shapely.intersects_xy(snap.geoms, x, y))
    if hits.size == 0:
        return OUTSIDE
    return int(hits[np.argmin(snap.rank[hits])])


def best_by_rank(snap: GridSnapshot, n: int, point_idx: np.ndarray, area_idx: np.ndarray) -> np.ndarray:
    """Reduce (point, area) covering pairs to one answer per point by answer order."""
    out = np.full(n, OUTSIDE, dtype=np.int64)
    if point_idx.size:
        best = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(best, point_idx, snap.rank[area_idx])
        by_rank = np.empty(len(snap), dtype=np.int64)
        by_rank[snap.rank] = np.arange(len(snap))
        found = best != np.iinfo(np.int64).max
        out[found] = by_rank[best[found]]
    return out


def locate_plain_many(snap: GridSnapshot, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """The reference for arrays, with an STRtree to find candidate areas (same predicate, same order)."""
    tree = shapely.STRtree(snap.geoms)
    pts = shapely.points(xs, ys)
    p, a = tree.query(pts, predicate="intersects")
    return best_by_rank(snap, len(pts), p, a)


def _intersecting_pairs(areas: np.ndarray, boxes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(area, box) index pairs that intersect. The boxes go in the tree and each area is asked once, prepared, so
    its many vertices are indexed once rather than per box; two halves of the areas run in parallel (GEOS works
    without the GIL)."""
    tree = shapely.STRtree(boxes)
    halves = [np.arange(len(areas))[:len(areas) // 2], np.arange(len(areas))[len(areas) // 2:]]
    with ThreadPoolExecutor(max_workers=2) as pool:
        found = list(pool.map(lambda ix: tree.query(areas[ix], predicate="intersects"), halves))
    a = np.concatenate([ix[f[0]] for ix, f in zip(halves, found, strict=True)])
    b = np.concatenate([f[1] for f in found])
    return a, b


class LocateIndex:
    """The raster index. ``locate(x, y)`` and ``locate_many(xs, ys)`` return area indexes into the snapshot."""

    def __init__(self, snap: GridSnapshot, target_cells: int = 8_000_000) -> None:
        self.snap = snap
        minx, miny, maxx, maxy = shapely.total_bounds(snap.geoms)
        lat_scale = max(math.cos(math.radians((miny + maxy) / 2)), 0.1)
        w_m, h_m = max(maxx - minx, 1e-9) * lat_scale, max(maxy - miny, 1e-9)
        dy = math.sqrt(w_m * h_m / target_cells)
        dx = dy / lat_scale
        self.x0, self.y0 = minx - dx, miny - dy
        self.W = int(math.ceil((maxx - minx) / dx)) + 2
        self.H = int(math.ceil((maxy - miny) / dy)) + 2
        self.sx, self.sy = 1.0 / dx, 1.0 / dy
        self.dx, self.dy = dx, dy
        self._build()

    # -- building -------------------------------------------------------------------------------------------------
    def _cell_of(self, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return ((xs - self.x0) * self.sx).astype(np.int64), ((ys - self.y0) * self.sy).astype(np.int64)

    def _mark_boundaries(self) -> np.ndarray:
        # Samples every s along every boundary; a segment crossing (or passing within s/2 of) a cell then has a
        # sample whose 3x3 neighbourhood at spacing s lands in that cell, because cells are at least 2s wide.
        s = min(self.dx, self.dy) / 2.0
        marked = np.zeros((self.H, self.W), dtype=bool)
        lines = shapely.segmentize(shapely.boundary(self.snap.geoms), s)
        pts = shapely.get_coordinates(lines)
        for ox in (-s, 0.0, s):
            for oy in (-s, 0.0, s):
                ix, iy = self._cell_of(pts[:, 0] + ox, pts[:, 1] + oy)
                ok = (ix >= 0) & (ix < self.W) & (iy >= 0) & (iy < self.H)
                marked[iy[ok], ix[ok]] = True
        return marked

    def _build(self) -> None:
        snap = self.snap
        marked = self._mark_boundaries()
        cells = np.full((self.H, self.W), OUTSIDE, dtype=np.int32)

        # Pure runs: one plain lookup per connected run.
        runs, n_runs = ndimage.label(~marked)
        if n_runs:
            flat = runs.ravel()
            first = np.full(n_runs + 1, -1, dtype=np.int64)
            pos = np.flatnonzero(flat)
            first[flat[pos][::-1]] = pos[::-1]
            reps = first[1:]
            ry, rx = np.divmod(reps, self.W)
            cx, cy = self.x0 + (rx + 0.5) * self.dx, self.y0 + (ry + 0.5) * self.dy
            answers = locate_plain_many(snap, cx, cy)
            lut = np.concatenate([[OUTSIDE], answers]).astype(np.int32)
            cells = np.where(marked, OUTSIDE, lut[runs]).astype(np.int32)

        # Boundary cells: candidate areas that intersect the (slightly grown) cell, in answer order.
        by, bx = np.nonzero(marked)
        ex, ey = self.dx * 1e-6, self.dy * 1e-6
        boxes = shapely.box(
            self.x0 + bx * self.dx - ex, self.y0 + by * self.dy - ey,
            self.x0 + (bx + 1) * self.dx + ex, self.y0 + (by + 1) * self.dy + ey,
        )
        a, b = _intersecting_pairs(snap.geoms, boxes)
        order = np.lexsort((snap.rank[a], b))
        b, a = b[order], a[order]
        counts = np.bincount(b, minlength=len(boxes))
        width = int(counts.max()) if counts.size else 0
        table = np.full((len(boxes), max(width, 1)), -1, dtype=np.int64)
        table[b, np.arange(len(b)) - np.repeat(np.cumsum(counts) - counts, counts)] = a
        used = counts > 0  # a boundary cell that no area intersects is outside
        rows = np.ascontiguousarray(table[used])
        uniq, inverse = np.unique(rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1]))),
                                  return_inverse=True)
        uniq = uniq.view(np.int64).reshape(len(uniq), -1)
        lists = [tuple(int(v) for v in row if v >= 0) for row in uniq]
        cells[by[used], bx[used]] = -2 - inverse.ravel()
        self.cells_np = cells.ravel()
        self.lists = lists
        self._finish()

    def _finish(self) -> None:
        geoms = self.snap.geoms
        self.list_offsets = np.zeros(len(self.lists) + 1, dtype=np.int64)
        self.list_offsets[1:] = np.cumsum([len(c) for c in self.lists])
        self.list_flat = np.fromiter((a for c in self.lists for a in c), dtype=np.int64, count=self.list_offsets[-1])
        self.boundary_fraction = float(np.count_nonzero(self.cells_np <= -2)) / self.cells_np.size
        self.cells_np = np.ascontiguousarray(self.cells_np, dtype=np.int32)
        self.locate = self._make_single(memoryview(self.cells_np),
                                        [tuple((geoms[a], a) for a in c) for c in self.lists])

    def _make_single(self, cells: memoryview, lists: list[tuple]) -> Callable[[float, float], int]:
        x0, y0, sx, sy, W, H = self.x0, self.y0, self.sx, self.sy, self.W, self.H
        intersects_xy = shapely.lib.intersects_xy  # the ufunc itself: half the call overhead of the wrapper

        def locate(x: float, y: float) -> int:
            fx = (x - x0) * sx
            fy = (y - y0) * sy
            if not (0.0 <= fx < W and 0.0 <= fy < H):
                return OUTSIDE
            v = cells[int(fy) * W + int(fx)]
            if v >= OUTSIDE:
                return v
            for geom, i in lists[-2 - v]:
                if intersects_xy(geom, x, y):
                    return i
            return OUTSIDE

        return locate

    # -- bulk -----------------------------------------------------------------------------------------------------
    def locate_many(self, xs: Sequence[float] | np.ndarray, ys: Sequence[float] | np.ndarray) -> np.ndarray:
        xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
        out = np.full(xs.shape, OUTSIDE, dtype=np.int64)
        with np.errstate(invalid="ignore"):
            fx, fy = (xs - self.x0) * self.sx, (ys - self.y0) * self.sy
            inside = (fx >= 0) & (fx < self.W) & (fy >= 0) & (fy < self.H)
        pos = np.flatnonzero(inside)
        v = self.cells_np[fy[pos].astype(np.int64) * self.W + fx[pos].astype(np.int64)]
        out[pos] = np.where(v >= OUTSIDE, v, OUTSIDE)
        bpos = pos[v <= -2]
        lid = -2 - v[v <= -2].astype(np.int64)
        start, length = self.list_offsets[lid], self.list_offsets[lid + 1] - self.list_offsets[lid]
        open_ = np.ones(bpos.size, dtype=bool)
        for k in range(int(length.max()) if length.size else 0):
            sel = np.flatnonzero(open_ & (length > k))
            if not sel.size:
                break
            cand = self.list_flat[start[sel] + k]
            hit = shapely.intersects_xy(self.snap.geoms[cand], xs[bpos[sel]], ys[bpos[sel]])
            out[bpos[sel[hit]]] = cand[hit]
            open_[sel[hit]] = False
        return out

    # -- persistence ----------------------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        meta = np.array([self.x0, self.y0, self.dx, self.dy, self.W, self.H], dtype=float)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, meta=meta, cells=self.cells_np, offsets=self.list_offsets, flat=self.list_flat)
        tmp.replace(path)

    @classmethod
    def load(cls, snap: GridSnapshot, path: Path) -> LocateIndex:
        with np.load(path) as data:
            x0, y0, dx, dy, W, H = data["meta"]
            obj = cls.__new__(cls)
            obj.snap = snap
            obj.x0, obj.y0, obj.dx, obj.dy = float(x0), float(y0), float(dx), float(dy)
            obj.W, obj.H = int(W), int(H)
            obj.sx, obj.sy = 1.0 / obj.dx, 1.0 / obj.dy
            obj.cells_np = data["cells"]
            offsets, flat = data["offsets"], data["flat"]
        obj.lists = [tuple(int(a) for a in flat[offsets[i] : offsets[i + 1]]) for i in range(len(offsets) - 1)]
        obj._finish()
        return obj
