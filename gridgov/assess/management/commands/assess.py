from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("Compute every grid worker's assessment for --month YYYY-MM (optionally under --area CODE) and print "
            "them as JSON: [{username, area_code, score, items: [{code, score, max, events}]}]; a month the "
            "township confirmed keeps its frozen scores")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--month", required=True, help="e.g. 2026-10")
        parser.add_argument("--area", default="", help="an area code: only the workers under it")

    def handle(self, *args: Any, month: str, area: str, **options: Any) -> None:
        from gridgov.assess.actions import AssessError, compute_month, parse_month
        from gridgov.assess.present import command_json

        try:
            scores = compute_month(parse_month(month), area_code=area)
        except AssessError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(json.dumps(command_json(scores), ensure_ascii=False, indent=1))
