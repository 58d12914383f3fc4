"""The grid card speaks the user's language: in Chinese it reads 综治中心, not "Governance centre" (a fuzzy catalogue
entry, which gettext ignores, left it in English)."""

from __future__ import annotations

import pytest
from django.utils import translation

from gridgov.cases.tests.conftest import LEAF
from gridgov.command import cards
from gridgov.org.models import Staff, Unit

pytestmark = pytest.mark.django_db


def test_the_grid_card_prints_chinese_in_the_chinese_ui(town, monkeypatch):
    Unit.objects.filter(pk=town.units.town.pk).update(phone="010-12345678")
    Staff.objects.update(name="王五")  # the fixture's names carry Latin user names
    drawn: list[str] = []
    original = cards.ImageDraw.ImageDraw.text
    monkeypatch.setattr(cards.ImageDraw.ImageDraw, "text",
                        lambda self, xy, text, *a, **kw: drawn.append(text) or original(self, xy, text, *a, **kw))
    with translation.override("zh-hans"):
        cards.draw_card(town.areas[LEAF])
    assert "综治中心 010-12345678" in drawn and "网格公示牌" in drawn
    assert not [t for t in drawn if any("a" <= ch.lower() <= "z" for ch in t)], drawn
