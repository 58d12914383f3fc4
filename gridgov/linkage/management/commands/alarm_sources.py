"""gridgov alarm-sources add NAME | rotate NAME | list"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gridgov.linkage.models import AlarmSource
from gridgov.linkage.sources import SourceError, add_source, rotate


class Command(BaseCommand):
    help = ("Register a video platform or fence controller that posts alarms (prints its secret once, as JSON), "
            "rotate its secret, or list the sources")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("verb", choices=["add", "rotate", "list"])
        parser.add_argument("name", nargs="?", default="")

    def handle(self, *args: Any, verb: str, name: str, **options: Any) -> None:
        if verb == "list":
            rows = [{"source": s.name, "active": s.active, "rotated_at": s.rotated_at and s.rotated_at.isoformat()}
                    for s in AlarmSource.objects.all()]
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        if not name:
            raise CommandError("name the source")
        try:
            if verb == "add":
                source, secret = add_source(name)
            else:
                source = AlarmSource.objects.filter(name=name).first()
                if source is None:
                    raise CommandError(f"no alarm source named {name!r}")
                secret = rotate(source)
        except SourceError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps({"source": source.name, "secret": secret}))
