"""A case's notifications: the case number as subject, its desk page as link, nothing personal.

Each is written inside the transaction of the action it tells about (``handlers``, ``report_case``, the scan), so it
exists exactly when the action did. Messages are kept in the official language, like the timeline's records.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from gridgov.geo.models import Area
from gridgov.notify.actions import notify
from gridgov.notify.citizens import text_citizen
from gridgov.notify.models import Kind as NoticeKind
from gridgov.org.models import Role, Staff, Unit

from .models import Case, Kind, Status

MESSAGES = {  # what a notification says, by its kind
    NoticeKind.NEW_TASK: _("%(number)s: verify the report on site"),
    NoticeKind.CHECK: _("%(number)s: the unit reports it done; check it on site"),
    NoticeKind.DISPATCHED: _("%(number)s was dispatched to %(unit)s"),
    NoticeKind.DEADLINE: _("%(number)s: the handling deadline %(due)s is near"),
    NoticeKind.OVERDUE: _("%(number)s is overdue"),
    NoticeKind.ESCALATED: _("%(number)s was escalated to %(unit)s"),
    NoticeKind.SUPERVISED: _("%(number)s: %(note)s"),
    NoticeKind.REPEAT: _("%(number)s repeats %(first)s"),
    NoticeKind.RATING: _("%(number)s was rated %(rating)s of 5"),
    "extension_approved": _("%(number)s: the extension %(extension)s was approved"),
    "extension_rejected": _("%(number)s: the extension %(extension)s was rejected"),
    "referred": _("%(number)s was referred to %(unit)s"),
}


def case_url(case: Case) -> str:
    return reverse("workbench:case", args=[case.pk])


def say(what: str, case: Case, **words: Any) -> str:
    """The message ``MESSAGES[what]`` about ``case``, in the official language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(MESSAGES[what]) % {"number": case.number, **words}


def notify_case(case: Case, kind: str, message: str, *, unit: Unit | None = None, user: Any = None,
                at: Any = None) -> None:
    """Notify a unit or a person about ``case`` (no-op when neither is known)."""
    if unit is None and user is None:
        return
    notify(kind, subject=case.number, url=case_url(case), message=message, unit=unit, user=user,
           object_type="case", object_id=case.pk, area_code=case.area_code, at=at)


def text_reporter(case: Case, event: str, at: Any) -> None:
    """The citizen's SMS at registration and closure, if they opted in (``notify.citizens``)."""
    text_citizen(case, event, at)
def grid_workers(case: Case) -> list[Any]:
    """Who goes to the case's place: the active grid workers of its grid, else the grid leaders of the nearest area
    above it that has any (a grid without a worker)."""
    codes = [step["code"] for step in reversed(case.area_path or [])] or [case.area_code]
    # the areas first, then their staff by area: joined in one statement, SQLite searched the staff by role (nearly
    # all of them are grid workers), 2.5 ms a case in the demo
    code_of = dict(Area.objects.filter(code__in=codes).values_list("pk", "code"))
    field = Staff.objects.filter(active=True, role__in=[Role.GRID_WORKER, Role.GRID_LEADER], area_id__in=code_of)
    found = list(field.select_related("user").only("user", "role", "area_id").order_by())
    workers = [s.user for s in found if s.role == Role.GRID_WORKER and code_of[s.area_id] == case.area_code]
    if workers:
        return workers
    for code in codes:
        if leaders := [s.user for s in found if s.role == Role.GRID_LEADER and code_of[s.area_id] == code]:
            return leaders
    return []


def to_grid(case: Case, kind: str, at: datetime) -> None:
    """A task on site for whoever works the case's grid, addressed to each of them."""
    for user in grid_workers(case):
        notify_case(case, kind, say(kind, case), user=user, at=at)


def on_report(case: Case, at: datetime) -> None:
    """A reported event nobody has seen on site yet: the grid worker is asked to verify it. Not for an alarm's case:
    the alarm itself tells the grid worker (kind ``alarm``, which quiet hours do not hold back), once is enough."""
    if case.kind == Kind.EVENT and case.status == Status.REPORTED and not case.verified and case.channel != "alarm":
        to_grid(case, NoticeKind.NEW_TASK, at)


def warn_deadline(pk: int, warn_at: datetime, now: datetime) -> bool:
    """The scan's "deadline approaching", written once per case and deadline: the warning moment is cleared by a
    conditional UPDATE, which only one scan (in any process) can win; a new deadline sets a new moment."""
    with transaction.atomic():
        if Case.objects.filter(pk=pk, deadline_warn_at=warn_at).update(deadline_warn_at=None) != 1:
            return False
        case = Case.objects.select_related("handling_unit", "owner_unit").get(pk=pk)
        if case.status not in (Status.DISPATCHED, Status.IN_PROGRESS) or not case.handle_due or case.overdue:
            return False
        due = f"{timezone.localtime(case.handle_due):%Y-%m-%d %H:%M}"
        notify_case(case, NoticeKind.DEADLINE, say(NoticeKind.DEADLINE, case, due=due),
                    unit=case.handling_unit or case.owner_unit, at=now)
    return True
