"""Other apps' reactions to a case action, run inside the action's transaction once its timeline entry is written
(the police app informs the village liaison of a public-security clue and reports a 110 transfer back to the police
station when the case closes). Apps register at start-up; the engine never imports them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Hook = Callable[[str, Any], None]  # (action name, the action's context: case, actor, staff, now, data, note)
_hooks: list[Hook] = []


def register(hook: Hook) -> Hook:
    if hook not in _hooks:
        _hooks.append(hook)
    return hook


def after_action(action: str, ctx: Any) -> None:
    for hook in _hooks:
        hook(action, ctx)
