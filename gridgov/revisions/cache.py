"""Per-process copies of small tables that change rarely, kept right when several processes change them.

Every table with a copy has a ``Revision`` row whose token changes in the same transaction as any change to the
table: saves and deletes through the ORM bump it by signal (so do the back office's), and writes that send no
signal (``bulk_create``, raw SQL) call ``bump``. The tokens of all the tables are read in one statement at the first
use of a copy after a request starts (``request_started``) or after the worker's loop asks (``check_at_next_use``):
a request that uses no copy pays nothing, one that uses several pays one small query. A copy whose tables' tokens
moved since it was read is read again. A change made in this process is seen by it at once (its copies are read
again at their next use) and once more after the next check, in case the change was rolled back.
"""

from __future__ import annotations

import itertools
import threading
import uuid
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db import connection, models
from django.db.models.signals import post_delete, post_save

from .models import Revision

T = TypeVar("T")
_asks = itertools.count(1)
_state: dict[str, Any] = {"asked": 0, "read": None, "tokens": {}}
_TABLE = Revision._meta.db_table


def check_at_next_use(**kwargs: Any) -> None:
    """Read the tokens again at the next use of any copy (at the start of each request; by the worker's loop)."""
    _state["asked"] = next(_asks)


def tokens(tables: tuple[str, ...]) -> tuple[str, ...]:
    """The tables' tokens as last read (read now when a check was asked for since); "" for a table never changed."""
    asked = _state["asked"]
    if _state["read"] != asked:
        with connection.cursor() as cur:
            cur.execute(f"SELECT name, token FROM {_TABLE}")
            _state["tokens"] = dict(cur.fetchall())
        _state["read"] = asked
    known = _state["tokens"]
    return tuple(known.get(t, "") for t in tables)


def bump(*tables: str) -> None:
    """A new token for each table, written in the current transaction (the change's own, when there is one)."""
    changed = {}
    with connection.cursor() as cur:
        for table in tables:
            changed[table] = uuid.uuid4().hex
            cur.execute(f"INSERT INTO {_TABLE} (name, token) VALUES (%s, %s) "
                        f"ON CONFLICT (name) DO UPDATE SET token = excluded.token", [table, changed[table]])
    # This process's copies are read again at their next use, and again after the next check: the token a copy
    # records now ("~…") is one the database never holds, whether the change commits or is rolled back.
    _state["tokens"] = {**_state["tokens"], **{t: f"~{token}" for t, token in changed.items()}}


def watch(model: type[models.Model]) -> None:
    """Bump the model's table on every save and delete through the ORM."""
    table = model._meta.db_table

    def changed(**kwargs: Any) -> None:
        bump(table)

    for signal in (post_save, post_delete):
        signal.connect(changed, sender=model, weak=False, dispatch_uid=f"gridgov-revision-{table}-{id(signal)}")


class Cached(Generic[T]):
    """What ``load`` reads from the tables of ``models``, kept in the process until one of their tokens moves."""

    def __init__(self, load: Callable[[], T], *watched: type[models.Model]) -> None:
        self._load = load
        self.tables = tuple(m._meta.db_table for m in watched)
        self._copy: tuple[tuple[str, ...], T] | None = None
        self._lock = threading.Lock()
        for model in watched:
            watch(model)

    def get(self, fresh: bool = False) -> T:
        """The copy; read again when the tables changed, or when ``fresh`` (something looked for was missing)."""
        current = tokens(self.tables)
        copy = self._copy
        if fresh or copy is None or copy[0] != current:
            with self._lock:
                copy = self._copy
                if fresh or copy is None or copy[0] != current:
                    copy = self._copy = (current, self._load())  # the tokens read before the tables: never newer
        return copy[1]

    def forget(self) -> None:
        self._copy = None
