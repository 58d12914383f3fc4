"""Synthetic but well-formed grids: cut a real boundary into compact, balanced cells that tile it exactly.

Each parent is cut into k cells by k-means on points sampled uniformly inside it (so cells get roughly equal area),
then the Voronoi diagram of the centres is clipped to the parent. Children are numbered west to east, then north to
south, as the grid-code standard asks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon


@dataclass
class Cell:
    code: str
    name: str
    level: int
    geom: shapely.Geometry
    parent: Cell | None = None
    kind: str = "comprehensive"
    households: int | None = None
    residents: int | None = None
    children: list[Cell] = field(default_factory=list)


def polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygon parts of a geometry (clipping can leave slivers of lines or points)."""
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    parts = [g for g in shapely.get_parts(geom) if isinstance(g, Polygon | MultiPolygon)]
    polys: list[Polygon] = []
    for p in parts:
        polys.extend(p.geoms if isinstance(p, MultiPolygon) else [p])
    if not polys:
        return Polygon()
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def sample_inside(geom: shapely.Geometry, n: int, rng: np.random.Generator) -> np.ndarray:
    minx, miny, maxx, maxy = geom.bounds
    shapely.prepare(geom)
    out: list[np.ndarray] = []
    have = 0
    while have < n:
        xs = rng.uniform(minx, maxx, n * 2)
        ys = rng.uniform(miny, maxy, n * 2)
        ok = shapely.contains_xy(geom, xs, ys)
        pts = np.column_stack([xs[ok], ys[ok]])
        out.append(pts)
        have += len(pts)
    return np.concatenate(out)[:n]


def kmeans(points: np.ndarray, k: int, rng: np.random.Generator, iterations: int = 12) -> np.ndarray:
    centres = points[rng.choice(len(points), size=k, replace=False)].copy()
    previous = None
    for _ in range(iterations):
        d = (points[:, None, 0] - centres[None, :, 0]) ** 2 + (points[:, None, 1] - centres[None, :, 1]) ** 2
        nearest = d.argmin(axis=1)
        if previous is not None and np.array_equal(nearest, previous):
            break  # settled: further rounds would compute the same centres
        previous = nearest
        counts = np.bincount(nearest, minlength=k)
        sums = np.column_stack([np.bincount(nearest, weights=points[:, i], minlength=k) for i in range(2)])
        kept = counts > 0  # a centre nobody is nearest to stays where it is
        centres[kept] = sums[kept] / counts[kept, None]
    return centres


def split(geom: shapely.Geometry, k: int, rng: np.random.Generator) -> list[shapely.Geometry]:
    """Cut ``geom`` into exactly ``k`` non-empty polygonal pieces that tile it."""
    if k <= 1:
        return [geom]
    lat_scale = math.cos(math.radians(geom.centroid.y))
    for _attempt in range(8):
        pts = sample_inside(geom, max(60 * k, 400), rng)
        scaled = pts * [lat_scale, 1.0]
        centres = kmeans(scaled, k, rng) / [lat_scale, 1.0]
        # Voronoi in a locally isotropic frame so that cells are compact in metres, not in degrees.
        sites = shapely.multipoints(centres * [lat_scale, 1.0])
        frame = shapely.affinity.scale(geom, xfact=lat_scale, yfact=1.0, origin=(0, 0))
        cells = shapely.get_parts(shapely.voronoi_polygons(sites, extend_to=frame, ordered=True))
        cells = shapely.affinity.scale(shapely.GeometryCollection(list(cells)), xfact=1 / lat_scale, yfact=1.0,
                                       origin=(0, 0))
        pieces = [polygonal(shapely.intersection(c, geom)) for c in shapely.get_parts(cells)]
        if len(pieces) == k and all(not p.is_empty and p.area > 0 for p in pieces):
            return pieces
    raise RuntimeError("could not cut the area into the requested number of cells")


def reading_order(pieces: list[shapely.Geometry], parent: shapely.Geometry) -> list[shapely.Geometry]:
    """West to east, then north to south: rows of about one cell's height, left to right in each row."""
    if len(pieces) <= 1:
        return pieces
    minx, miny, maxx, maxy = parent.bounds
    band = math.sqrt(parent.area / len(pieces))
    pts = [p.representative_point() for p in pieces]
    return [p for _, p in sorted(zip(pts, pieces, strict=True),
                                 key=lambda t: (int((maxy - t[0].y) / band), t[0].x))]


def allocate(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` into integer shares proportional to ``weights``, each at least 1 (largest remainder)."""
    n = len(weights)
    if total < n:
        raise ValueError("fewer children than parents")
    w = np.asarray(weights, dtype=float)
    rest = total - n
    raw = w / w.sum() * rest
    base = np.floor(raw).astype(int)
    short = rest - int(base.sum())
    base[np.argsort(-(raw - base))[:short]] += 1
    return [int(b) + 1 for b in base]
