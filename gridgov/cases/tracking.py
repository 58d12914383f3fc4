"""The citizen's view of a case by its tracking code: progress in plain words, rating and reopening (no login)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .actions import Forbidden, NotFound, Throttled, staff_of, take_action
from .models import Case, Status, TimelineEntry
from .rules import RATINGS_PER_ADDRESS, rated_by_citizen

PLAIN = {  # the steps a citizen sees, in plain words
    "report": gettext_lazy("Your report has been received"),
    "self_handle": gettext_lazy("The grid worker solved it on the spot"),
    "register": gettext_lazy("Accepted and registered"),
    "dispatch": gettext_lazy("Sent to {unit} to handle"),
    "accept": gettext_lazy("The handling unit has taken it on"),
    "return": gettext_lazy("Being sent to the right unit"),
    "escalate": gettext_lazy("Raised to {unit}"),
    "submit_feedback": gettext_lazy("The handling unit reports it done"),
    "check": gettext_lazy("Checked on site"),
    "rework": gettext_lazy("The check found it unsolved: being redone"),
    "close": gettext_lazy("Concluded"),
    "reopen": gettext_lazy("Being handled again"),
    "rate": gettext_lazy("You rated it"),
    "suspend": gettext_lazy("On hold (waiting for another procedure)"),
    "resume": gettext_lazy("Handling resumed"),
    "merge": gettext_lazy("Handled together with the same problem reported by others"),
    "void": gettext_lazy("Not accepted after verification"),
    "approve_extension": gettext_lazy("The time limit was extended"),
    "overdue": gettext_lazy("Overdue: the unit has been urged"),
    "record_session": gettext_lazy("A mediation session was held"),
    "refer": gettext_lazy("Referred to {unit}"),
    "follow_up": gettext_lazy("A follow-up visit was made"),
}


def tracked(code: str) -> tuple[Case, Case]:
    """The case behind a tracking code, and the case that carries the outcome (the one it was merged into)."""
    case = Case.objects.select_related("category").filter(tracking_code=code.upper()).first()
    if case is None:
        raise NotFound(_("no case has this tracking code"))
    outcome = case
    while outcome.merged_into_id:
        outcome = Case.objects.select_related("category").get(pk=outcome.merged_into_id)
    return case, outcome


def progress(code: str) -> dict[str, Any]:
    case, outcome = tracked(code)
    steps = []
    for e in outcome.timeline.all():
        if e.action in PLAIN:
            text = PLAIN[e.action].format(unit=e.data.get("unit_name", ""))
            steps.append({"id": e.pk, "at": timezone.localtime(e.at), "text": text})
    limit = outcome.closed_at and timezone.now() <= outcome.closed_at + timedelta(days=settings.GRIDGOV_REOPEN_DAYS)
    return {"number": outcome.number, "status": outcome.status, "status_label": str(Status(outcome.status).label),
            "category": outcome.category.name, "created_at": timezone.localtime(case.created_at),
            "closed_at": timezone.localtime(outcome.closed_at) if outcome.closed_at else None,
            "rating": outcome.rating, "can_rate": outcome.status == Status.CLOSED and outcome.rating is None
            and rated_by_citizen(outcome),
            "can_reopen": bool(outcome.status == Status.CLOSED and limit), "progress": steps}




def citizen_action(code: str, action: str, note: str = "", *, address: str | None = None, user: Any = None,
                   now: datetime | None = None, **fields: Any) -> dict[str, Any]:
    """``rate`` or ``reopen`` by whoever holds the tracking code; applied to the case that carries the outcome.

    A rating is the citizen's (``rules.RATED_BY_CITIZEN_*``): never from a staff member's session, and at most
    ``rules.RATINGS_PER_ADDRESS`` a day from one address (``address``: the client's; counted from the timeline, so
    the limit holds across processes and restarts; the address itself is kept only as a keyed digest)."""
    now = now or timezone.now()
    if action == "rate" and (staff_of(user) is not None or getattr(user, "is_superuser", False)):
        raise Forbidden(_("staff never rate a case: the citizen who brought it does, with its tracking code"))
    if action == "rate" and address:
        source = address_key(address)
        recent = TimelineEntry.objects.filter(action="rate", at__gte=now - timedelta(days=1), data__source=source)
        if recent.count() >= RATINGS_PER_ADDRESS:
            raise Throttled(_("too many ratings from this address today; please try again tomorrow"))
        fields["source"] = source
    _case, outcome = tracked(code)
    take_action(None, outcome.pk, action, note=note, fields=fields, now=now)
    return progress(code)


def address_key(address: str) -> str:
    """A client address as the rating guard keeps it: a keyed digest (it counts ratings, it names nobody)."""
    return hmac.new(settings.SECRET_KEY.encode(), f"rate:{address}".encode(), hashlib.sha256).hexdigest()[:32]
