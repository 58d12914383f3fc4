"""One way for the pages to say why a form was not saved: the fields a schema refused and why, or the reason an
action refused, in words a person can act on."""

from __future__ import annotations

from pydantic import ValidationError

from .actions import ActionError


def why_not(exc: ValidationError | ActionError) -> str:
    if isinstance(exc, ActionError):
        return exc.message
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
