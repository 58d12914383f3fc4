"""A fixed, movable clock for account tests: django.utils.timezone.now answers it (tokens, sessions, audit)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> datetime:
        self.now += timedelta(**kw)
        return self.now


@pytest.fixture(name="clock")
def clock_fixture(monkeypatch) -> Clock:
    """Import ``clock_fixture`` into a test module to use the ``clock`` fixture there."""
    c = Clock()
    monkeypatch.setattr("django.utils.timezone.now", c)
    for name in ("axes.attempts.now", "axes.handlers.proxy.now"):  # django-axes imports it by name
        monkeypatch.setattr(name, c)
    return c
