"""Front-end packages from npm, fetched once by the install step and served from our own static files.

No CDN at run time: ``gridgov fetch-assets`` (called by ``./dev``, ``gridgov demo`` and ``gridgov serve`` when files are
missing) downloads each pinned tarball from the npm registry (``GRIDGOV_NPM_REGISTRY`` for an intranet mirror), checks
its published SHA-512 integrity, and copies the listed files to ``gridgov/vendor/<name>/``. Leaflet itself comes from
PyPI (``xstatic-leaflet``). axe-core is there for the browser tests (``gridgov/tests/axe.py``), fetched the same way.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

VENDOR_DIR = Path(__file__).resolve().parent / "vendor"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str  # sha512-<base64>, as npm publishes it
    files: tuple[str, ...]  # paths inside the tarball's package/ folder

    @property
    def tarball(self) -> str:
        registry = os.environ.get("GRIDGOV_NPM_REGISTRY", "https://registry.npmjs.org").rstrip("/")
        return f"{registry}/{self.name}/-/{self.name.split('/')[-1]}-{self.version}.tgz"


PACKAGES = (
    Package("echarts", "5.6.0",
            "sha512-oTbVTsXfKuEhxftHqL5xprgLoc0k7uScAwtryCgWF6hPYFLRwOUHiFmHGCBKP5NPFNkDVopOieyUqYGH8Fa3kA==",
            ("dist/echarts.min.js", "LICENSE")),
    Package("leaflet.markercluster", "1.5.3",
            "sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA==",
            ("dist/leaflet.markercluster.js", "dist/MarkerCluster.css", "dist/MarkerCluster.Default.css",
             "MIT-LICENCE.txt")),
    Package("leaflet.heat", "0.2.0",
            "sha512-Cd5PbAA/rX3X3XKxfDoUGi9qp78FyhWYurFg3nsfhntcM/MCNK08pRkf4iEenO1KNqwVPKCmkyktjW3UD+h9bQ==",
            ("dist/leaflet-heat.js", "LICENSE")),
    # Leaflet-Geoman (free): drawing a scenario's area, routes and points on its map (icons inlined in its CSS)
    Package("@geoman-io/leaflet-geoman-free", "2.20.2",
            "sha512-KQpSe0VKyuVCudq/08rMjJW1vvIwFldTwBny2wZ7ABcyyUAP7/eoFo967hCu9yRqAAHb4QOxC6gY5dGqttY68g==",
            ("dist/leaflet-geoman.min.js", "dist/leaflet-geoman.css", "LICENSE")),
    # axe-core: the accessibility rules (WCAG 2 AA contrast …) the browser tests run on every page
    Package("axe-core", "4.14.1",
            "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
            ("axe.min.js", "LICENSE")),
)


def target(pkg: Package, path: str) -> Path:
    return VENDOR_DIR / pkg.name / Path(path).name


def missing() -> list[Package]:
    return [p for p in PACKAGES if not all(target(p, f).exists() for f in p.files)]


def fetch(pkg: Package) -> None:
    with urllib.request.urlopen(pkg.tarball, timeout=60) as response:  # noqa: S310 - https registry URL
        blob = response.read()
    algo, _, expected = pkg.integrity.partition("-")
    if base64.b64encode(hashlib.new(algo, blob).digest()).decode() != expected:
        raise RuntimeError(f"{pkg.name}@{pkg.version}: the download does not match its published integrity")
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        for path in pkg.files:
            member = tar.extractfile(f"package/{path}")
            if member is None:
                raise RuntimeError(f"{pkg.name}@{pkg.version} has no {path}")
            out = target(pkg, path)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(member.read())


def ensure() -> list[str]:
    """Fetch what is missing; returns the names fetched."""
    fetched = []
    for pkg in missing():
        fetch(pkg)
        fetched.append(f"{pkg.name}@{pkg.version}")
    return fetched
