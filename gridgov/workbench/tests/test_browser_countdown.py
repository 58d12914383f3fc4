"""Deadline countdowns in the Chinese desk read in Chinese ("剩余 3小时20分钟", "已超期 2天5小时"), not "15m left"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from gridgov.cases.actions import take_action
from gridgov.cases.tests.conftest import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_desk_counts_down_in_chinese(town, report, open_page):
    case = report(now=at(2026, 11, 23, 9, 0)).case
    take_action(town.people.dispatcher, case.pk, "register", now=at(2026, 11, 23, 9, 5))
    page = open_page(town.people.dispatcher.username)
    page.goto(page.url_of("/desk/?view=all"))
    countdown = page.locator("time.countdown").first
    expect(countdown).to_have_attribute("title", re.compile(r".+"))  # not ``wait_for_function``: the CSP refuses eval
    text = countdown.text_content()
    assert re.fullmatch(r"(剩余|已超期) (\d+天)?(\d+小时)?(\d+分钟)?", text), text
