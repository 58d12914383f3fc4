"""The newer apps' API refusals answer in the request's language: in Chinese for zh-hans, like the rest of the API."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.mark.parametrize(("method", "path", "status", "message"), [
    ("post", "/api/v1/notifications/999999/read", 404, "您的通知中没有这一条"),
    ("get", "/api/v1/assess/scores/999999", 404, "您的辖区内没有这条考核得分"),
    ("get", "/api/v1/emergencies/999999", 404, "您的辖区内没有这个应急事件"),
    ("get", "/api/v1/police/coverage?minutes=5,99", 400, "请给出 1 至 6 个分钟数，每个在 1 到 60 之间，如 1,3,5"),
    ("get", "/api/v1/police/coverage?minutes=5&speed_kmh=5&area=999", 404, "您的辖区内没有该区域"),
])
def test_refusals_of_the_newer_apps_come_back_in_chinese(client, town, method, path, status, message):
    client.force_login(town.people.dispatcher)
    answer = getattr(client, method)(path, **ZH)
    assert answer.status_code == status and answer.json()["detail"] == message
    assert getattr(client, method)(path, HTTP_ACCEPT_LANGUAGE="en").json()["detail"] != message  # English asked
