from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gridgov.geo.coords import CRS_CHOICES
from gridgov.police.roads import import_roads


class Command(BaseCommand):
    help = ("Replace the road network with a GeoJSON FeatureCollection of LineStrings (optional properties: class, "
            "speed in km/h). Every bad feature is reported by number and reason; a file with any is not imported.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--crs", choices=CRS_CHOICES, required=True,
                            help="coordinate system of the file (required: there is no safe default)")

    def handle(self, *args: Any, file: Path, crs: str, **options: Any) -> None:
        try:
            report = import_roads(file.read_text(encoding="utf-8"), crs)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
        if not report.imported:
            raise CommandError(f"{len(report.problems)} bad roads; nothing imported")
