from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Import the category catalogue (JSON with a 'categories' list); without FILE, the shipped catalogue"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", nargs="?", type=Path)

    def handle(self, *args: Any, file: Path | None, **options: Any) -> None:
        from gridgov.cases.catalogue import import_categories

        try:
            data = json.loads(file.read_text(encoding="utf-8")) if file else None
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        result = import_categories(data)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
        if result["errors"]:
            raise CommandError("nothing imported: fix the errors above")
