"""Bounded input types shared by every schema the API and the forms accept (pydantic ``Annotated`` types).

Each says what it accepts in words a person can act on: text without NUL characters and within a length, ids and
page numbers that fit the database, dates and moments within a sane window, finite coordinates on the globe, patrol
times. Codes from outside (areas, categories, tracking codes) are checked by a pattern where they are declared, which
keeps NUL out of them too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field, StringConstraints

MAX_ID = 2**63 - 1  # the largest primary key a 64-bit column holds
MAX_PAGE = 100_000
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)  # the holiday calendar and the deadlines live in here
NUL = "\x00"


def is_id(text: str) -> bool:
    """Whether a form's text is an id the database can hold (digits, 1 … 2^63-1)."""
    return text.isascii() and text.isdigit() and len(text) <= 19 and 1 <= int(text) <= MAX_ID  # not "²" or "٣"


def no_nul(value: str) -> str:
    if NUL in value:
        raise ValueError(_("must not contain NUL characters (code 0)"))
    return value


def not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError(_("must not be empty or only spaces"))
    return value


def sane_day(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(_("must be a date between %(first)s and %(last)s") % {"first": FIRST_DAY, "last": LAST_DAY})
    return value


def sane_moment(value: datetime) -> datetime:
    as_utc = value.astimezone(UTC) if value.tzinfo else value
    if not FIRST_DAY <= as_utc.date() <= LAST_DAY:
        raise ValueError(_("must be a moment between %(first)s and %(last)s") % {"first": FIRST_DAY,
                                                                                 "last": LAST_DAY})
    return value


def Text(max_length: int, *, min_length: int = 0) -> type[str]:
    """Text up to ``max_length`` characters, without NUL; ``min_length=1`` also refuses text of only spaces."""
    checks = [AfterValidator(no_nul), *([AfterValidator(not_blank)] if min_length else [])]
    return Annotated[str, StringConstraints(min_length=min_length, max_length=max_length), *checks]  # type: ignore[return-value]


Id = Annotated[int, Field(ge=1, le=MAX_ID, description="an id (1 … 2^63-1)")]
Page = Annotated[int, Field(ge=1, le=MAX_PAGE, description=f"page number (1 … {MAX_PAGE})")]
Day = Annotated[date, AfterValidator(sane_day), Field(description=f"a date from {FIRST_DAY} to {LAST_DAY}")]
Moment = Annotated[datetime, AfterValidator(sane_moment),
                   Field(description=f"a moment from {FIRST_DAY} to {LAST_DAY} (ISO 8601, with its offset)")]
Lon = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False, description="longitude, -180 … 180")]
Lat = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False, description="latitude, -90 … 90")]
UNIX_FIRST = int(datetime(2000, 1, 1, tzinfo=UTC).timestamp())
UNIX_LAST = int(datetime(2099, 12, 31, tzinfo=UTC).timestamp())
UnixSeconds = Annotated[float, Field(ge=UNIX_FIRST, le=UNIX_LAST, allow_inf_nan=False,
                                     description="seconds since 1970-01-01 UTC, within 2000 … 2099")]
