"""Data that a migration seeds (default grid levels, the holiday calendar) is seeded again when its table is found
empty after ``migrate`` — a database flushed by a test or by ``gridgov flush`` keeps working without a re-migration."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from django.apps import AppConfig, apps


def reseed_when_empty(app: AppConfig, model: str, migration: str, function: str = "seed",
                      then: Callable[[], None] | None = None) -> None:
    from django.db.models.signals import post_migrate

    def handler(sender: AppConfig, **kwargs: Any) -> None:
        if not app.get_model(model).objects.exists():
            getattr(importlib.import_module(f"{app.name}.migrations.{migration}"), function)(apps, None)
            if then is not None:
                then()

    post_migrate.connect(handler, sender=app, weak=False, dispatch_uid=f"gridgov-reseed-{app.label}-{model}")
