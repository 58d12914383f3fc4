from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print the KPIs of a scope (area:CODE, unit:ID, worker:ID) for a period, or --rebuild the rollups"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scope")
        parser.add_argument("--from", dest="start", type=date.fromisoformat)
        parser.add_argument("--to", dest="end", type=date.fromisoformat)
        parser.add_argument("--rebuild", action="store_true", help="recompute all rollups from the timelines")

    def handle(self, *args: Any, scope: str | None, start: date | None, end: date | None, rebuild: bool,
               **options: Any) -> None:
        from gridgov.cases import kpis

        if rebuild:
            self.stdout.write(json.dumps({"cases": kpis.rebuild_rollups()}))
        if scope and start and end:
            self.stdout.write(json.dumps(kpis.compute(scope, start, end), ensure_ascii=False, indent=1))
