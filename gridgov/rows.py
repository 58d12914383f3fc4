"""Hand-written SQL for the few statements every API request runs, turned back into (or taken from) model instances.

The ORM compiles each queryset anew, about half a millisecond to a millisecond per statement on a small server; the
token lookup, the case read, its timeline, the case update, the timeline insert and the duplicate search run on every
report or action, so they use SQL written once from the models' own metadata (columns follow migrations),
``Model.from_db`` to build the same instances the ORM would, and the fields' own ``get_db_prep_save`` to write.
No signals are sent (none are connected to the models written this way). Everything else uses the ORM.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models


class Columns:
    """The concrete columns of ``model`` (minus ``exclude``) as ``alias.column`` for a SELECT list."""

    def __init__(self, model: type[models.Model], alias: str, exclude: Sequence[str] = ()) -> None:
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if f.name not in exclude]
        self.attnames = [f.attname for f in self.fields]
        self.sql = ", ".join(f"{alias}.{connection.ops.quote_name(f.column)}" for f in self.fields)
        self.width = len(self.fields)
        self.pk_index = self.attnames.index(model._meta.pk.attname)
        self._converters: dict[str, list[tuple[int, Any, list[Any]]]] = {}

    def build(self, row: Sequence[Any], start: int = 0) -> Any:
        """The instance held in ``row[start:start + width]``; None when its primary key is NULL (an outer join)."""
        values = list(row[start:start + self.width])
        if values[self.pk_index] is None:
            return None
        for i, col, converters in self.converters():
            for convert in converters:
                values[i] = convert(values[i], col, connection)
        return self.model.from_db(connection.alias, self.attnames, values)

    def converters(self) -> list[tuple[int, Any, list[Any]]]:
        """What the ORM would apply to each column's raw value (dates on SQLite, JSON, …), per database vendor."""
        if connection.vendor not in self._converters:
            found = []
            for i, f in enumerate(self.fields):
                col = f.get_col(self.model._meta.db_table)
                if converters := connection.ops.get_db_converters(col) + f.get_db_converters(connection):
                    found.append((i, col, converters))
            self._converters[connection.vendor] = found
        return self._converters[connection.vendor]


def for_update() -> str:
    """`` FOR UPDATE`` where the database has it (PostgreSQL); SQLite locks the whole database on write anyway."""
    return " FOR UPDATE" if connection.features.has_select_for_update else ""


def fetch_one(sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchone()


def fetch_all(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def insert(obj: models.Model) -> None:
    """INSERT ``obj`` and set its primary key: what ``save()`` does for a new row, without compiling a query or
    sending signals (none are connected to the models written this way). ``auto_now_add`` fields are filled."""
    meta = obj._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    with connection.cursor() as cur:
        if connection.features.can_return_columns_from_insert:
            cur.execute(f"{sql} RETURNING {quote(meta.pk.column)}", values)
            obj.pk = cur.fetchone()[0]
        else:
            cur.execute(sql, values)
            obj.pk = cur.lastrowid
    obj._state.adding, obj._state.db = False, connection.alias


def update(obj: models.Model, names: Sequence[str]) -> None:
    """UPDATE the named fields of ``obj`` (attribute or field names), as ``save(update_fields=names)`` would:
    ``auto_now`` fields among them are set to now. No query compiling, no signals."""
    meta = obj._meta
    fields = [meta.get_field(n) for n in dict.fromkeys(names)]  # get_field knows attribute names too
    if not fields:
        return
    values = [f.get_db_prep_save(f.pre_save(obj, False), connection) for f in fields]
    quote = connection.ops.quote_name
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {quote(meta.db_table)} SET {', '.join(f'{quote(f.column)} = %s' for f in fields)} "
                    f"WHERE {quote(meta.pk.column)} = %s", [*values, obj.pk])

