"""Kind-specific panels on the case page: a kind's app registers a function that returns the template and context
of its panel (the dispute's parties and mediation chain, the petition's counters and repeats). The case page asks
here, so the workbench never imports the kinds' apps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Panel = Callable[[Any, Any], tuple[str, dict[str, Any]]]  # (request, case) -> (template, context)
_panels: dict[str, Panel] = {}


def register_panel(kind: str, panel: Panel) -> None:
    _panels[kind] = panel


def panel_for(request: Any, case: Any) -> tuple[str, dict[str, Any]] | None:
    panel = _panels.get(case.kind)
    return panel(request, case) if panel else None
