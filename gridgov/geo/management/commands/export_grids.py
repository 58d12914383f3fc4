from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from gridgov.geo.io import areas_geojson
from gridgov.geo.models import Area


class Command(BaseCommand):
    help = "Print one level of the grid as a GeoJSON FeatureCollection (WGS-84)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--level", type=int, required=True)
        parser.add_argument("--within", help="only areas under this code")

    def handle(self, *args: Any, level: int, within: str | None, **options: Any) -> None:
        qs = Area.objects.filter(level=level)
        if within:
            qs = qs.filter(code__startswith=within)
        self.stdout.write(json.dumps(areas_geojson(qs), ensure_ascii=False))
