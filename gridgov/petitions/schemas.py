"""What the petition desk and API accept (validated at the edge)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from .models import PetitionChannel

MAX_PETITIONERS = 3


class PetitionerIn(BaseModel):
    name: str = Field(..., min_length=1, max_length=100)
    id_number: str = Field("", max_length=30, pattern=r"^[0-9A-Za-z]*$")
    phone: str = Field("", max_length=30, pattern=r"^[0-9+\- ]*$")


class PetitionIn(BaseModel):
    category: str = Field(..., pattern=r"^15\d\d$")
    request: str = Field(..., min_length=1, max_length=4000)
    channel: str = Field(..., pattern="^(" + "|".join(PetitionChannel.values) + ")$")
    people: int = Field(1, ge=1, le=100_000)
    lon: float = Field(..., ge=-180, le=180)
    lat: float = Field(..., ge=-90, le=90)
    departments: list[int] = Field(default_factory=list, max_length=10)
    tour_visit: int | None = None
    idempotency_key: str | None = Field(None, min_length=8, max_length=64)
    petitioners: list[PetitionerIn] = Field(..., min_length=1, max_length=MAX_PETITIONERS)
