"""The one scoping idiom for reads: ``Model.objects.visible_to(user)``.

Everything located carries an area code, and codes extend their parent's code, so "inside my jurisdiction" is
"the code starts with one of my jurisdiction codes" — for a province or a city, with its significant digits (41,
4116: ``models.scope_prefix``), so a city sees every county of its own and a county only itself. Which codes a user
holds is decided by the organisation layer (``org``), which registers a provider at start-up; geo itself knows
nothing about people and never imports org.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from gridgov.partitions import county_of, is_county_code


@dataclass(frozen=True)
class Jurisdiction:
    """``everything`` for administrators; otherwise the area codes whose subtrees are visible."""

    codes: frozenset[str] = frozenset()
    everything: bool = False

    @property
    def prefixes(self) -> list[str]:
        """What the codes inside the jurisdiction start with (a city's 411600 → 4116)."""
        from .models import scope_prefix

        return sorted({scope_prefix(c) for c in self.codes})

    def covers(self, code: str) -> bool:
        return self.everything or any(code.startswith(p) for p in self.prefixes)

    def q(self, field: str, *, with_ancestors: bool = False) -> models.Q:
        """Rows whose area code lies in the jurisdiction; ``with_ancestors`` adds the areas above it (the units and
        levels that serve the jurisdiction), whose codes are prefixes of a jurisdiction code."""
        if self.everything:
            return models.Q()
        if not self.codes:
            return models.Q(pk__in=[])
        q = models.Q()
        for prefix in self.prefixes:
            q |= models.Q(**{f"{field}__startswith": prefix})
        if with_ancestors:
            q |= models.Q(**{f"{field}__in": sorted(ancestor_codes(self.codes))})
        return q


    def counties(self) -> frozenset[str] | None:
        """The counties that hold every row of the jurisdiction (the partitions a read needs, ``gridgov.partitions``);
        None when that is not one list of counties (everything, or a city's or province's code)."""
        if self.everything or not all(is_county_code(county_of(c)) for c in self.codes):
            return None
        return frozenset(county_of(c) for c in self.codes)


def ancestor_codes(codes: frozenset[str] | set[str]) -> set[str]:
    """The codes above each code: its county, city and province included."""
    from .models import codes_above

    return {up for code in codes for up in codes_above(code)}


NOBODY = Jurisdiction()
EVERYTHING = Jurisdiction(everything=True)
_provider: Callable[[Any], Jurisdiction] | None = None


def register_jurisdiction_provider(provider: Callable[[Any], Jurisdiction]) -> None:
    global _provider
    _provider = provider


def jurisdiction_of(user: Any) -> Jurisdiction:
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return NOBODY
    if getattr(user, "is_superuser", False):
        return EVERYTHING
    return _provider(user) if _provider else NOBODY


class ScopedQuerySet(models.QuerySet):
    """Subclasses name the path to the area code that places each row (``scope_field``)."""

    scope_field = "code"
    scope_with_ancestors = False

    def visible_to(self, user: Any) -> ScopedQuerySet:
        return self.filter(jurisdiction_of(user).q(self.scope_field, with_ancestors=self.scope_with_ancestors))
