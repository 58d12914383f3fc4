"""The category catalogue is data: shipped as catalogue.json, importable, editable in the back office."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from gridgov.org.models import Department
from gridgov.revisions.cache import Cached
from gridgov.worktime.calendar import BadSpec, parse_spec

from .models import Category

SHIPPED = Path(__file__).resolve().parent / "catalogue.json"
STEPS = ("register", "dispatch", "handle", "check")


def validate(entry: dict[str, Any]) -> list[str]:
    errors = []
    for level, spec in (entry.get("routing") or {}).items():
        if not str(level).removeprefix("-").isdigit():  # -1 province, 0 city, 1 county … 5
            errors.append(f"routing level {level!r} is not a number")
        if spec not in ("station", "centre") and not (
            spec.startswith("department:") and spec.split(":", 1)[1] in Department.values
        ):
            errors.append(f"routing {spec!r} is not station, centre or department:<{'|'.join(Department.values)}>")
    for urgency, steps in (entry.get("deadlines") or {}).items():
        if urgency not in ("normal", "urgent"):
            errors.append(f"deadline urgency {urgency!r} is not normal or urgent")
        for step, spec in (steps or {}).items():
            if step not in STEPS:
                errors.append(f"deadline step {step!r} is not one of {', '.join(STEPS)}")
            try:
                parse_spec(spec)
            except BadSpec as exc:
                errors.append(str(exc))
    return errors


def import_categories(data: dict[str, Any] | None = None) -> dict[str, Any]:
    """Create or update categories by code; returns counts and per-code errors (nothing written on error)."""
    data = data or json.loads(SHIPPED.read_text(encoding="utf-8"))
    entries = data.get("categories") or []
    errors = {e.get("code", "?"): errs for e in entries if (errs := validate(e))}
    if errors:
        return {"imported": 0, "errors": errors}
    with transaction.atomic():
        by_code: dict[str, Category] = {}
        for e in sorted(entries, key=lambda e: len(e["code"])):
            cat, _ = Category.objects.update_or_create(code=e["code"], defaults={
                "name": e["name"], "name_en": e.get("name_en", ""), "parent": by_code.get(e.get("parent", "")),
                "routing": e.get("routing") or {}, "deadlines": e.get("deadlines") or {},
                "self_handle_allowed": bool(e.get("self_handle_allowed")),
                "active": bool(e.get("parent")),  # the big classes group; the small classes are chosen
            })
            by_code[cat.code] = cat
    return {"imported": len(entries), "errors": {}}


def load_shipped_if_empty(**kwargs: Any) -> None:
    if not Category.objects.exists():
        import_categories()


# -- the catalogue in this process ------------------------------------------------------------------------------

def _read() -> dict[str, dict[Any, Category]]:
    found = list(Category.objects.all())
    return {"pk": {c.pk: c for c in found}, "code": {c.code: c for c in found}}


# Read again when the table's revision token moved (a change in any process) or a category asked for is missing.
_categories = Cached(_read, Category)


def category(pk: int) -> Category:
    """The category with this id (KeyError if there is none)."""
    found = _categories.get()["pk"].get(pk)
    return found if found is not None else _categories.get(fresh=True)["pk"][pk]


def category_by_code(code: str) -> Category | None:
    found = _categories.get()["code"].get(code)
    return found if found is not None else _categories.get(fresh=True)["code"].get(code)
