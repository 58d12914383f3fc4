"""The mediation chain of a dispute, read from its timeline: each stage (mediation by a body, escalation, referral to
administrative mediation, arbitration or the court) with its unit, deadline, sessions and outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

STAGE_LABELS = {"mediation": _("mediation"), "escalated": _("mediation one level up"),
                "administrative_mediation": _("administrative mediation"),
                "labour_arbitration": _("labour arbitration"), "court": _("court litigation service")}
OUTCOME_LABELS = {"agreement": _("agreement"), "partial": _("partial agreement"), "failed": _("failed")}


@dataclass
class Stage:
    kind: str
    unit: str
    started: datetime
    due: datetime | None
    sessions: list[dict[str, Any]] = field(default_factory=list)
    outcome: str = ""

    @property
    def label(self) -> Any:
        return STAGE_LABELS.get(self.kind, self.kind)

    @property
    def outcome_label(self) -> Any:
        return OUTCOME_LABELS.get(self.outcome, self.outcome)


def chain(entries: list[Any]) -> list[Stage]:
    stages: list[Stage] = []
    for e in entries:
        due = parse_datetime(e.data["handle_due"]) if e.data.get("handle_due") else None
        if e.action in ("dispatch", "escalate", "refer"):
            if stages and not stages[-1].outcome and e.action == "refer":
                stages[-1].outcome = "failed"
            kind = {"dispatch": "mediation", "escalate": "escalated"}.get(e.action) or e.data.get("stage", "")
            stages.append(Stage(kind, e.data.get("unit_name", ""), e.at, due))
        elif e.action == "record_session" and stages:
            stages[-1].sessions.append({"held_on": e.data.get("held_on"), "participants": e.data.get("participants"),
                                        "notes": e.note})
        elif e.action == "submit_feedback" and stages:
            stages[-1].outcome = e.data.get("outcome", "")
        elif e.action == "approve_extension" and stages:
            stages[-1].due = due or stages[-1].due
    return stages


def agreement_entry(entries: list[Any]) -> Any:
    """The feedback that recorded the agreement now in force (None when the last outcome was not an agreement)."""
    feedback = [e for e in entries if e.action == "submit_feedback"]
    return feedback[-1] if feedback and feedback[-1].data.get("outcome") in ("agreement", "partial") else None
