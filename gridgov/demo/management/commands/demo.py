"""Build the demo district from scratch and serve it."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from gridgov.assess import demo as assess_demo
from gridgov.demo.build import build_demo, level_summary, store_passwords
from gridgov.demo.city import build_city
from gridgov.demo.plans import CITIES, PLANS
from gridgov.emergencies.demo import build as build_emergencies
from gridgov.volunteers.demo import build_volunteers, volunteer_login

DEFAULT_DAYS = 60  # the most that keeps the whole Huaiyang demo under a minute to serving on 2 cores (README)
DEFAULT_PER_DAY = 40.0
CITY_DAYS = 7  # the city demo: ten counties, the same reports per county and day, fewer days


def _build_locate_index() -> None:
    """Build and save the locate index while the organisation is being written (most of it runs without the GIL)."""
    from django.db import connection

    from gridgov.geo.locator import get_locator

    try:
        get_locator()
    finally:
        connection.close()  # this thread's own connection


class Command(BaseCommand):
    help = "Build the demo district (grid, units, people) from scratch, then serve it unless --no-serve"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--district", default="411603", choices=sorted(PLANS), help="shipped boundary (adcode)")
        parser.add_argument("--city", default="", choices=["", *sorted(CITIES)],
                            help="build a whole city instead (its ten counties, the city's and province's centres)")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same demo")
        parser.add_argument("--days", type=int, default=None,
                            help=f"days of cases to simulate through the real actions (default {DEFAULT_DAYS}; "
                                 f"{CITY_DAYS} for a city)")
        parser.add_argument("--per-day", type=float, default=DEFAULT_PER_DAY, help="reports per working day")
        parser.add_argument("--no-serve", action="store_true", help="only build")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, district: str, city: str, seed: int, days: int | None, per_day: float,
               no_serve: bool, host: str, port: int, **options: Any) -> None:
        from gridgov.geo.locator import get_locator

        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        indexing = threading.Thread(target=_build_locate_index, name="locate-index")
        if days is None:
            days = CITY_DAYS if city else DEFAULT_DAYS
        if city:
            per_day *= len(CITIES[city])  # the same load per county
        try:
            if city:
                result = build_city(city, seed, settings.DATA_DIR, log=self.stdout.write, passwords_later=True)
                indexing.start()
            else:
                result = build_demo(district, seed, settings.DATA_DIR, log=self.stdout.write,
                                    after_grid=indexing.start, passwords_later=True)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if indexing.is_alive():
                indexing.join()
        build_volunteers(seed)  # the volunteers: one town's "Yi police" team (gridgov/volunteers/demo.py)
        if (login := volunteer_login(seed)) is not None:  # one of them signs in on the phone page
            result.logins.append(login)
            (settings.DATA_DIR / "demo-logins.json").write_text(json.dumps(result.logins, ensure_ascii=False,
                                                                           indent=1))
        try:  # the logins' hashes, made beside the build (``People.save``), are stored whatever happens next
            get_locator()  # the thread's index (built here instead if the thread failed): the first request is fast
            built = time.perf_counter() - started
            if days > 0:
                from gridgov.demo.simulate import Simulation

                counts = Simulation(days, per_day, seed).run()
                self.stdout.write(f"simulated {days} days in {time.perf_counter() - started - built:.1f}s: "
                                  + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
                assess_demo.build(log=self.stdout.write)  # last month's scores, confirmed, and one gold medal
            county = "411603" if city else result.adcode  # a city's emergencies are Huaiyang's, like its police
            self.stdout.write(f"emergencies and scenarios: {build_emergencies(county, seed)}")
        finally:
            store_passwords()
        took = time.perf_counter() - started
        w = self.stdout.write
        w(f"{result.district} ({result.adcode}): areas per level {level_summary(result.counts)}")
        w(f"{result.units:,} units, {result.staff:,} staff; topology problems: {len(result.problems)}")
        w(f"built in {took:.1f}s (data folder {settings.DATA_DIR})")
        w("")
        w("Demo logins (also in demo-logins.json):")
        w(f"  {'role':<20} {'username':<32} {'password':<16} area")
        for login in result.logins:
            w(f"  {login['role']:<20} {login['username']:<32} {login['password']:<16} {login['area_code']}")
        w("")
        if not no_serve:
            call_command("serve", host=host, port=port)
