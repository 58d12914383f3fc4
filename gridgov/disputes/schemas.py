"""What the dispute desk and API accept (validated at the edge)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from .models import DisputeType, FoundBy, Risk

MAX_PARTIES = 4


class PartyIn(BaseModel):
    kind: str = Field("person", pattern="^(person|organisation)$")
    role: str = Field("", max_length=30)
    name: str = Field(..., min_length=1, max_length=100)
    id_number: str = Field("", max_length=30, pattern=r"^[0-9A-Za-z]*$")
    phone: str = Field("", max_length=30, pattern=r"^[0-9+\- ]*$")


class DisputeIn(BaseModel):
    dispute_type: str = Field(..., pattern="^(" + "|".join(DisputeType.values) + ")$")
    found_by: str = Field(..., pattern="^(" + "|".join(FoundBy.values) + ")$")
    risk: str = Field("low", pattern="^(" + "|".join(Risk.values) + ")$")
    description: str = Field(..., min_length=1, max_length=4000)
    lon: float = Field(..., ge=-180, le=180)
    lat: float = Field(..., ge=-90, le=90)
    people_involved: int = Field(2, ge=1, le=100_000)
    amount: Decimal | None = Field(None, ge=0, le=Decimal("999999999999"))
    idempotency_key: str | None = Field(None, min_length=8, max_length=64)
    parties: list[PartyIn] = Field(..., min_length=1, max_length=MAX_PARTIES)
