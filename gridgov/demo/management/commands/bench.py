from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run a benchmark and print one JSON object: `gridgov bench locate [--points N]`"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("which", choices=["locate"])
        parser.add_argument("--points", type=int, default=1_000_000)
        parser.add_argument("--district", default="411603")
        parser.add_argument("--single", type=int, default=300_000, help="points for the one-call-per-point loop")

    def handle(self, *args: Any, which: str, points: int, district: str, single: int, **options: Any) -> None:
        if points < 1:
            raise CommandError("--points must be at least 1")
        try:
            from gridgov.bench import locate
        except ImportError as exc:  # geopandas is an optional extra
            raise CommandError(f"{exc}; install the benchmark extra: pip install -e '.[bench]'") from exc
        self.stdout.write(json.dumps(locate.run(points=points, district=district, single=single)))
