"""What the petition desk and API accept (validated at the edge)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from gridgov.types import Id, Lat, Lon, Text

from .models import PetitionChannel

MAX_PETITIONERS = 3


class PetitionerIn(BaseModel):
    name: Text(100, min_length=1)
    id_number: str = Field("", max_length=30, pattern=r"^[0-9A-Za-z]*$")
    phone: str = Field("", max_length=30, pattern=r"^[0-9+\- ]*$")


class PetitionIn(BaseModel):
    category: str = Field(..., pattern=r"^15\d\d$")
    request: Text(4000, min_length=1)
    channel: str = Field(..., pattern="^(" + "|".join(PetitionChannel.values) + ")$")
    people: int = Field(1, ge=1, le=100_000)
    lon: Lon
    lat: Lat
    departments: list[Id] = Field(default_factory=list, max_length=10)
    tour_visit: Id | None = None
    idempotency_key: Text(64, min_length=8) | None = None
    confirm_location: bool = Field(False, description="record a point outside your jurisdiction, or far from your "
                                                      "area, after the answer 409 asked you to check it")
    petitioners: list[PetitionerIn] = Field(..., min_length=1, max_length=MAX_PETITIONERS)
