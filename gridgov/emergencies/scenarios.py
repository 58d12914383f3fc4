"""A scenario's after-action report: what was reported inside it and how its tasks went (read only)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from gridgov.cases.models import Case, Status

from .models import Scenario


def after_action(s: Scenario, reader: Any) -> dict[str, Any]:
    cases = list(Case.objects.visible_to(reader).filter(pk__in=s.tagged.values("case_id"))
                 .select_related("category").order_by("created_at"))
    tasks = list(s.tasks.all())
    done = [t for t in tasks if t.done_at]
    return {
        "cases": len(cases), "closed": sum(c.status == Status.CLOSED for c in cases),
        "by_category": Counter(c.category.name for c in cases).most_common(),
        "case_list": cases[:100],
        "tasks": len(tasks), "done": len(done), "on_time": sum(t.done_at <= t.due_at for t in done),
    }
