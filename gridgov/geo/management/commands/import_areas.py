from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gridgov.geo.actions import ImportRefused, import_areas
from gridgov.geo.coords import CRS_CHOICES


class Command(BaseCommand):
    help = ("Import areas from a GeoJSON FeatureCollection (properties: code, name; optional kind, households, "
            "residents). Prints a JSON report of accepted features and problems.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--crs", choices=CRS_CHOICES, required=True,
                            help="coordinate system of the file (required: there is no safe default)")
        parser.add_argument("--strict", action="store_true", help="import nothing if any problem is found")
        parser.add_argument("--dry-run", action="store_true", help="check only")

    def handle(self, *args: Any, file: Path, crs: str, strict: bool, dry_run: bool, **options: Any) -> None:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            report = import_areas(data, crs, strict=strict, dry_run=dry_run)
        except ImportRefused as exc:
            self.stdout.write(json.dumps(exc.report.as_dict(), ensure_ascii=False, indent=1))
            raise CommandError("problems found; nothing imported (--strict)") from exc
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
