"""The demo's simulated history: real actions only, so the rollups equal a rebuild from the timelines."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from gridgov.cases import kpis
from gridgov.cases.models import Case, KpiRollup, TimelineEntry
from gridgov.demo.build import build_demo
from gridgov.demo.simulate import Simulation

pytestmark = pytest.mark.django_db


def test_simulated_days_go_through_every_step_and_the_figures_are_reproducible(capsys):
    build_demo("460108", seed=2, data_dir=Path(settings.DATA_DIR), log=lambda _: None)
    counts = Simulation(days=6, per_day=25, seed=3, end=date(2026, 11, 20)).run()
    assert counts["reported"] > 60 and counts["close"] > 30
    for action in ("register", "dispatch", "accept", "submit_feedback", "check", "close", "rate", "return"):
        assert counts.get(action, 0) > 0, action
    assert not any(k.startswith("refused") for k in counts), counts
    assert Case.objects.filter(self_handled=True).exists()
    assert TimelineEntry.objects.filter(action="overdue").exists() or counts.get("overdue", 0) == 0
    before = sorted(KpiRollup.objects.exclude(value=0).values_list("scope", "day", "metric", "value"))
    call_command("kpis", rebuild=True)
    assert sorted(KpiRollup.objects.exclude(value=0).values_list("scope", "day", "metric", "value")) == before
    figures = kpis.compute("area:460108", date(2026, 11, 1), date(2026, 11, 30))
    assert figures["satisfaction_rate"]["denominator"] > 0
    assert 0.5 < (figures["accurate_dispatch_rate"]["value"] or 0) <= 1


def test_scan_command_runs_as_of_a_given_time(capsys):
    call_command("scan", at="2026-11-24T16:00:00")
    assert capsys.readouterr().out.strip() == '{"overdue": 0, "escalated": 0}'
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not an ISO"):
        call_command("scan", at="yesterday")


def test_the_shipped_catalogue_is_loaded_and_bad_catalogues_are_refused(capsys):
    from gridgov.cases.catalogue import import_categories
    from gridgov.cases.models import Category

    assert Category.objects.filter(code="0102", active=True).exists()
    bad = {"categories": [{"code": "9901", "name": "x", "routing": {"3": "department:nowhere"},
                           "deadlines": {"normal": {"handle": "soon"}}}]}
    result = import_categories(bad)
    assert result["imported"] == 0 and len(result["errors"]["9901"]) == 2
    assert not Category.objects.filter(code="9901").exists()
