"""A case's notifications: the case number as subject, its desk page as link, nothing personal."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gridgov.notify.actions import notify
from gridgov.notify.citizens import text_citizen
from gridgov.org.models import Unit

from .models import Case


def case_url(case: Case) -> str:
    return reverse("workbench:case", args=[case.pk])


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
