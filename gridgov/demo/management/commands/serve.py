"""Serve the current data folder: waitress in one process (default), or gunicorn with several worker processes
(``--workers N``, Unix) to use every core; static files by WhiteNoise either way. The overdue/escalation scan and the
job queue (outbound deliveries, ``notify.tasks``) run in threads of the single process, or in one `gridgov worker`
process beside the gunicorn workers.

Request bodies over GRIDGOV_MAX_REQUEST_BYTES: waitress refuses them itself (413, see ``waitress_options``); gunicorn
hands bodies to the application as a stream, where ``gridgov.middleware`` refuses them from their length."""

from __future__ import annotations

import subprocess
import sys
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections


def waitress_options() -> dict[str, Any]:
    """waitress refuses a body over the limit from its Content-Length (or, chunked, once it passes the limit) with 413
    before buffering it; without this it reads up to 1 GB before the application sees the request."""
    return {"ident": "gridgov", "max_request_body_size": settings.GRIDGOV_MAX_REQUEST_BYTES + 1}


class Command(BaseCommand):
    help = "Migrate the database if needed and serve gridgov on http://HOST:PORT"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8, help="threads per process")
        parser.add_argument("--workers", type=int, default=1, help="processes (more than 1 uses gunicorn)")

    def handle(self, *args: Any, host: str, port: int, threads: int, workers: int, **options: Any) -> None:
        from gridgov import frontend
        from gridgov.cases.scan import run_forever
        from gridgov.geo.locator import get_locator
        from gridgov.notify.tasks import run_forever as run_jobs

        call_command("migrate", interactive=False, verbosity=0)
        frontend.ensure()  # no-op once the front-end packages are in place
        get_locator()  # build or load the locate index once, before any worker forks
        self.stdout.write(f"gridgov serving {settings.DATA_DIR} on http://{host}:{port}/ with {workers} process(es)"
                          " (Ctrl+C to stop)")
        self.stdout.flush()
        if workers <= 1:
            from waitress import serve

            from gridgov.wsgi import application

            if settings.GRIDGOV_SCAN_SECONDS > 0:
                threading.Thread(target=run_forever, args=(settings.GRIDGOV_SCAN_SECONDS,), name="scan",
                                 daemon=True).start()
            if settings.GRIDGOV_QUEUE_SECONDS > 0:
                threading.Thread(target=run_jobs, args=(settings.GRIDGOV_QUEUE_SECONDS,), name="jobs",
                                 daemon=True).start()
            serve(application, host=host, port=port, threads=threads, **waitress_options())
            return
        connections.close_all()  # the workers fork from this process: none may inherit its database connection
        scanner = None  # the worker process runs the scan and the job queue (deliveries) for every web process
        if settings.GRIDGOV_SCAN_SECONDS > 0 or settings.GRIDGOV_QUEUE_SECONDS > 0:
            scanner = subprocess.Popen([sys.executable, "-m", "gridgov.cli", "worker"])
        try:
            GunicornApp(f"{host}:{port}", workers, threads).run()
        finally:
            if scanner is not None:
                scanner.terminate()


class GunicornApp:
    """gunicorn's embedding API, configured from the command line above."""

    def __init__(self, bind: str, workers: int, threads: int) -> None:
        from gunicorn.app.base import BaseApplication

        outer = self

        class App(BaseApplication):
            def load_config(self) -> None:
                for key, value in {"bind": bind, "workers": workers, "threads": threads,
                                   "worker_class": "gthread", "accesslog": None}.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                from gridgov.wsgi import application

                return application

        outer.app = App()

    def run(self) -> None:
        self.app.run()
