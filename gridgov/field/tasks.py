"""What a task asks of the grid worker, in a few words, and the actions the phone's case page offers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gridgov.cases.models import Case, Status

ASKS = {  # by the case's status: what the worker (or the grid leader's station) is asked to do
    Status.REPORTED: _("Verify on site"),
    Status.FEEDBACK: _("Check the result on site"),
    Status.DISPATCHED: _("Accept and handle"),
    Status.IN_PROGRESS: _("Handle and report back"),
}
# the actions a phone offers, the most likely first; the desk page has every other one
PHONE_ACTIONS = ("check", "verify", "accept", "submit_feedback", "comment")


def ask(case: Case) -> str:
    return str(ASKS.get(case.status, case.get_status_display()))
