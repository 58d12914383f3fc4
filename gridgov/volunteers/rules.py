"""Who may take which volunteers action, declared once (as ``cases/rules.py`` does for cases).

``member``: the person whose login is linked to an active member (the volunteer on the phone); ``team_leader``: an
active staff member of the unit that leads the team (the police station or the village unit), or a system
administrator; ``CENTRE`` roles keep the catalogue's redemptions and the residents' public points. Every action also
needs its object to lie in the actor's jurisdiction (``visible_to``), except a member's own records.
"""

from __future__ import annotations

from gridgov.org.models import Role

MEMBER, TEAM_LEADER = "member", "team_leader"
CENTRE = frozenset({Role.DISPATCHER, Role.INTAKE_OPERATOR, Role.ADMINISTRATOR})

RULES: dict[str, str | frozenset[str]] = {
    "sign_in": MEMBER,
    "sign_out": MEMBER,
    "answer_call": MEMBER,
    "create_activity": TEAM_LEADER,
    "call_volunteers": TEAM_LEADER,
    "decide_attendance": TEAM_LEADER,
    "award_public_points": CENTRE,
    "redeem": CENTRE,
}
