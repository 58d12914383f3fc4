"""The citizen's view of a case by its tracking code: progress in plain words, rating and reopening (no login)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .actions import NotFound, take_action
from .models import Case, Status

PLAIN = {
    "report": "您的反映已收到", "self_handle": "网格员已现场解决", "register": "已受理立案",
    "dispatch": "已派给{unit}办理", "accept": "承办单位已签收", "return": "正在重新派单",
    "escalate": "已提级至{unit}办理", "submit_feedback": "承办单位已处理完毕", "check": "已现场核查",
    "rework": "核查未通过，正在返工", "close": "已办结", "reopen": "已重新办理", "rate": "您已评价",
    "suspend": "暂缓办理（等待相关程序）", "resume": "恢复办理", "merge": "已与同一问题合并办理",
    "void": "经核实不予受理", "approve_extension": "办理期限已延长", "overdue": "办理已超期，已督促",
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
            steps.append({"at": timezone.localtime(e.at), "text": PLAIN[e.action].format(unit=e.data.get("unit_name",
                                                                                                          ""))})
    limit = outcome.closed_at and timezone.now() <= outcome.closed_at + timedelta(days=settings.GRIDGOV_REOPEN_DAYS)
    return {"number": outcome.number, "status": outcome.status, "status_label": str(Status(outcome.status).label),
            "category": outcome.category.name, "created_at": timezone.localtime(case.created_at),
            "closed_at": timezone.localtime(outcome.closed_at) if outcome.closed_at else None,
            "rating": outcome.rating, "can_rate": outcome.status == Status.CLOSED and outcome.rating is None,
            "can_reopen": bool(outcome.status == Status.CLOSED and limit), "progress": steps}




def citizen_action(code: str, action: str, note: str = "", **fields: Any) -> dict[str, Any]:
    """``rate`` or ``reopen`` by whoever holds the tracking code; applied to the case that carries the outcome."""
    _case, outcome = tracked(code)
    take_action(None, outcome.pk, action, note=note, fields=fields)
    return progress(code)
