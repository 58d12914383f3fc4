"""gridgov import-cameras FILE [--dry-run]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gridgov.linkage.cameras import import_cameras


class Command(BaseCommand):
    help = ("Import cameras from a CSV (header device_id,name,lon,lat,crs,kind; optional owner, status) or a GeoJSON "
            "of Point features with the same properties; a file with any bad row imports nothing")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check every row, import nothing")

    def handle(self, *args: Any, file: str, dry_run: bool, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"no such file: {file}")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CommandError(f"{file} is not UTF-8 text") from exc
        result = import_cameras(text, dry_run=dry_run)
        if result.problems:
            for p in result.problems:
                self.stderr.write(str(p))
            raise CommandError(f"{len(result.problems)} bad rows: nothing imported")
        said = "would import" if dry_run else "imported"
        self.stdout.write(f"{said} {len(result.cameras)} cameras ({result.created} new, {result.updated} updated)")
