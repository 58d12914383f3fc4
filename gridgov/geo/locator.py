"""Locate points on the stored grid, with an in-process index that is rebuilt when the grid changes.

The index is cached per process (checked against ``GridRevision`` on each call: one indexed query) and on disk in the
data folder, so that a fresh process answers without rebuilding.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from django.conf import settings

from .coords import to_wgs84
from .index import OUTSIDE, GridSnapshot, LocateIndex
from .models import Area, GridRevision


@dataclass(frozen=True)
class PathStep:
    code: str
    name: str
    level: int


@dataclass
class Located:
    inside: bool
    path: list[PathStep]
    lon: float
    lat: float

    def as_dict(self) -> dict:
        return {"inside": self.inside, "path": [vars(s) for s in self.path], "wgs84": [self.lon, self.lat]}


def snapshot_from_db() -> tuple[GridSnapshot, str]:
    """The stored grid, and a digest of its codes, levels, parents and boundaries (names the on-disk index)."""
    rows = list(Area.objects.order_by("code").values_list("id", "code", "name", "level", "parent_id", "geometry"))
    pos = {r[0]: i for i, r in enumerate(rows)}
    wkbs = [bytes(r[5]) for r in rows]
    digest = hashlib.sha1()
    for r, wkb in zip(rows, wkbs, strict=True):
        digest.update(f"{r[1]}|{r[3]}|{pos.get(r[4], -1)}|".encode())
        digest.update(wkb)
    geoms = shapely.from_wkb(wkbs) if rows else np.array([], dtype=object)
    return GridSnapshot(
        codes=[r[1] for r in rows], names=[r[2] for r in rows],
        levels=np.array([r[3] for r in rows], dtype=np.int64),
        parents=np.array([pos.get(r[4], -1) for r in rows], dtype=np.int64), geoms=geoms, ids=[r[0] for r in rows],
    ), digest.hexdigest()[:16]


class Locator:
    def __init__(self, snap: GridSnapshot, index: LocateIndex | None) -> None:
        self.snap, self.index = snap, index

    def locate(self, lon: float, lat: float, crs: str = "wgs84") -> Located:
        x, y = to_wgs84(lon, lat, crs)
        i = self.index.locate(x, y) if self.index else OUTSIDE
        return Located(i != OUTSIDE, self.path(i), x, y)

    def locate_many(self, lons: np.ndarray, lats: np.ndarray, crs: str = "wgs84") -> np.ndarray:
        xs, ys = to_wgs84(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float), crs)
        if not self.index:
            return np.full(np.shape(xs), OUTSIDE, dtype=np.int64)
        return self.index.locate_many(xs, ys)

    def path(self, i: int) -> list[PathStep]:
        if i == OUTSIDE:
            return []
        s = self.snap
        return [PathStep(s.codes[j], s.names[j], int(s.levels[j])) for j in s.path(i)]


_lock = threading.Lock()
_cache: dict[str, tuple[int, Locator]] = {}


def _index_file(digest: str) -> Path:
    return Path(settings.DATA_DIR) / f"locate-index-{digest}.npz"


def get_locator() -> Locator:
    """The current grid's locator; rebuilt (or loaded from disk) when the grid revision changes."""
    revision = GridRevision.current()
    alias = settings.DATABASES["default"]["NAME"]
    with _lock:
        hit = _cache.get(str(alias))
        if hit and hit[0] == revision:
            return hit[1]
        snap, digest = snapshot_from_db()
        index = None
        if len(snap):
            path = _index_file(digest)
            try:
                index = LocateIndex.load(snap, path) if path.exists() else None
            except (OSError, ValueError, KeyError):
                index = None
            if index is None:
                index = LocateIndex(snap)
                for old in path.parent.glob("locate-index-*.npz"):
                    old.unlink(missing_ok=True)
                index.save(path)
        loc = Locator(snap, index)
        _cache[str(alias)] = (revision, loc)
        return loc
