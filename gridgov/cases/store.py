"""The engine's reads that run on every report or action, as statements written once (``gridgov.rows``).

Plain functions rather than queryset methods on purpose: they do not honour a queryset's filters, so they must not
be chainable after ``visible_to``; callers check visibility themselves (``actions.visible``).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from django.db import connection

from gridgov.rows import Columns, fetch_all, fetch_one, for_update

from .models import OPEN_STATUSES, Attachment, Case, TimelineEntry


@cache
def _case_columns() -> Columns:
    return Columns(Case, "c")


@cache
def _history_columns() -> tuple[Columns, Columns]:
    return Columns(TimelineEntry, "e"), Columns(Attachment, "a")


def _one_case(where: str, values: list[object], lock: bool) -> Case | None:
    cols = _case_columns()
    row = fetch_one(f"SELECT {cols.sql} FROM {Case._meta.db_table} c WHERE {where}{for_update() if lock else ''}",
                    values)
    return cols.build(row) if row else None


def case_by_id(pk: int, *, lock: bool = False) -> Case | None:
    """The case (``lock``: locked until the transaction ends); every action reads its case this way."""
    return _one_case("c.id = %s", [pk], lock)


def case_by_idempotency_key(key: str, reporter_id: int | None) -> Case | None:
    """The case this sender's report with this key created (every report from a phone asks first). Keys belong to
    their sender: the same key from another user is another report; a citizen's key is a digest (``sender_key``)."""
    if reporter_id is None:
        return _one_case("c.reporter_id IS NULL AND c.idempotency_key = %s", [key], False)
    return _one_case("c.reporter_id = %s AND c.idempotency_key = %s", [reporter_id, key], False)


def open_cases_near(category_id: int, lon: tuple[float, float], lat: tuple[float, float], since: datetime,
                    exclude: int | None = None, limit: int = 20) -> list[Case]:
    """Open cases of a category inside a lon/lat box reported since a moment, oldest first (duplicates)."""
    cols = _case_columns()
    marks = ", ".join(["%s"] * len(OPEN_STATUSES))
    sql = (f"SELECT {cols.sql} FROM {Case._meta.db_table} c WHERE c.category_id = %s AND c.status IN ({marks}) "
           f"AND c.lon BETWEEN %s AND %s AND c.lat BETWEEN %s AND %s AND c.created_at >= %s AND c.id <> %s "
           f"ORDER BY c.created_at, c.id LIMIT {int(limit)}")
    found = fetch_all(sql, [category_id, *OPEN_STATUSES, *lon, *lat,
                            connection.ops.adapt_datetimefield_value(since), exclude or 0])
    return [cols.build(row) for row in found]


def history(case_id: int) -> list[TimelineEntry]:
    """A case's timeline in order, each entry with ``files``: its attachments. One statement for both."""
    entry_cols, file_cols = _history_columns()
    sql = (f"SELECT {entry_cols.sql}, {file_cols.sql} FROM {TimelineEntry._meta.db_table} e "
           f"LEFT JOIN {Attachment._meta.db_table} a ON a.entry_id = e.id WHERE e.case_id = %s "
           f"ORDER BY e.at, e.id, a.id")
    entries: list[TimelineEntry] = []
    for row in fetch_all(sql, [case_id]):
        if not entries or entries[-1].pk != row[entry_cols.pk_index]:
            entries.append(entry_cols.build(row))
            entries[-1].files = []
        if (file := file_cols.build(row, entry_cols.width)) is not None:
            entries[-1].files.append(file)
    return entries
