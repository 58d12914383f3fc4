"""What the case API accepts and returns (validated at the edge)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema

from .models import Channel, Kind, Urgency
from .rules import ACTIONS

CrsName = Literal["wgs84", "gcj02", "bd09", "cgcs2000"]
ActionName = Literal[ACTIONS]  # type: ignore[valid-type]


class CaseIn(Schema):
    category: str = Field(..., min_length=2, max_length=10, description="category code, e.g. 0102")
    description: str = Field(..., min_length=1, max_length=4000)
    lon: float = Field(..., ge=-180, le=180)
    lat: float = Field(..., ge=-90, le=90)
    crs: CrsName = "wgs84"
    channel: Literal[tuple(Channel.values)] = "grid_app"  # type: ignore[valid-type]
    urgency: Literal[tuple(Urgency.values)] = "normal"  # type: ignore[valid-type]
    idempotency_key: str | None = Field(None, min_length=8, max_length=64)
    citizen_name: str = Field("", max_length=50)
    citizen_phone: str = Field("", max_length=30, pattern=r"^[0-9+\- ]*$")
    self_handle: bool = False


class ActionIn(Schema):
    action: ActionName
    note: str = Field("", max_length=4000)
    unit: int | None = None
    passed: bool | None = None
    rating: int | None = Field(None, ge=1, le=5)
    extension: str | None = Field(None, max_length=10)
    into: int | None = None
    also: list[int] | None = Field(None, max_length=10, description="dispatch: other units joining the reception")
    outcome: Literal["agreement", "partial", "failed"] | None = Field(None, description="a dispute's feedback")
    first_visit: bool | None = Field(None, description="feedback: solved at the first visit")
    held_on: date | None = Field(None, description="record_session: the day it was held")
    participants: str | None = Field(None, max_length=500)
    stage: Literal["administrative_mediation", "labour_arbitration", "court"] | None = None
    held: bool | None = Field(None, description="follow_up: did the agreement hold?")
    attachments: list[int] = Field(default_factory=list, max_length=20, description="ids of uploaded files")

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
    status: str | None = None
    area: str | None = Field(None, pattern=r"^\d{6,30}$")
    category: str | None = None
    overdue: bool | None = None
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=500)


class CasePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CaseOut]


class KpiQuery(Schema):
    area: str | None = Field(None, pattern=r"^\d{6,30}$")
    unit: int | None = None
    worker: int | None = None
    from_: date = Field(..., alias="from")
    to: date


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
