"""axe-core (npm, served from our own static files like the other front-end packages) in the browser tests: the
WCAG 2 A and AA rules (colour contrast among them) run on a page; every violation is returned, one line each."""

from __future__ import annotations

from typing import Any

AXE = "/static/vendor/axe-core/axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page: Any) -> list[str]:
    """Each WCAG 2 A/AA violation on ``page`` as ``rule: element — what fails``; [] when the page passes."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.add_script_tag(url=page.url_of(AXE))  # same origin: the pages' CSP ('self' scripts only) allows it
    result = page.evaluate("""(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                         resultTypes: ['violations']})""", RULES)
    return [f"{v['id']}: {' '.join(map(str, n['target']))} — {n.get('failureSummary', '').strip()}"
            for v in result["violations"] for n in v["nodes"]]
