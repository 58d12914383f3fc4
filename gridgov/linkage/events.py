"""The alarm event types, held as data (``event_types.json``, or the file named by ``GRIDGOV_ALARM_EVENT_TYPES``):
each maps onto a category of the catalogue and an urgency."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language

SHIPPED = Path(__file__).resolve().parent / "event_types.json"


@dataclass(frozen=True)
class EventType:
    code: str
    name: str
    name_en: str
    category: str
    urgency: str

    @property
    def label(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") and self.name_en else self.name


@cache
def _load(path: str) -> dict[str, EventType]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))["event_types"]
    return {code: EventType(code, e["name"], e.get("name_en", ""), e["category"], e.get("urgency", "normal"))
            for code, e in data.items()}


def event_types() -> dict[str, EventType]:
    return _load(str(getattr(settings, "GRIDGOV_ALARM_EVENT_TYPES", "") or SHIPPED))
