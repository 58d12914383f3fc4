"""Serve the current data folder with a production WSGI server (waitress) and static files (WhiteNoise)."""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate the database if needed and serve gridgov on http://HOST:PORT"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, host: str, port: int, threads: int, **options: Any) -> None:
        from waitress import serve

        from gridgov.geo.locator import get_locator
        from gridgov.wsgi import application

        call_command("migrate", interactive=False, verbosity=0)
        from gridgov.cases.scan import run_forever

        threading.Thread(target=get_locator, name="warm-locator", daemon=True).start()
        # The overdue/escalation scan runs in-process here; `gridgov worker` runs it beside a production server.
        if settings.GRIDGOV_SCAN_SECONDS > 0:
            threading.Thread(target=run_forever, args=(settings.GRIDGOV_SCAN_SECONDS,), name="scan",
                             daemon=True).start()
        self.stdout.write(f"gridgov serving {settings.DATA_DIR} on http://{host}:{port}/ (Ctrl+C to stop)")
        self.stdout.flush()
        serve(application, host=host, port=port, threads=threads, ident="gridgov")
