"""Reads that may lag go to a streaming replica; everything else, and every read right after one's own write, to the
primary.

``DATABASE_REPLICA_URLS`` (comma-separated PostgreSQL URLs) adds the aliases ``replica1``, ``replica2`` … beside
``default`` (settings.py). Without it this module changes nothing: the router answers ``None`` and Django uses
``default``, and the middleware sets no cookie.

**One mechanism to declare a read that may lag: ``may_lag``**, a decorator (``@may_lag``) that is also a context
manager (``with may_lag():``). A view (placed below ``login_required``, so that the session and the user are still
read from the primary) or a block wraps the reads whose answer may be a second old: the dashboard, the map's data, the
desk's and the API's case lists. Inside it the router sends ORM reads to a replica chosen at random for the block;
outside it (the default) every read goes to the primary. Reads are never sent to a replica inside a transaction on the
primary (they must see its writes), and writes always go to the primary, also for objects read from a replica. The
engine's hot statements (``gridgov.rows``, ``cases.store``) use the primary's connection directly and are never
routed.

**Read-your-writes: a short pin to the primary, carried by the client.** ``PinAfterWrite`` (a middleware) marks any
request with an unsafe method (POST, PUT, PATCH, DELETE: every write a person makes goes through one) as pinned
for the whole request, and answers it with the cookie ``gridgov_primary`` living ``GRIDGOV_REPLICA_PIN_SECONDS``
(default 10); a request carrying that cookie is pinned too. So the dashboard or the desk list a person opens right
after acting is read from the primary and shows their change, while everybody else keeps reading from the
replicas. Why a cookie rather than a pin kept on the server: several app nodes share no memory, and a pin kept in
the database would cost a query on the primary before every read, the load the replicas are there to take away;
the cookie travels with the browser or the phone (``fetch`` keeps same-origin cookies) to whichever node answers
next. Forging or keeping the cookie only sends one's own reads to the primary, so it needs no signature. A write
made inside a ``may_lag`` block (rare) pins the rest of that request as well.
"""

from __future__ import annotations

import inspect
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpRequest, HttpResponse

V = TypeVar("V", bound=Callable[..., Any])
PIN_COOKIE = "gridgov_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_read_from: ContextVar[str] = ContextVar("gridgov_read_from", default=DEFAULT_DB_ALIAS)  # set by may_lag
_pinned: ContextVar[bool] = ContextVar("gridgov_pinned", default=False)


def replica_aliases() -> list[str]:
    """The replicas' aliases (settings.py makes them from DATABASE_REPLICA_URLS)."""
    return [alias for alias in connections.settings if alias.startswith("replica")]


@contextmanager
def _lagging() -> Iterator[None]:
    """One replica for the whole block, chosen at random: the figures of one page all come from the same moment."""
    aliases = replica_aliases()
    chosen = _read_from.set(random.choice(aliases) if aliases else DEFAULT_DB_ALIAS)  # noqa: S311 - load, not secret
    pinned = _pinned.set(_pinned.get())  # a write inside the block pins the rest of it, and no further
    try:
        yield
    finally:
        _pinned.reset(pinned)
        _read_from.reset(chosen)


def may_lag(view: V | None = None) -> Any:
    """The reads of ``view`` (``@may_lag``), or inside ``with may_lag():``, may come from a replica."""
    if view is None:
        return _lagging()

    @wraps(view)
    def lagging(*args: Any, **kwargs: Any) -> Any:
        with _lagging():
            return view(*args, **kwargs)

    # django-ninja reads the parameters' types from the signature, resolving names in the function's module: the
    # wrapper's module is this one, so the view's annotations are resolved here, in the view's own module.
    lagging.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]
    return lagging


def read_alias() -> str:
    """Where an ORM read made now goes: the block's replica when the read may lag, a replica is configured, nothing
    pins the request to the primary and no transaction is open on it; else the primary."""
    alias = _read_from.get()
    if alias == DEFAULT_DB_ALIAS or _pinned.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return alias


@contextmanager
def planned_with_values() -> Iterator[None]:
    """The block's reads planned with their own values and run by one process on PostgreSQL, in one read
    transaction on the database reads go to (``SET LOCAL``: reset when it ends). Statements run twice on a
    connection are prepared (settings: ``prepare_threshold``), and after five runs PostgreSQL may keep a generic
    plan; the dashboard's statements carry lists of scopes that change with every area and period, and their generic
    plans read more (``plan_cache_mode = force_custom_plan``: a city's dashboard 133 → 96 ms p50 at 10 M cases).
    Its statements are many small index scans, for which starting parallel workers costs more than it saves
    (``max_parallel_workers_per_gather = 0``: 106 → 94 ms). Measured with the data of ``gridgov bench dashboard``."""
    alias = read_alias()
    if connections[alias].vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=alias), connections[alias].cursor() as cur:
        cur.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        cur.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        alias = read_alias()
        return None if alias == DEFAULT_DB_ALIAS else alias

    def db_for_write(self, model: Any, **hints: Any) -> str:
        if _read_from.get() != DEFAULT_DB_ALIAS:
            _pinned.set(True)  # the rest of this block reads what it wrote
        return DEFAULT_DB_ALIAS  # also for an object read from a replica (Django would otherwise save it there)

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        same = {DEFAULT_DB_ALIAS, *replica_aliases()}
        return True if obj1._state.db in same and obj2._state.db in same else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db.startswith("replica") else None  # a replica follows the primary's schema


class PinAfterWrite:
    """Pins to the primary every request that writes, and the client's requests for a few seconds after (see the
    module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_aliases():
            return self.get_response(request)
        writes = request.method not in SAFE_METHODS
        token = _pinned.set(writes or PIN_COOKIE in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if writes:
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.GRIDGOV_REPLICA_PIN_SECONDS, httponly=True,
                                samesite="Lax", secure=request.is_secure())
        return response
