"""``{% gold_medals area %}``: the approved gold medals under an area (the dashboard's card), read through the
reader's scope."""

from __future__ import annotations

from typing import Any

from django import template

from gridgov.assess.models import Nomination
from gridgov.geo.models import scope_prefix

register = template.Library()


@register.inclusion_tag("assess/_gold_medals.html", takes_context=True)
def gold_medals(context: dict[str, Any], area: Any) -> dict[str, Any]:
    user = context["request"].user
    inside = scope_prefix(area.code)
    medals = (Nomination.objects.visible_to(user).filter(status="approved", area_code__startswith=inside)
              .select_related("worker", "score").order_by("-month", "area_code")[:12])
    return {"medals": list(medals)}
