"""In-process read cache of the units (a few hundred rows that change rarely), for the hot paths that only need
names and ids. Reloaded when a unit is missing or the copy is older than ``MAX_AGE`` seconds; a change saved in
this process drops it at once (``forget``)."""

from __future__ import annotations

import threading
import time
from typing import Any

from .models import Unit

MAX_AGE = 60.0
_lock = threading.Lock()
_state: dict[str, Any] = {"units": {}, "by_area": {}, "at": 0.0}


def forget(*args: Any, **kwargs: Any) -> None:
    with _lock:
        _state["at"] = 0.0


def _load(missing: bool) -> dict[str, Any]:
    if missing or time.monotonic() - _state["at"] > MAX_AGE:
        with _lock:
            units = list(Unit.objects.select_related("area").order_by("code"))
            by_area: dict[str, list[Unit]] = {}
            for u in units:
                by_area.setdefault(u.area.code, []).append(u)
            _state.update(units={u.pk: u for u in units}, by_area=by_area, at=time.monotonic())
    return _state


def unit(pk: int | None) -> Unit | None:
    if pk is None:
        return None
    return _load(pk not in _state["units"])["units"].get(pk)


def serving(area_code: str) -> list[Unit]:
    """The units bound to exactly this area, by code."""
    return _load(False)["by_area"].get(area_code, [])
