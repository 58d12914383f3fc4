"""``gridgov onboard-county CODE``: make a county's partitions before its cases arrive (PostgreSQL)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gridgov.partitions import default_rows, onboard_county


class Command(BaseCommand):
    help = ("Make the county's partition in every table partitioned by county (PostgreSQL; rows of that county "
            "waiting in a DEFAULT partition move into it). Nothing to do on SQLite.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the county's six-digit GB/T 2260 code, e.g. 411603")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, code: str, database: str, **options: Any) -> None:
        try:
            made = onboard_county(code, database)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{code}: {len(made)} partitions made" + (f" ({', '.join(made)})" if made else ""))
        for table, n in default_rows(database).items():
            self.stdout.write(self.style.WARNING(f"{table}: {n} rows still in the DEFAULT partition"))
