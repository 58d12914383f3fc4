"""In-process read cache of the units (a few hundred rows that change rarely), for the hot paths that only need
names and ids. Read again when the units' revision token moved (a change in any process: see
``gridgov.revisions.cache``) or when a unit asked for is missing (created since the tokens were last read)."""

from __future__ import annotations

from typing import Any

from gridgov.revisions.cache import Cached, bump

from .models import Unit


def _read() -> dict[str, Any]:
    units = list(Unit.objects.select_related("area").order_by("code"))
    by_area: dict[str, list[Unit]] = {}
    for u in units:
        by_area.setdefault(u.area.code, []).append(u)
    return {"units": {u.pk: u for u in units}, "by_area": by_area}


_units = Cached(_read, Unit)


def forget(*args: Any, **kwargs: Any) -> None:
    """Units were written without the ORM's signals (``bulk_create``): every process reads them again."""
    bump(Unit._meta.db_table)


def unit(pk: int | None, *, read_again: bool = True) -> Unit | None:
    """The unit from this process's copy; one the copy lacks is read again (created since), unless ``read_again``
    is False (hot paths that can do without it, such as ``kpis.scope_county``)."""
    if pk is None:
        return None
    found = _units.get()["units"].get(pk)
    return found if found is not None or not read_again else _units.get(fresh=True)["units"].get(pk)


def serving(area_code: str) -> list[Unit]:
    """The units bound to exactly this area, by code."""
    return _units.get()["by_area"].get(area_code, [])
