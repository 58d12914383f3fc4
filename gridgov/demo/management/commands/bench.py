from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run a benchmark and print one JSON object: gridgov bench locate|cycle|kpis|alarms|emergency|dashboard"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("which", choices=["locate", "cycle", "kpis", "alarms", "emergency", "dashboard"])
        parser.add_argument("--seconds", type=float, default=20.0)
        parser.add_argument("--clients", type=int, default=8)
        parser.add_argument("--workers", type=int, default=2, help="server processes for the cycle benchmark")
        parser.add_argument("--threads", type=int, default=4, help="threads per server process (cycle benchmark)")
        parser.add_argument("--nodes", type=int, default=1,
                            help="cycle: app nodes (serve processes) on one database, run with 1 … N of them")
        parser.add_argument("--points", type=int, default=1_000_000)
        parser.add_argument("--days", type=int, default=365,
                            help="days of simulated history in the district before the cycle benchmark runs")
        parser.add_argument("--district", default="411603")
        parser.add_argument("--single", type=int, default=300_000, help="points for the one-call-per-point loop")

    def handle(self, *args: Any, which: str, points: int, district: str, single: int, seconds: float,
               clients: int, workers: int, threads: int, days: int, **options: Any) -> None:
        if min(points, clients, workers, threads) < 1 or seconds <= 0 or days < 0:
            raise CommandError("--points, --clients, --workers, --threads and --seconds must be positive, --days "
                               "not negative")
        if which == "cycle":
            from gridgov.bench import cycle

            if options["nodes"] < 1:
                raise CommandError("--nodes must be positive")
            out = cycle.run(seconds=seconds, clients=clients, workers=workers, threads=threads, history_days=days,
                            nodes=options["nodes"])
        elif which == "alarms":
            from gridgov.bench import alarms

            out = alarms.run(seconds=seconds, clients=clients, workers=workers, threads=threads)
        elif which == "emergency":  # on the current database, holding the demo district
            from gridgov.emergencies import bench

            try:
                out = bench.run(district)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        elif which == "dashboard":
            from gridgov.bench import dashboard

            out = dashboard.run()  # fills <GRIDGOV_DATA>/bench-dashboard once, then reuses it
        elif which == "kpis":
            from gridgov.bench import kpis

            out = kpis.run()
        else:
            try:
                from gridgov.bench import locate
            except ImportError as exc:  # geopandas is an optional extra
                raise CommandError(f"{exc}; install the benchmark extra: pip install -e '.[bench]'") from exc
            out = locate.run(points=points, district=district, single=single)
        self.stdout.write(json.dumps(out))
