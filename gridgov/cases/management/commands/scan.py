from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime


class Command(BaseCommand):
    help = "Run one overdue/escalation scan, as of now or of --at ISO-DATETIME (for operations and simulation)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--at", help="e.g. 2026-11-24T16:00:00+08:00 (local time when no offset is given)")

    def handle(self, *args: Any, at: str | None, **options: Any) -> None:
        from django.utils import timezone

        from gridgov.cases.scan import scan

        when = None
        if at:
            when = parse_datetime(at)
            if when is None:
                raise CommandError(f"--at {at!r} is not an ISO date and time")
            if timezone.is_naive(when):
                when = timezone.make_aware(when)
        r = scan(when)
        self.stdout.write(json.dumps({"overdue": r.overdue, "escalated": r.escalated}))
