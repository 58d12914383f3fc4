from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from gridgov.geo.io import feature_collection
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
        rows = list(qs.order_by("code").values("code", "name", "level", "parent__code", "kind", "households",
                                               "residents", "geometry"))
        for r in rows:
            r["parent_code"] = r.pop("parent__code")
        self.stdout.write(json.dumps(feature_collection(rows), ensure_ascii=False))
