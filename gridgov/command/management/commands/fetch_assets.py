"""Download the pinned npm front-end packages (checked against their integrity) into gridgov/vendor/."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gridgov import frontend


class Command(BaseCommand):
    help = "Fetch the front-end packages the pages need (once; offline afterwards)"

    def handle(self, *args: Any, **options: Any) -> None:
        fetched = frontend.ensure()
        self.stdout.write(f"fetched {', '.join(fetched)}" if fetched else "front-end packages already present")
