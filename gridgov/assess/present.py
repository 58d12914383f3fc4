"""What the pages, the API, the exports and the command show of scores: the events behind each item, resolved to
something a person reads (a case number with a link, a patrol's time and length, a training's course), and the work
ledger of a worker, day by day."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from gridgov.cases.kpis import local_day
from gridgov.cases.models import Case, TimelineEntry
from gridgov.cases.rules import ACTION_LABELS
from gridgov.disputes.models import Screening
from gridgov.field.models import Patrol
from gridgov.org.models import Staff

from .facts import FACTS, month_bounds, month_days
from .models import Adjustment, Score, Training


def number(text: str | None) -> float | None:
    return None if text is None else float(Decimal(text))


def command_json(scores: list[Score]) -> list[dict[str, Any]]:
    """The command's answer: a list of workers with their score and items (``events``: how many recorded facts)."""
    return [{"username": s.worker.user.get_username(), "area_code": s.area_code, "score": float(s.total),
             "version": s.version, "items": [{"code": i["code"], "score": number(i["score"]), "max": number(i["max"]),
                                              "events": len(i["events"])} for i in s.items]}
            for s in sorted(scores, key=lambda s: (s.area_code, s.worker_id))]


def item_label(item: dict[str, Any]) -> str:
    if item["code"] == "bonus":
        return _("bonus (capped)")
    if item["code"] == "penalty":
        return _("penalties")
    return str(item.get("name") or item["code"])


def measure_text(item: dict[str, Any]) -> str:
    """"12 of 20", "31.5 h", "3": what the item measured."""
    kind = FACTS.get(item.get("fact", ""), ("", "count"))[1]
    if item.get("of") is not None:
        return _("%(n)s of %(of)s") % {"n": item["n"], "of": item["of"]}
    return f"{item['n']} h" if kind == "hours" else str(item["n"])


def when(x: Any) -> str:
    """A moment as the district reads it ("10-12 09:00"), a day as "10-12"."""
    if isinstance(x, datetime):
        return timezone.localtime(x).strftime("%m-%d %H:%M")
    return x.strftime("%m-%d") if isinstance(x, date) else ""


def resolve(refs: list[str]) -> dict[str, dict[str, Any]]:
    """``{"case:12": {"text", "url", "at"}}`` for the given references, read in one query per kind."""
    by_kind: dict[str, set[int]] = defaultdict(set)
    for r in refs:
        kind, _sep, pk = r.partition(":")
        by_kind[kind].add(int(pk))
    out: dict[str, dict[str, Any]] = {}
    for c in Case.objects.filter(pk__in=by_kind["case"]).select_related("category"):
        out[f"case:{c.pk}"] = {"text": f"{c.number} · {c.category.name} · {c.get_status_display()}",
                               "url": f"/desk/cases/{c.pk}/", "at": when(c.created_at)}
    for e in TimelineEntry.objects.filter(pk__in=by_kind["entry"]).select_related("case"):
        out[f"entry:{e.pk}"] = {"text": f"{e.case.number} · {ACTION_LABELS.get(e.action, e.action)}",
                                "url": f"/desk/cases/{e.case_id}/", "at": when(e.at)}
    for p in Patrol.objects.filter(pk__in=by_kind["patrol"]):
        minutes = int((p.ended_at - p.started_at).total_seconds() // 60)
        out[f"patrol:{p.pk}"] = {"text": _("patrol, %(min)d min, %(m)d m") % {"min": minutes, "m": p.length_m},
                                 "url": "", "at": when(p.started_at)}
    for s in Screening.objects.filter(pk__in=by_kind["screening"]):
        out[f"screening:{s.pk}"] = {"text": _("dispute screening: found") if s.found else
                                    _("dispute screening: nothing found"), "url": "", "at": when(s.day)}
    for t in Training.objects.filter(pk__in=by_kind["training"]):
        out[f"training:{t.pk}"] = {"text": _("training: %(course)s, %(h)s h") % {"course": t.course, "h": t.hours},
                                   "url": "", "at": when(t.day)}
    for a in Adjustment.objects.filter(pk__in=by_kind["adjustment"]):
        out[f"adjustment:{a.pk}"] = {"text": f"{a.get_kind_display()} {a.points}: {a.reason}", "url": "",
                                     "at": when(a.entered_at)}
    return out


def score_view(score: Score) -> list[dict[str, Any]]:
    """The score's items with their events resolved, for a page."""
    names = resolve([r for i in score.items for r in i["events"]])
    return [{"code": i["code"], "label": item_label(i), "group": i.get("group", ""), "score": i["score"],
             "max": i["max"], "measure": measure_text(i),
             "means": FACTS[i["fact"]][0] if i.get("fact") in FACTS else "",
             "events": [names.get(r, {"text": r, "url": "", "at": None}) | {"ref": r} for r in i["events"]]}
            for i in score.items]


def ledger(worker: Staff, month: date) -> list[tuple[date, list[dict[str, Any]]]]:
    """The worker's month, day by day: their actions on cases (the timeline), patrols, screenings, trainings."""
    start, end = month_bounds(month)
    days = set(month_days(month))
    rows: list[dict[str, Any]] = []
    for e in (TimelineEntry.objects.filter(actor=worker.user, at__gte=start, at__lt=end)
              .select_related("case").order_by("at", "id")):
        rows.append({"at": e.at, "what": ACTION_LABELS.get(e.action, e.action), "detail": e.case.number,
                     "url": f"/desk/cases/{e.case_id}/"})
    for p in Patrol.objects.filter(worker=worker, started_at__gte=start, started_at__lt=end).order_by("started_at"):
        minutes = int((p.ended_at - p.started_at).total_seconds() // 60)
        rows.append({"at": p.started_at, "what": _("Patrol"),
                     "detail": _("%(min)d min, %(m)d m") % {"min": minutes, "m": p.length_m}, "url": ""})
    for s in Screening.objects.filter(worker=worker, day__in=days):
        rows.append({"at": s.day, "what": _("Dispute screening"),
                     "detail": _("dispute found") if s.found else _("nothing found"), "url": ""})
    for t in Training.objects.filter(worker=worker, day__in=days):
        rows.append({"at": t.day, "what": _("Training"), "detail": f"{t.course} ({t.hours} h)", "url": ""})
    by_day: dict[date, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        moment = isinstance(r["at"], datetime)
        r["time"] = timezone.localtime(r["at"]).strftime("%H:%M") if moment else ""
        by_day[local_day(r["at"]) if moment else r["at"]].append(r)
    return sorted(by_day.items())
