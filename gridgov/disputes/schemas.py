"""What the dispute desk and API accept (validated at the edge)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from gridgov.types import Lat, Lon, Text

from .models import DisputeType, FoundBy, Risk

MAX_PARTIES = 4


class PartyIn(BaseModel):
    kind: str = Field("person", pattern="^(person|organisation)$")
    role: Text(30) = ""
    name: Text(100, min_length=1)
    id_number: str = Field("", max_length=30, pattern=r"^[0-9A-Za-z]*$")
    phone: str = Field("", max_length=30, pattern=r"^[0-9+\- ]*$")


class DisputeIn(BaseModel):
    dispute_type: str = Field(..., pattern="^(" + "|".join(DisputeType.values) + ")$")
    found_by: str = Field(..., pattern="^(" + "|".join(FoundBy.values) + ")$")
    risk: str = Field("low", pattern="^(" + "|".join(Risk.values) + ")$")
    description: Text(4000, min_length=1)
    lon: Lon
    lat: Lat
    people_involved: int = Field(2, ge=1, le=100_000)
    amount: Decimal | None = Field(None, ge=0, le=Decimal("999999999999"))
    idempotency_key: Text(64, min_length=8) | None = None
    confirm_location: bool = Field(False, description="record a point outside your jurisdiction, or far from your "
                                                      "area, after the answer 409 asked you to check it")
    parties: list[PartyIn] = Field(..., min_length=1, max_length=MAX_PARTIES)
