"""What comes next for a case, in one sentence for the page shown after an action: who has the case now and by when
(in Asia/Shanghai time), from its status (``cases.queries.waiting_for`` decides whose inbox it is in)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gridgov.cases.models import Case, Status
from gridgov.cases.queries import DUE_FIELD

WHO = {  # who acts next, by status (the handling unit is named where one holds the case)
    Status.REPORTED: gettext_lazy("the desk registers it (the grid worker may verify it on site)"),
    Status.REGISTERED: gettext_lazy("the dispatcher sends it to a unit"),
    Status.FEEDBACK: gettext_lazy("the grid worker checks the result on site"),
    Status.CHECK_FAILED: gettext_lazy("the dispatcher sends it back for rework"),
    Status.CHECKED: gettext_lazy("the desk closes it"),
    Status.SUSPENDED: gettext_lazy("the dispatcher resumes it"),
}


def shanghai(at: datetime) -> str:
    return timezone.localtime(at, timezone.get_default_timezone()).strftime("%Y-%m-%d %H:%M")


def next_step(case: Case) -> str:
    if case.status not in (*WHO, Status.DISPATCHED, Status.IN_PROGRESS):
        return _("The case is %(status)s: nothing more to do.") % {"status": case.get_status_display()}
    unit = case.handling_unit.name if case.handling_unit else "—"
    if case.status == Status.DISPATCHED:
        who = _("%(unit)s accepts it and handles it") % {"unit": unit}
    elif case.status == Status.IN_PROGRESS:
        who = _("%(unit)s handles it") % {"unit": unit}
    else:
        who = str(WHO[case.status])
    due = getattr(case, DUE_FIELD[case.status]) if case.status in DUE_FIELD else None
    if due is None:
        return _("Next: %(who)s.") % {"who": who}
    return _("Next: %(who)s, by %(due)s (Beijing time).") % {"who": who, "due": shanghai(due)}
