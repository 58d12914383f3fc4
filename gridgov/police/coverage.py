"""The police circle: which grids (and how many households) a police officer reaches within 1, 3, 5 … minutes
along the road network from every police station and room.

The network: every road vertex is a node (vertices closer than ~1 m are one node, so roads meet where they share a
vertex), every segment an edge weighted by its minutes at the patrol speed (capped by the road's own speed when it
has one). A virtual source joins every police station and room by its straight way to the nearest node; one
multi-source Dijkstra gives every node's minutes from the nearest post. A grid's minutes are those of the node
nearest its representative point plus the straight way from there. Grids off the network are never reached.

Library, by measuring (tmp benchmark, a 250 × 250 lattice: 62,500 nodes, 124,500 edges, 130 sources, best of 3, on
this project's 2-core machine; the demo's synthetic network is ~50,000 nodes):

    scipy.sparse.csgraph  build     4 ms   multi-source Dijkstra    8 ms
    networkx 3.6          build   260 ms   multi-source Dijkstra  223 ms
    igraph 1.0            build    29 ms   multi-source Dijkstra   32 ms

scipy (already a dependency) is the fastest and needs no new package; planning's 480 limited single-source runs
take ~0.55 s with it.

The answer is kept in the process until roads, police posts or the grid change (the roads' and posts' ``revisions``
tokens, the grid's ``GridRevision``), so the command line and the API compute it once and answer the same.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from django.conf import settings
from django.utils.translation import gettext as _
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from gridgov.geo.models import Area, GridRevision, code_length, scope_prefix
from gridgov.revisions.cache import tokens, watch

from .models import PolicePost, Road

EARTH = 6_371_000.0
SUMMARY_LEVELS = (1, 2, 3)  # district, township, village
FARTHEST = 10
MAX_MINUTES = 60


class CoverageError(ValueError):
    """A request the circle cannot answer as asked (bad minutes or speed, an unknown area)."""


def parse_minutes(text: str) -> tuple[int, ...]:
    try:
        values = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError as exc:
        raise CoverageError(_("minutes must be whole numbers separated by commas, e.g. 1,3,5 (got %(text)r)")
                            % {"text": text}) from exc
    if not values or len(values) > 6 or values[0] < 1 or values[-1] > MAX_MINUTES:
        raise CoverageError(_("give 1 to 6 minute values between 1 and %(max)d, e.g. 1,3,5") % {"max": MAX_MINUTES})
    return tuple(values)


def check_speed(speed: float) -> float:
    if not (math.isfinite(speed) and 1 <= speed <= 60):
        raise CoverageError(_("the speed must lie between 1 and 60 km/h"))
    return float(speed)


@dataclass
class Network:
    """Everything the circle needs, read once: nodes in metres (a local plane), edges, posts, grids, summary areas."""

    xy: np.ndarray  # (n, 2) node positions, metres
    edges: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # u, v, metres, speed cap km/h (inf: none)
    tree: cKDTree | None
    posts: np.ndarray  # (p, 2) metres
    grid_codes: list[str]
    grid_names: list[str]
    grid_xy: np.ndarray  # (g, 2) representative points, metres
    grid_households: np.ndarray
    grid_m2: np.ndarray
    grid_lonlat: np.ndarray
    areas: list[tuple[str, int, str]]  # (code, level, name) of the district, townships, villages
    villages: list[tuple[str, str, float, float]]  # (code, name, lon, lat of its seat) for planning
    roads: int
    synthetic: bool
    origin: tuple[float, float]

    def project(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        lon0, lat0 = self.origin
        k = math.cos(math.radians(lat0))
        x = np.radians(np.asarray(lon, dtype=float) - lon0) * EARTH * k
        return np.column_stack([x, np.radians(np.asarray(lat, dtype=float) - lat0) * EARTH])


def load_network() -> Network:
    grids = list(Area.objects.filter(children__isnull=True).order_by("code")
                 .only("code", "name", "households", "geometry"))
    top = list(Area.objects.filter(level__in=SUMMARY_LEVELS).order_by("code").only("code", "level", "name", "geometry"))
    points = [shapely.point_on_surface(g.shape) for g in grids]
    lonlat = np.array([[p.x, p.y] for p in points]) if points else np.zeros((0, 2))
    origin = (float(lonlat[:, 0].mean()), float(lonlat[:, 1].mean())) if len(lonlat) else (0.0, 0.0)
    net = Network(np.zeros((0, 2)), (np.zeros(0, int), np.zeros(0, int), np.zeros(0), np.zeros(0)), None,
                  np.zeros((0, 2)), [g.code for g in grids], [g.name for g in grids], np.zeros((0, 2)),
                  np.array([g.households or 0 for g in grids], dtype=np.int64), np.zeros(len(grids)), lonlat,
                  [(a.code, a.level, a.name) for a in top], [], 0, False, origin)
    net.grid_xy = net.project(lonlat[:, 0], lonlat[:, 1]) if len(lonlat) else np.zeros((0, 2))
    k = math.cos(math.radians(origin[1]))
    deg2 = (math.pi / 180 * EARTH) ** 2 * k
    net.grid_m2 = np.array([g.shape.area * deg2 for g in grids])
    seats = [(a, shapely.point_on_surface(a.shape)) for a in top if a.level == 3]
    net.villages = [(a.code, a.name, p.x, p.y) for a, p in seats]
    _load_roads(net)
    posts = list(PolicePost.objects.values_list("lon", "lat"))
    net.posts = net.project(*np.array(posts).T) if posts else np.zeros((0, 2))
    return net


def _load_roads(net: Network) -> None:
    coords, us, vs, caps = [], [], [], []
    count, synthetic, start = 0, False, 0
    for wkb, cap, synth in Road.objects.values_list("geometry", "speed_kmh", "synthetic").iterator(chunk_size=2000):
        pts = shapely.get_coordinates(shapely.from_wkb(bytes(wkb)))
        count += 1
        synthetic = synthetic or synth
        if len(pts) < 2:
            continue
        coords.append(pts)
        idx = np.arange(start, start + len(pts))
        us.append(idx[:-1])
        vs.append(idx[1:])
        caps.append(np.full(len(pts) - 1, cap if cap else np.inf))
        start += len(pts)
    net.roads, net.synthetic = count, synthetic
    if not coords:
        return
    allxy = net.project(*np.concatenate(coords).T)
    # one node for vertices within ~1 m of each other: roads that share a vertex meet there
    keys = np.round(allxy).astype(np.int64)
    _, node_of, = np.unique(keys, axis=0, return_inverse=True)
    node_of = node_of.ravel()
    n = int(node_of.max()) + 1
    xy = np.zeros((n, 2))
    xy[node_of] = allxy
    u, v = node_of[np.concatenate(us)], node_of[np.concatenate(vs)]
    metres = np.hypot(*(allxy[np.concatenate(us)] - allxy[np.concatenate(vs)]).T)
    net.xy, net.edges, net.tree = xy, (u, v, metres, np.concatenate(caps)), cKDTree(xy)


def node_minutes(net: Network, speed: float, sources: np.ndarray | None = None,
                 limit: float = np.inf) -> np.ndarray:
    """Minutes from the nearest of ``sources`` (default: every police post) to every node along the roads."""
    n = len(net.xy)
    sources = net.posts if sources is None else sources
    if n == 0 or len(sources) == 0:
        return np.full(n, np.inf)
    per_metre = 60.0 / (1000.0 * speed)
    u, v, metres, caps = net.edges
    minutes = metres * 60.0 / (1000.0 * np.minimum(speed, caps))
    dist, nearest = net.tree.query(sources)
    src = np.full(len(sources), n)  # the virtual source, node n
    rows = np.concatenate([u, v, src])
    cols = np.concatenate([v, u, nearest])
    w = np.concatenate([minutes, minutes, dist * per_metre]) + 1e-9  # zero weights would vanish from a sparse graph
    graph = coo_matrix((w, (rows, cols)), shape=(n + 1, n + 1)).tocsr()
    return dijkstra(graph, indices=n, min_only=True, limit=limit)[:n]


def grid_minutes(net: Network, speed: float, at_nodes: np.ndarray) -> np.ndarray:
    if len(net.xy) == 0 or len(net.grid_xy) == 0:
        return np.full(len(net.grid_codes), np.inf)
    dist, nearest = net.tree.query(net.grid_xy)
    return at_nodes[nearest] + dist * 60.0 / (1000.0 * speed)


def summarise(net: Network, times: np.ndarray, minutes: tuple[int, ...], speed: float) -> dict[str, Any]:
    """The whole district's answer; ``scoped`` cuts it to one area."""
    sums: dict[str, tuple[int, float, dict[str, int], dict[str, float]]] = {}
    for level in SUMMARY_LEVELS:
        keys = np.array([c[:code_length(level)] for c in net.grid_codes], dtype=object)
        if not len(keys):
            continue
        names, group = np.unique(keys, return_inverse=True)
        n = len(names)
        hh = np.bincount(group, net.grid_households, n)
        m2 = np.bincount(group, net.grid_m2, n)
        by_m = {m: (np.bincount(group, net.grid_households * (times <= m), n),
                    np.bincount(group, net.grid_m2 * (times <= m), n)) for m in minutes}
        for i, code in enumerate(names):
            sums[code] = (int(hh[i]), float(m2[i]), {str(m): int(by_m[m][0][i]) for m in minutes},
                          {str(m): float(by_m[m][1][i]) for m in minutes})
    areas = []
    for code, level, name in net.areas:
        total_hh, total_m2, reached, area_reached = sums.get(code, (0, 0.0, {str(m): 0 for m in minutes},
                                                                    {str(m): 0.0 for m in minutes}))
        areas.append({"code": code, "level": level, "name": name, "households": total_hh, "reached": reached,
                      "share_households": {k: round(r / total_hh, 4) if total_hh else 0.0 for k, r in reached.items()},
                      "share_area": {k: round(r / total_m2, 4) if total_m2 else 0.0 for k, r in area_reached.items()}})
    return {"speed_kmh": speed, "minutes": list(minutes), "roads": net.roads, "synthetic_roads": net.synthetic,
            "posts": len(net.posts), "areas": areas,
            "grid_minutes": {c: (None if not math.isfinite(t) else round(float(t), 2)) for c, t in zip(
                net.grid_codes, times, strict=True)}}


