"""Coordinate systems used in China, converted to WGS-84.

- ``wgs84``: phone GPS; what we store.
- ``cgcs2000``: official surveying; within about a metre of WGS-84 at grid scale, taken as identical.
- ``gcj02``: Amap/Tencent, an obfuscated offset of WGS-84 inside China (no offset outside).
- ``bd09``: Baidu, a second offset on top of GCJ-02.

GCJ-02 has no closed-form inverse: we iterate the forward transform until the round trip is within 1e-9 degrees
(about 0.1 mm), far below the sub-metre requirement. All functions take scalars or numpy arrays.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np

CRS = Literal["wgs84", "gcj02", "bd09", "cgcs2000"]
CRS_CHOICES: tuple[str, ...] = ("wgs84", "gcj02", "bd09", "cgcs2000")

_A = 6378245.0
_EE = 0.00669342162296594323
_X_PI = math.pi * 3000.0 / 180.0


class UnknownCRS(ValueError):
    pass


def _outside_china(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    return (lon < 72.004) | (lon > 137.8347) | (lat < 0.8293) | (lat > 55.8271)


def _delta(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = lon - 105.0, lat - 35.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    dlat += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlat += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * np.pi) + 320 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    dlon += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlon += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    radlat = lat / 180.0 * np.pi
    magic = 1 - _EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * np.cos(radlat) * np.pi)
    return dlon, dlat


def wgs84_to_gcj02(lon, lat):
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    dlon, dlat = _delta(lon, lat)
    out = _outside_china(lon, lat)
    return np.where(out, lon, lon + dlon), np.where(out, lat, lat + dlat)


def _invert(forward, lon, lat, tol: float = 1e-9, max_iter: int = 30):
    """Solve forward(x) = (lon, lat) by fixed-point iteration starting at the target itself."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    x, y = lon.copy(), lat.copy()
    for _ in range(max_iter):
        fx, fy = forward(x, y)
        ex, ey = fx - lon, fy - lat
        x, y = x - ex, y - ey
        if np.all(np.abs(ex) < tol) and np.all(np.abs(ey) < tol):
            break
    return x, y


def gcj02_to_wgs84(lon, lat):
    return _invert(wgs84_to_gcj02, lon, lat)


def gcj02_to_bd09(lon, lat):
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    z = np.sqrt(lon * lon + lat * lat) + 0.00002 * np.sin(lat * _X_PI)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * _X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def wgs84_to_bd09(lon, lat):
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def bd09_to_wgs84(lon, lat):
    return _invert(wgs84_to_bd09, lon, lat)


def to_wgs84(lon, lat, crs: str):
    """Convert coordinates in ``crs`` to WGS-84. Scalars in, floats out; arrays in, arrays out."""
    scalar = np.ndim(lon) == 0 and np.ndim(lat) == 0
    if crs in ("wgs84", "cgcs2000"):
        x, y = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    elif crs == "gcj02":
        x, y = gcj02_to_wgs84(lon, lat)
    elif crs == "bd09":
        x, y = bd09_to_wgs84(lon, lat)
    else:
        raise UnknownCRS(f"unknown coordinate system {crs!r}; use one of {', '.join(CRS_CHOICES)}")
    if scalar:
        return float(x), float(y)
    return x, y


def from_wgs84(lon, lat, crs: str):
    """The inverse of :func:`to_wgs84` (used by tests and to show points on GCJ-02 basemaps)."""
    if crs in ("wgs84", "cgcs2000"):
        x, y = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    elif crs == "gcj02":
        x, y = wgs84_to_gcj02(lon, lat)
    elif crs == "bd09":
        x, y = wgs84_to_bd09(lon, lat)
    else:
        raise UnknownCRS(f"unknown coordinate system {crs!r}; use one of {', '.join(CRS_CHOICES)}")
    if np.ndim(lon) == 0 and np.ndim(lat) == 0:
        return float(x), float(y)
    return x, y


def metres_between(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres (haversine on a 6,371 km sphere)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371000.0 * math.asin(math.sqrt(h))
