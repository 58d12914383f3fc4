"""Tracking codes are the citizen's only key to a case, so guessing them is throttled per address: after
``GRIDGOV_TRACKING_FAILURES_PER_HOUR`` unknown codes from one address in a clock hour, every lookup from it (known
codes included, or the answer would still tell a hit from a miss) is refused with 429 until the hour ends. The
count lives in the database (``gridgov.throttle``), so it holds across worker processes and restarts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.utils.translation import gettext as _

from gridgov.throttle.counters import hit, used_up

from .actions import ActionError, NotFound

T = TypeVar("T")


class TooManyGuesses(ActionError):
    status_code = 429


def looked_up(address: str, lookup: Callable[..., T], /, *args: object, **kwargs: object) -> T:
    """``lookup(*args, **kwargs)`` for a caller at ``address``, unless the address used up its misses; a lookup that
    finds no case counts one miss."""
    key, limit = f"tracking-miss:{address}", settings.GRIDGOV_TRACKING_FAILURES_PER_HOUR
    if used_up(key, limit):
        raise TooManyGuesses(_("too many unknown tracking codes from this address; please try again in an hour or "
                               "call the hotline"))
    try:
        return lookup(*args, **kwargs)
    except NotFound:
        hit(key, limit)
        raise
