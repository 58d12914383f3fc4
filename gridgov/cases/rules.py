"""Which role may take which action in which status: declared once, enforced for the API, the pages and the admin.

``roles`` are staff roles (administrators may take every staff action but those ``staff_may`` refuses);
``"reporter"`` is the user who reported the case; ``"citizen"`` whoever holds the case's tracking code (no login,
through ``cases.tracking``); ``unit_bound`` are the roles that must belong to the unit currently handling the case
to take it (a unit acts on the cases it handles; the desk and the field act on the cases of their area).
``to`` is the status after the action (``None``: unchanged; ``"*"``: decided by the action, e.g. ``check``).
Every action also needs the case to be visible to the actor (``Case.objects.visible_to``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .models import OPEN_STATUSES

R, D, INTAKE, H, GW, GL, PL, L = (
    "registered", "dispatcher", "intake_operator", "department_handler", "grid_worker", "grid_leader",
    "police_liaison", "leader",
)
CITIZEN = "citizen"  # whoever holds the case's tracking code, without a login
UNIT_ROLES = frozenset({H, GL, D})
DESK = frozenset({D, INTAKE})
FIELD = frozenset({GW, GL, PL})


# Who sees which cases: the cases located in one's jurisdiction, plus those one's unit handles or handled. A department
# serves the whole district, so its jurisdiction says nothing about which cases are its business: it sees only the
# cases its unit handles or handled (dispatched, joined for a joint reception, escalated or referred to it).
SEES_ONLY_ITS_UNITS_CASES = frozenset({H})


@dataclass(frozen=True)
class Rule:
    name: str
    from_statuses: frozenset[str]
    to: str | None
    roles: frozenset[str]
    unit_bound: frozenset[str] = frozenset()  # these roles must belong to the unit handling the case
    kinds: frozenset[str] | None = None  # None: every kind of case
    staff_may: bool = True  # False: no staff member takes it, whatever their role (not even an administrator)


def rule(name: str, from_: list[str] | str, to: str | None, roles: frozenset[str] | set[str],
         by_unit: bool | set[str] = False, kinds: set[str] | None = None, staff_may: bool = True) -> Rule:
    """``by_unit``: True binds every role of the rule to the handling unit; a set binds only those roles."""
    bound = frozenset(roles) if by_unit is True else frozenset(by_unit or ())
    return Rule(name, frozenset([from_] if isinstance(from_, str) else from_), to, frozenset(roles), bound,
                frozenset(kinds) if kinds else None, staff_may)


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
    # a unit escalates what it handles (it cannot solve it at its level); a dispatcher, any case of its area
    rule("escalate", ["dispatched", "in_progress"], "dispatched", UNIT_ROLES | {D}, by_unit={H, GL}),
    rule("supervise", OPEN_STATUSES, None, {D, L}),
    rule("suspend", ["dispatched", "in_progress"], "suspended", {D}),
    rule("resume", "suspended", "*", {D}),
    rule("reopen", "closed", R, {D, "reporter", CITIZEN}),
    # the citizen's verdict, once per case, by the holder of its tracking code (RATED_BY_CITIZEN); staff never rate
    rule("rate", "closed", None, {CITIZEN}, staff_may=False),
    # anyone who sees the case (for a department: its unit handles or handled it)
    rule("comment", [*OPEN_STATUSES, "closed"], None, DESK | FIELD | UNIT_ROLES | {L, "reporter"}),
    # disputes: mediation sessions, referral on along the chain, follow-up visits after an agreement
    rule("record_session", "in_progress", None, UNIT_ROLES, by_unit=True, kinds={"dispute"}),
    rule("refer", "in_progress", "dispatched", UNIT_ROLES | {D}, by_unit=True, kinds={"dispute"}),
    # the grid's field staff and the desk visit the parties; a department only after the disputes it mediated
    rule("follow_up", "closed", None, FIELD | UNIT_ROLES | {D}, by_unit={H}, kinds={"dispute"}),
    # the system's own, never a person's: the scan marks a case overdue when the deadline it runs against has passed
    rule("overdue", ["reported", R, "dispatched", "in_progress"], None, {"system"}),
]}
SYSTEM = "system"  # the scan's actor; a rule whose roles are {SYSTEM} is never a person's
ACTIONS = tuple(RULES)

# A rating is the verdict of the citizen who brought the case: the cases that came from a citizen (the public pages,
# the hotline, the windows, a higher level's referral), disputes and petitions (their parties) and a grid worker's
# report of what a resident told them (the resident's phone recorded) are rated by the holder of the tracking code,
# once, and at most RATINGS_PER_ADDRESS a day from one address. A grid worker's own finding, one solved on the spot,
# or an alarm has no citizen to rate it.
RATED_BY_CITIZEN_CHANNELS = frozenset({"public_web", "hotline", "petition_window", "higher_level"})
RATED_BY_CITIZEN_KINDS = frozenset({"dispute", "petition"})
RATINGS_PER_ADDRESS = 3


def rated_by_citizen(case: Any) -> bool:
    if case.self_handled:
        return False
    return case.kind in RATED_BY_CITIZEN_KINDS or case.channel in RATED_BY_CITIZEN_CHANNELS or bool(case.citizen_phone)

# Which role may bring which matter in: report_case (an event, or one solved on the spot) and the kinds' own intakes
# (record_dispute, record_petition), for the API and the pages alike. Administrators may use every intake; leaders
# (read-only) and departments (they handle what is dispatched to them) use none. A citizen without a login reports
# events through the public pages only (PUBLIC_INTAKE: kind → channels).
INTAKE_ROLES: dict[str, frozenset[str]] = {
    "event": DESK | {GW, GL},  # grid staff on their rounds; the desk for calls, visits, alarms, referrals
    "self_handle": frozenset({GW}),  # solved on the spot by the grid worker who found it
    "dispute": DESK | {GW, GL, PL},  # found by screening, passed on by the police liaison, brought to the desk
    "petition": DESK,  # registered at the letters-and-visits window
}
PUBLIC_INTAKE: dict[str, frozenset[str]] = {"event": frozenset({"public_web"})}
INTAKE_LABELS = {"event": _("report cases"), "self_handle": _("record cases solved on the spot"),
                 "dispute": _("record disputes"), "petition": _("register petitions")}

# What people read for each action (and for the timeline's own entries).
ACTION_LABELS = {
    "alarm_repeat": _("alarm repeated"),  # gridgov.linkage: a repeat joined to the open case
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
