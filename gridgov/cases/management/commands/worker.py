from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the overdue/escalation scan every GRIDGOV_SCAN_SECONDS, for production beside the web server"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--interval", type=float, default=settings.GRIDGOV_SCAN_SECONDS)

    def handle(self, *args: Any, interval: float, **options: Any) -> None:
        from gridgov.cases.scan import run_forever

        self.stdout.write(f"scanning every {interval:g}s (Ctrl+C to stop)")
        run_forever(interval)
