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
    label: str = ""


def rule(name: str, from_: list[str] | str, to: str | None, roles: frozenset[str] | set[str],
         by_unit: bool = False) -> Rule:
    return Rule(name, frozenset([from_] if isinstance(from_, str) else from_), to, frozenset(roles), by_unit)


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
]}
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
    "rate": _("Rate"), "comment": _("Comment"),
}
# Which fields an action's form asks for besides the note; and whose note is required.
ACTION_FIELDS = {"dispatch": ("unit",), "check": ("passed",), "request_extension": ("extension",), "merge": ("into",),
                 "rate": ("rating",), "submit_feedback": ("photos",)}
NOTE_REQUIRED = frozenset({"void", "return", "submit_feedback", "supervise", "suspend", "comment"})
