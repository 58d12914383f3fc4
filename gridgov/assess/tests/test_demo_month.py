"""The demo's assessment: a simulated October gives every grid worker a score and one gold medal, in seconds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from gridgov.assess.models import Nomination, Score
from gridgov.cases.tests.conftest import at

pytestmark = pytest.mark.django_db


def test_a_simulated_month_gives_scores_that_trace_to_events_and_one_gold_medal():
    from gridgov.assess import demo
    from gridgov.assess.actions import compute_month
    from gridgov.demo.build import build_demo
    from gridgov.demo.simulate import Simulation
    from gridgov.org.models import Staff

    build_demo("460108", seed=2, data_dir=Path(settings.DATA_DIR), log=lambda _: None)
    Simulation(days=36, per_day=25, seed=3, end=date(2026, 10, 31)).run()
    out = demo.build(log=print, now=at(2026, 11, 2, 9, 0))
    medal = Nomination.objects.get(status="approved")
    assert out["gold_medal"] == medal.worker.user.username
    scores = list(Score.objects.filter(month=date(2026, 10, 1), current=True).order_by("pk"))
    assert len(scores) == Staff.objects.filter(role="grid_worker", active=True).count()
    assert sum(len(i["events"]) for s in scores for i in s.items) > 1000
    again = {s.pk: (s.total, s.items) for s in compute_month(date(2026, 10, 1), now=at(2026, 11, 3, 9, 0))}
    assert again == {s.pk: (s.total, s.items) for s in scores}
