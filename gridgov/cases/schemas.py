"""What the case API accepts and returns (validated at the edge)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema

from gridgov.types import Day, Id, Lat, Lon, Page, Text

from .models import Channel, Kind, Urgency
from .rules import RULES, SYSTEM

CrsName = Literal["wgs84", "gcj02", "bd09", "cgcs2000"]
ActionName = Literal[tuple(n for n, r in RULES.items() if SYSTEM not in r.roles)]  # type: ignore[valid-type]
Key = Text(64, min_length=8)


# A 110 transfer carries the police incident number: it comes in through POST /api/v1/police/transfers only.
REPORTED_CHANNELS = tuple(c for c in Channel.values if c != Channel.POLICE_110)


class CaseIn(Schema):
    category: str = Field(..., pattern=r"^[0-9A-Za-z]{2,10}$", description="category code, e.g. 0102")
    description: Text(4000, min_length=1)
    lon: Lon
    lat: Lat
    crs: CrsName = "wgs84"
    channel: Literal[REPORTED_CHANNELS] = "grid_app"  # type: ignore[valid-type]
    urgency: Literal[tuple(Urgency.values)] = "normal"  # type: ignore[valid-type]
    idempotency_key: Key | None = None
    citizen_name: Text(50) = ""
    citizen_phone: str = Field("", max_length=30, pattern=r"^[0-9+\- ]*$")
    self_handle: bool = False
    confirm_location: bool = Field(False, description="report a point outside your jurisdiction, or far from your "
                                                      "grid, after the answer 409 asked you to check it")


class ActionIn(Schema):
    action: ActionName
    note: Text(4000) = ""
    unit: Id | None = None
    passed: bool | None = None
    rating: int | None = Field(None, ge=1, le=5)
    extension: Text(10) | None = None
    into: Id | None = None
    also: list[Id] | None = Field(None, max_length=10, description="dispatch: other units joining the reception")
    outcome: Literal["agreement", "partial", "failed"] | None = Field(None, description="a dispute's feedback")
    first_visit: bool | None = Field(None, description="feedback: solved at the first visit")
    held_on: Day | None = Field(None, description="record_session: the day it was held")
    participants: Text(500) | None = None
    stage: Literal["administrative_mediation", "labour_arbitration", "court"] | None = None
    held: bool | None = Field(None, description="follow_up: did the agreement hold?")
    attachments: list[Id] = Field(default_factory=list, max_length=20, description="ids of uploaded files")

    def fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.dict().items() if k not in ("action", "note", "attachments") and v is not None}


class Step(Schema):
    code: str
    name: str
    level: int


class UnitRef(Schema):
    id: int
    name: str


class Deadlines(Schema):
    register_by: datetime | None
    dispatch_by: datetime | None
    handle_by: datetime | None
    check_by: datetime | None


class CaseOut(Schema):
    id: int
    number: str
    kind: str
    status: str
    status_label: str
    category: str
    category_name: str
    urgency: str
    channel: str
    description: str
    lon: float
    lat: float
    area_path: list[Step]
    owner_unit: UnitRef | None
    handling_unit: UnitRef | None
    routed_unit: UnitRef | None
    deadlines: Deadlines
    overdue: bool
    escalations: int
    verified: bool
    self_handled: bool
    tracking_code: str
    citizen_name: str
    citizen_phone: str
    merged_into: int | None
    rating: int | None
    created_at: datetime
    closed_at: datetime | None


class AttachmentOut(Schema):
    id: int
    content_type: str
    size: int
    url: str


class Entry(Schema):
    attachments: list[AttachmentOut] = []
    at: datetime
    actor: str
    action: str
    from_status: str
    to_status: str
    note: str
    data: dict[str, Any]


class CaseDetail(CaseOut):
    timeline: list[Entry]
    allowed_actions: list[str]


class Created(CaseOut):
    possible_duplicates: list[CaseOut] = []


class CaseFilter(Schema):
    kind: Literal[tuple(Kind.values)] | None = Field(None, description="event, dispute or petition")  # type: ignore[valid-type]
    status: Text(30) | None = None
    area: str | None = Field(None, pattern=r"^\d{6,30}$")
    category: Text(10) | None = None
    overdue: bool | None = None
    page: Page = 1
    page_size: int = Field(50, ge=1, le=500)


class CasePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CaseOut]


class KpiQuery(Schema):
    area: str | None = Field(None, pattern=r"^\d{6,30}$")
    unit: Id | None = None
    worker: Id | None = None
    from_: Day = Field(..., alias="from")
    to: Day


class Kpi(Schema):
    value: float | None
    numerator: int
    denominator: int | None
    basis: Literal["flow", "cohort"] = Field(..., description="flow: events in the period; cohort: the cases "
                                             "received in the period and what became of them (docs/KPIS.md)")
    definition: str


class KpisOut(Schema):
    scope: str
    from_: date = Field(..., alias="from")
    to: date
    kpis: dict[str, Kpi]
    disputes: dict[str, Kpi] | None = Field(None, description="the disputes' figures (area scopes only)")
    petitions: dict[str, Kpi] | None = Field(None, description="the petitions' figures (area scopes only)")
    missing_calendar_years: list[int]
