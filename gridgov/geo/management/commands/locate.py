from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gridgov.geo.coords import CRS_CHOICES


class Command(BaseCommand):
    help = 'Print {"inside": bool, "path": [{"code", "name", "level"}, ...]} for a point, outermost first'

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("lon", type=float)
        parser.add_argument("lat", type=float)
        parser.add_argument("--crs", choices=CRS_CHOICES, default="wgs84")

    def handle(self, *args: Any, lon: float, lat: float, crs: str, **options: Any) -> None:
        from gridgov.geo.locator import get_locator

        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise CommandError("longitude must be within -180..180 and latitude within -90..90")
        found = get_locator().locate(lon, lat, crs)
        out = {"inside": found.inside, "path": [vars(s) for s in found.path]}
        self.stdout.write(json.dumps(out, ensure_ascii=False))
