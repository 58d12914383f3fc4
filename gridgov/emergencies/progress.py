"""A campaign's progress, summed upward from its grid tasks: every level's figures are sums of the same grid rows,
so a village is the sum of its grids, a township of its villages, the district of its townships."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from gridgov.cases.models import Status
from gridgov.geo.models import Area, code_length, level_of_code

from .models import DailyReport, Emergency, GridTask, NeedCase

FIGURES = ("grids", "target", "visited", "nobody_home", "needs_found", "needs_met", "not_reporting")


def _rows(e: Emergency, reader: Any = None, within: str = "") -> list[dict]:
    tasks = GridTask.objects.filter(emergency=e)
    if reader is not None:
        tasks = tasks.visible_to(reader)
    if within:
        tasks = tasks.filter(area_code__startswith=within)
    return list(tasks.values("pk", "area_code", "target", "visited", "nobody_home", "needs_found", "needs_met"))


def grid_rows(e: Emergency, day: date, reader: Any = None, within: str = "") -> list[dict]:
    """One row per grid task: its counters, the needs met through closed cases added, and whether it reported."""
    rows = _rows(e, reader, within)
    ids = [r["pk"] for r in rows]
    met = defaultdict(int)
    for task_id in NeedCase.objects.filter(task__emergency=e, case__status=Status.CLOSED).values_list("task_id",
                                                                                                      flat=True):
        met[task_id] += 1
    reported = set(DailyReport.objects.filter(task__emergency=e, day=day).values_list("task_id", flat=True))
    for r in rows:
        r["needs_met"] += met[r["pk"]]
        r["grids"] = 1
        r["not_reporting"] = 0 if r["pk"] in reported else 1
    return rows if ids else []


def by_level(e: Emergency, day: date, reader: Any = None, deepest: int = 3, within: str = "") -> dict[int, list[dict]]:
    """{level: [{code, name, figures…}]} from the emergency's own level down to ``deepest`` (the grids' own level
    when larger), each area's figures summed from its grids."""
    rows = grid_rows(e, day, reader, within)
    sums: dict[str, dict[str, int]] = {}
    top = e.area.level
    for r in rows:
        leaf = level_of_code(r["area_code"]) or top
        for level in range(top, min(deepest, leaf) + 1):
            code = r["area_code"][:code_length(level)]
            acc = sums.setdefault(code, dict.fromkeys(FIGURES, 0))
            for f in FIGURES:
                acc[f] += r[f]
    names = dict(Area.objects.filter(code__in=list(sums)).values_list("code", "name"))
    out: dict[int, list[dict]] = {}
    for code in sorted(sums):
        out.setdefault(level_of_code(code) or top, []).append({"code": code, "name": names.get(code, ""),
                                                               **sums[code]})
    return out


def totals(e: Emergency, day: date | None = None) -> dict[str, int]:
    from django.utils import timezone

    rows = grid_rows(e, day or timezone.localdate())
    return {f: sum(r[f] for r in rows) for f in FIGURES}


def missing(e: Emergency, day: date, reader: Any = None) -> list[dict]:
    """The grids that have not reported on ``day`` (visits or "nothing to report")."""
    rows = [r for r in grid_rows(e, day, reader) if r["not_reporting"]]
    names = dict(Area.objects.filter(code__in=[r["area_code"] for r in rows]).values_list("code", "name"))
    return [{"code": r["area_code"], "name": names.get(r["area_code"], "")} for r in rows]
