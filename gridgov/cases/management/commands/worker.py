from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Run the overdue/escalation scan every GRIDGOV_SCAN_SECONDS and the job queue (outbound deliveries) every "
            "GRIDGOV_QUEUE_SECONDS, for production beside the web server")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--interval", type=float, default=settings.GRIDGOV_SCAN_SECONDS)

    def handle(self, *args: Any, interval: float, **options: Any) -> None:
        import threading

        from gridgov.cases.scan import run_forever
        from gridgov.notify.tasks import run_forever as run_jobs

        jobs = settings.GRIDGOV_QUEUE_SECONDS
        if interval <= 0:  # no scan: only the job queue
            self.stdout.write(f"running jobs every {jobs:g}s (Ctrl+C to stop)")
            run_jobs(jobs)
            return
        if jobs > 0:
            threading.Thread(target=run_jobs, args=(jobs,), name="jobs", daemon=True).start()
        self.stdout.write(f"scanning every {interval:g}s (Ctrl+C to stop)")
        run_forever(interval)
