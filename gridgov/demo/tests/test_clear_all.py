"""Rebuilding the demo starts from nothing: clear_all removes every row the demo's builders make (cases, cameras,
police posts, emergencies, scores, notifications …), and keeps only configuration."""

from __future__ import annotations

import pytest
from django.apps import apps

from gridgov.cases.tests.conftest import LEAF, POINT

pytestmark = pytest.mark.django_db

CONFIGURATION = {"cases.Category", "worktime.CalendarYear", "worktime.SpecialDay", "revisions.Revision",
                 "geo.Level", "emergencies.Plan", "emergencies.ScenarioTemplate", "assess.Template",
                 "volunteers.PointRules", "notify.Channel", "linkage.AlarmSource", "throttle.Counter",
                 "geo.GridRevision"}


def test_clear_all_leaves_only_configuration(town, report):
    from gridgov.demo.build import clear_all
    from gridgov.emergencies.actions import switch_on
    from gridgov.linkage.models import Camera

    report()
    Camera.objects.create(device_id="11010100001321000001", centre_code="11010100", industry="00", type_code="132",
                          network="1", serial="000001", name="村口", kind="traffic", lon=POINT[0], lat=POINT[1],
                          reported_lon=POINT[0], reported_lat=POINT[1], area_code=LEAF)
    switch_on(town.people.dispatcher, area_code="110101001", plan_code="flood", reason="演练")
    clear_all()
    left = {f"{m._meta.app_label}.{m.__name__}": m.objects.count() for m in apps.get_models()
            if m.__module__.startswith("gridgov.")}
    assert {label: n for label, n in left.items() if n and label not in CONFIGURATION} == {}
