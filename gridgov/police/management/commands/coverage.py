from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gridgov.geo.models import Area
from gridgov.police.coverage import CoverageError, coverage, parse_minutes


class Command(BaseCommand):
    help = ("The police circle: households and grids reached along the roads from every police station and room "
            "within each number of minutes, per village, township and district (JSON, as GET "
            "/api/v1/police/coverage answers).")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--minutes", default=settings.GRIDGOV_POLICE_MINUTES, help="e.g. 1,3,5")
        parser.add_argument("--speed-kmh", type=float, default=settings.GRIDGOV_POLICE_SPEED_KMH)
        parser.add_argument("--area", default="", help="area code (default: the district)")

    def handle(self, *args: Any, minutes: str, speed_kmh: float, area: str, **options: Any) -> None:
        top = Area.objects.filter(code=area).first() if area else Area.objects.filter(level=1).first()
        if top is None:
            raise CommandError(f"no area {area!r}" if area else "no grid yet: import areas or build the demo")
        try:
            answer = coverage(top.code, parse_minutes(minutes), speed_kmh)
        except CoverageError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=1))