def scoped(full: dict[str, Any], code: str, target: float) -> dict[str, Any]:
    """The answer for ``code`` and the areas below it: the summaries, its farthest grids, its villages below target."""
    top = str(full["minutes"][-1])
    areas = [a for a in full["areas"] if a["code"].startswith(scope_prefix(code))]
    grids = [(c, t) for c, t in full["grid_minutes"].items() if c.startswith(scope_prefix(code))]
    grids.sort(key=lambda ct: (-(ct[1] if ct[1] is not None else math.inf), ct[0]))
    below = [{"code": a["code"], "name": a["name"], "share_households": a["share_households"][top]}
             for a in areas if a["level"] == 3 and a["share_households"][top] < target]
    return {"area": code, "speed_kmh": full["speed_kmh"], "minutes": full["minutes"], "roads": full["roads"],
            "synthetic_roads": full["synthetic_roads"], "posts": full["posts"], "target_share": target,
            "areas": areas, "farthest": [{"code": c, "minutes": t} for c, t in grids[:FARTHEST]],
            "below_target": below}


class _Cache:
    """The network and the answers computed on it, kept until roads, posts or the grid change."""

    def __init__(self) -> None:
        self.tables = (Road._meta.db_table, PolicePost._meta.db_table)
        self.lock = threading.Lock()
        self.key: tuple[Any, ...] | None = None
        self.net: Network | None = None
        self.answers: dict[tuple[Any, ...], dict[str, Any]] = {}
        watch(Road)
        watch(PolicePost)

    def current(self) -> tuple[Any, ...]:
        return (*tokens(self.tables), GridRevision.current())

    def network(self) -> tuple[Network, dict[tuple[Any, ...], dict[str, Any]]]:
        key = self.current()
        with self.lock:
            if self.key != key or self.net is None:
                self.net, self.answers, self.key = load_network(), {}, key
            return self.net, self.answers

    def forget(self) -> None:
        with self.lock:
            self.key, self.net, self.answers = None, None, {}


cache = _Cache()


def district_coverage(minutes: tuple[int, ...], speed: float) -> dict[str, Any]:
    net, answers = cache.network()
    key = (minutes, speed)
    if key not in answers:
        answers[key] = summarise(net, grid_minutes(net, speed, node_minutes(net, speed)), minutes, speed)
    return answers[key]


def coverage(code: str, minutes: tuple[int, ...] | None = None, speed: float | None = None,
             target: float | None = None) -> dict[str, Any]:
    """The circle for ``code`` (already checked to be in the reader's scope) and the areas below it."""
    minutes = minutes or parse_minutes(settings.GRIDGOV_POLICE_MINUTES)
    speed = check_speed(speed if speed is not None else settings.GRIDGOV_POLICE_SPEED_KMH)
    target = settings.GRIDGOV_POLICE_TARGET_SHARE if target is None else target
    return scoped(district_coverage(minutes, speed), code, target)
