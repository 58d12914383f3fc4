"""The back office: every assessment table has its page; the system administrator edits templates, and saving an
edit of a published template makes its next version while scores keep the version they were computed with."""

from __future__ import annotations

import json

import pytest
from django.apps import apps

from gridgov.assess.actions import compute_month
from gridgov.assess.models import Score, Template
from gridgov.assess.tests.conftest import OCTOBER

pytestmark = pytest.mark.django_db


def test_every_assessment_table_has_its_back_office_page(client, django_user_model, town):
    client.force_login(django_user_model.objects.create_superuser("root", password="a-long-password-1"))
    for m in apps.get_app_config("assess").get_models():
        assert client.get(f"/admin/assess/{m._meta.model_name}/").status_code == 200, m


def test_the_system_administrator_edits_a_published_template_into_its_next_version(client, town, october):
    compute_month(OCTOBER)
    t = Template.objects.get(code="town-100", version=1)
    client.force_login(town.people.admin)
    form = {"code": t.code, "name": t.name, "status": "published", "area_code": "", "bonus_cap": "8",
            "items": json.dumps(t.items, ensure_ascii=False), "eligibility": json.dumps(t.eligibility), "note": ""}
    bad = client.post(f"/admin/assess/template/{t.pk}/change/", form | {"items": json.dumps([{"code": "x"}])})
    assert bad.status_code == 200 and Template.objects.filter(code="town-100").count() == 1
    assert client.post(f"/admin/assess/template/{t.pk}/change/", form).status_code == 302
    versions = dict(Template.objects.filter(code="town-100").values_list("version", "status"))
    assert versions == {1: "retired", 2: "published"}
    assert {s.template.version for s in Score.objects.all()} == {1}
    assert Template.objects.get(code="town-100", version=2).bonus_cap == 8
    client.force_login(town.people.dispatcher)
    assert client.post(f"/admin/assess/template/{t.pk}/change/", form).status_code in (302, 403)
    assert Template.objects.filter(code="town-100").count() == 2
