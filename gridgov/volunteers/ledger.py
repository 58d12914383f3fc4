"""The one way to append to the points ledger: the member's row is locked, the balance read from the last entry,
an earning clipped to the balance cap; the entry carries the balance after it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from .models import LedgerEntry, Member, PointRules

ZERO = Decimal("0")


def balance_of(member: Member) -> Decimal:
    last = LedgerEntry.objects.filter(member=member).order_by("-pk").values_list("balance", flat=True).first()
    return last if last is not None else ZERO


def append(member: Member, kind: str, points: Decimal, reason: str, *, at: datetime, actor: Any,
           rules: PointRules, **links: Any) -> LedgerEntry:
    """Earn (``points`` > 0, clipped so that the balance stays within the cap) or spend (< 0). Inside the caller's
    transaction; the member's row lock keeps two appends from reading the same balance."""
    Member.objects.select_for_update().filter(pk=member.pk).exists()
    balance = balance_of(member)
    if points > 0:
        points = max(ZERO, min(points, rules.balance_cap - balance))
    return LedgerEntry.objects.create(member=member, at=at, kind=kind, points=points, balance=balance + points,
                                      reason=reason[:300], actor=actor if getattr(actor, "pk", None) else None,
                                      **links)
