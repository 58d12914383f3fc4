"""Which role may take which action in which status: declared once, enforced for the API, the pages and the admin.

``roles`` are staff roles (administrators may take every staff action); ``"reporter"`` is the user who reported the
case; ``by_handling_unit`` means the actor must belong to the unit currently handling the case.
``to`` is the status after the action (``None``: unchanged; ``"*"``: decided by the action, e.g. ``check``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import OPEN_STATUSES

R, D, INTAKE, H, GW, GL, PL, L = (
    "registered", "dispatcher", "intake_operator", "department_handler", "grid_worker", "grid_leader",
    "police_liaison", "leader",
)
UNIT_ROLES = frozenset({H, GL, D})
DESK = frozenset({D, INTAKE})
FIELD = frozenset({GW, GL, PL})


@dataclass(frozen=True)
class Rule:
    name: str
    from_statuses: frozenset[str]
    to: str | None
    roles: frozenset[str]
    by_handling_unit: bool = False
    kinds: frozenset[str] | None = None  # None: every kind of case


def rule(name: str, from_: list[str] | str, to: str | None, roles: frozenset[str] | set[str],
         by_unit: bool = False, kinds: set[str] | None = None) -> Rule:
    return Rule(name, frozenset([from_] if isinstance(from_, str) else from_), to, frozenset(roles), by_unit,
                frozenset(kinds) if kinds else None)


RULES: dict[str, Rule] = {r.name: r for r in [
    rule("register", "reported", R, DESK),
    rule("verify", ["reported", R], None, FIELD | DESK),
    rule("void", ["reported", R], "voided", DESK),
    rule("merge", ["reported", R], "merged", DESK),
    rule("dispatch", R, "dispatched", {D}),
    rule("accept", "dispatched", "in_progress", UNIT_ROLES, by_unit=True),
    rule("return", "dispatched", R, UNIT_ROLES, by_unit=True),
    rule("request_extension", "in_progress", None, UNIT_ROLES, by_unit=True),
    rule("approve_extension", "in_progress", None, {D}),
    rule("reject_extension", "in_progress", None, {D}),
    rule("submit_feedback", "in_progress", "feedback", UNIT_ROLES, by_unit=True),
    rule("check", "feedback", "*", FIELD | {D}),
    rule("rework", ["check_failed", "checked"], "in_progress", {D}),
    rule("close", "checked", "closed", DESK),
    rule("escalate", ["dispatched", "in_progress"], "dispatched", UNIT_ROLES | {D}),
    rule("supervise", OPEN_STATUSES, None, {D, L}),
    rule("suspend", ["dispatched", "in_progress"], "suspended", {D}),
    rule("resume", "suspended", "*", {D}),
    rule("reopen", "closed", R, {D, "reporter"}),
    rule("rate", "closed", None, {"reporter"}),
    rule("comment", [*OPEN_STATUSES, "closed"], None, DESK | FIELD | UNIT_ROLES | {L, "reporter"}),
    # disputes: mediation sessions, referral on along the chain, follow-up visits after an agreement
    rule("record_session", "in_progress", None, UNIT_ROLES, by_unit=True, kinds={"dispute"}),
    rule("refer", "in_progress", "dispatched", UNIT_ROLES | {D}, by_unit=True, kinds={"dispute"}),
    rule("follow_up", "closed", None, FIELD | UNIT_ROLES | {D}, kinds={"dispute"}),
    # the system's own, never a person's: the scan marks a case overdue when the deadline it runs against has passed
    rule("overdue", ["reported", R, "dispatched", "in_progress"], None, {"system"}),
]}
SYSTEM = "system"  # the scan's actor; a rule whose roles are {SYSTEM} is never a person's
ACTIONS = tuple(RULES)

# What people read for each action (and for the timeline's own entries).
ACTION_LABELS = {
    "report": _("reported"), "self_handle": _("solved on the spot"), "overdue": _("overdue"),
    "register": _("Register"), "verify": _("Verify on site"), "void": _("Void"), "merge": _("Merge into another case"),
    "dispatch": _("Dispatch"), "accept": _("Accept"), "return": _("Return: not ours"),
    "request_extension": _("Request an extension"), "approve_extension": _("Approve the extension"),
    "reject_extension": _("Reject the extension"), "submit_feedback": _("Submit feedback"), "check": _("Check on site"),
    "rework": _("Send back for rework"), "close": _("Close"), "escalate": _("Escalate one level up"),
    "supervise": _("Supervise"), "suspend": _("Suspend"), "resume": _("Resume"), "reopen": _("Reopen"),
    "rate": _("Rate"), "comment": _("Comment"), "record_session": _("Record a mediation session"),
    "refer": _("Refer on (arbitration, court …)"), "follow_up": _("Follow-up visit"),
}
# Which fields an action's form asks for besides the note; and whose note is required.
ACTION_FIELDS = {"dispatch": ("unit",), "check": ("passed",), "request_extension": ("extension",), "merge": ("into",),
                 "rate": ("rating",), "submit_feedback": ("photos",), "record_session": ("held_on", "participants"),
                 "refer": ("stage",), "follow_up": ("held",)}
NOTE_REQUIRED = frozenset({"void", "return", "submit_feedback", "supervise", "suspend", "comment", "record_session",
                           "refer", "follow_up"})

# What a kind asks of the shared actions: fields its feedback must carry, how long its reporter may ask for a
# review after closure (days), the longest extension it allows.
FEEDBACK_FIELDS = {"dispute": "outcome"}
OUTCOMES = ("agreement", "partial", "failed")
REOPEN_DAYS = {"petition": 30}
MAX_EXTENSION = {"petition": "30d"}
REPLY_FROM_ACCEPTANCE = frozenset({"petition"})  # the handling (reply) deadline runs from registration, not dispatch
# Where a failed mediation goes next, with the time limit of each stage.
REFERRAL_STAGES = {
    "administrative_mediation": ("justice", "30d"),
    "labour_arbitration": ("human_resources", "45d"),
    "court": ("court", "7d"),
}
