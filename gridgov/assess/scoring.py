"""A template applied to a month's facts: each item's score from its measure, the bonus (capped) and the penalties,
the total and the gold medal's eligibility. Pure arithmetic on ``Decimal``: the same facts give the same score.

An item is ``{"code", "name", "group", "max", "fact", "rule", …}`` with one of the rules:
  target ... ``max × min(1, n / target)``; ``target`` a number, or ``per_working_day`` × the month's working days
  rate ..... ``max × min(1, (n / of) / full_at)`` (``full_at`` 1 unless given: coverage 0.95 scores full marks);
             nothing to divide (``of`` = 0): ``if_none`` "full" (default) or "zero"
  deduct ... ``max(0, max − n × per)``: rework, overdue
Scores are rounded half up to 0.1 point.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from .facts import FACTS, ZERO, Measure, MonthFacts

TENTH = Decimal("0.1")
RULES = ("target", "rate", "deduct")
ELIGIBILITY_LABELS = {"min_score": _("score below the minimum"),
                      "min_patrol_coverage": _("patrol coverage below the minimum"),
                      "no_confirmed_complaint": _("a confirmed complaint"),
                      "min_active_days": _("too few days in the work ledger")}
ELIGIBILITY = ("min_score", "min_patrol_coverage", "no_confirmed_complaint", "min_active_days", "nominate_from_top")


def tenth(x: Decimal) -> Decimal:
    return x.quantize(TENTH, rounding=ROUND_HALF_UP)


def template_problems(items: Any, eligibility: Any) -> list[str]:
    """What is wrong with a template's items and eligibility rules (empty: nothing)."""
    if not isinstance(items, list) or not items:
        return ["items: a non-empty list"]
    out, codes = [], set()
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            out.append(f"item {i + 1}: an object")
            continue
        code = item.get("code")
        if not isinstance(code, str) or not code or code in codes or code in ("bonus", "penalty"):
            out.append(f"item {i + 1}: a unique code (not bonus or penalty)")
        codes.add(code)
        if item.get("fact") not in FACTS:
            out.append(f"item {code}: fact is one of {', '.join(FACTS)}")
        if item.get("rule") not in RULES:
            out.append(f"item {code}: rule is one of {', '.join(RULES)}")
        if not _positive(item.get("max")):
            out.append(f"item {code}: max is a positive number")
        if item.get("rule") == "target" and not (_positive(item.get("target"))
                                                 or _positive(item.get("per_working_day"))):
            out.append(f"item {code}: a target rule needs target or per_working_day")
        if item.get("rule") == "deduct" and not _positive(item.get("per")):
            out.append(f"item {code}: a deduct rule needs per (points per event)")
    if not isinstance(eligibility, dict) or set(eligibility) - set(ELIGIBILITY):
        out.append(f"eligibility: an object with some of {', '.join(ELIGIBILITY)}")
    return out


def _positive(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and v > 0


def item_score(item: dict[str, Any], m: Measure, working_days: int) -> Decimal:
    top = Decimal(str(item["max"]))
    rule = item["rule"]
    if rule == "target":
        target = (Decimal(str(item["target"])) if item.get("target")
                  else Decimal(str(item["per_working_day"])) * working_days)
        return tenth(top * min(Decimal(1), m.n / target)) if target > 0 else top
    if rule == "rate":
        if not m.of:
            return top if item.get("if_none", "full") == "full" else ZERO
        full_at = Decimal(str(item.get("full_at", 1)))
        return tenth(top * min(Decimal(1), m.n / m.of / full_at))
    return tenth(max(ZERO, top - m.n * Decimal(str(item["per"]))))


def _number(x: Decimal | None) -> str | None:
    return None if x is None else format(x.normalize(), "f")


def score_worker(template: Any, mf: MonthFacts, worker: Any, adjustments: list[Any]) -> dict[str, Any]:
    """``{"total", "items", "eligible", "ineligible_because"}`` for one worker; ``adjustments`` their approved
    bonuses and penalties of the month."""
    items = []
    for item in template.items:
        m = mf.measure(item["fact"], worker)
        items.append({"code": item["code"], "name": item.get("name", item["code"]), "group": item.get("group", ""),
                      "fact": item["fact"], "rule": item["rule"], "max": _number(Decimal(str(item["max"]))),
                      "score": _number(item_score(item, m, len(mf.working_days))),
                      "n": _number(m.n), "of": _number(m.of), "events": m.events})
    bonus = [a for a in adjustments if a.kind == "bonus"]
    penalty = [a for a in adjustments if a.kind == "penalty"]
    cap = Decimal(template.bonus_cap)
    bonus_sum = min(cap, sum((a.points for a in bonus), ZERO))
    penalty_sum = sum((a.points for a in penalty), ZERO)
    items.append({"code": "bonus", "name": "bonus", "group": "bonus", "fact": "", "rule": "cap", "max": _number(cap),
                  "score": _number(bonus_sum), "n": _number(sum((a.points for a in bonus), ZERO)), "of": None,
                  "events": [f"adjustment:{a.pk}" for a in bonus]})
    items.append({"code": "penalty", "name": "penalty", "group": "penalty", "fact": "", "rule": "sum", "max": "0",
                  "score": _number(-penalty_sum), "n": _number(penalty_sum), "of": None,
                  "events": [f"adjustment:{a.pk}" for a in penalty]})
    total = max(ZERO, sum((Decimal(i["score"]) for i in items), ZERO))
    return {"total": tenth(total), "items": items,
            "ineligible_because": ineligible(template.eligibility, total, mf, worker, penalty)}


def ineligible(rules: dict[str, Any], total: Decimal, mf: MonthFacts, worker: Any, penalty: list[Any]) -> list[str]:
    """The gold medal's rules this month's record does not meet (codes; empty: eligible)."""
    out = []
    if "min_score" in rules and total < Decimal(str(rules["min_score"])):
        out.append("min_score")
    if "min_patrol_coverage" in rules:
        m = mf.patrol_coverage(worker)
        if not m.of or m.n / m.of < Decimal(str(rules["min_patrol_coverage"])):
            out.append("min_patrol_coverage")
    if rules.get("no_confirmed_complaint") and any(a.complaint for a in penalty):
        out.append("no_confirmed_complaint")
    if "min_active_days" in rules and len(mf.active_days(worker)) < int(rules["min_active_days"]):
        out.append("min_active_days")
    return out
